"""Reads of payments, always through the dossier they belong to."""

from typing import Any

from django.db.models import QuerySet

from onestop.payments.models import Payment, PaymentState

OPEN = (PaymentState.REQUESTED, PaymentState.PENDING)


def unpaid(dossier: Any) -> QuerySet[Payment]:
    return Payment.objects.filter(dossier=dossier, state__in=OPEN)


def payments_of(dossier: Any) -> QuerySet[Payment]:
    return Payment.objects.filter(dossier=dossier).order_by("requested_at")


def payment_by_reference(reference: str) -> Payment | None:
    return Payment.objects.filter(reference=reference).select_related("dossier").first()
