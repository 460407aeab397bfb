"""Reads of payments, always through the dossier they belong to."""

from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from onestop.payments.models import OnlineChannel, Payment, PaymentState

OPEN = (PaymentState.REQUESTED, PaymentState.PENDING)


def unpaid(dossier: Any) -> QuerySet[Payment]:
    return Payment.objects.filter(dossier=dossier, state__in=OPEN)


def payment_summary(dossier: Any) -> tuple[bool, int]:
    """Whether a fee is still due, and the online channel of the fees paid (0: none online), in one read."""
    summary = Payment.objects.filter(dossier=dossier).aggregate(
        due=Count("pk", filter=Q(state__in=OPEN)),
        channel=Max("online_channel", filter=Q(state=PaymentState.PAID)),
    )
    return bool(summary["due"]), summary["channel"] or OnlineChannel.NOT_ONLINE


def payments_of(dossier: Any) -> QuerySet[Payment]:
    return Payment.objects.filter(dossier=dossier).order_by("requested_at")


def receipt_readable_by(*, user: Any, reference: str) -> Payment | None:
    """A paid fee whose receipt ``user`` may read: the applicant, or staff whose units hold the dossier."""
    from onestop.dossiers.selectors import dossiers_visible_to  # dossiers import this module

    payment = (
        Payment.objects.filter(reference=reference)
        .exclude(receipt_number="")
        .select_related("dossier")
        .first()
    )
    if payment is None:
        return None
    if payment.dossier.applicant_id == getattr(user, "pk", None):
        return payment
    if user.is_authenticated and dossiers_visible_to(user=user).filter(pk=payment.dossier_id).exists():
        return payment
    return None


def payment_by_reference(reference: str) -> Payment | None:
    return Payment.objects.filter(reference=reference).select_related("dossier").first()
