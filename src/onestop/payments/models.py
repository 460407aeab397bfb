"""Fee payments of dossiers: requests, their explicit states, every gateway callback, refunds."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onestop.catalog.constants import FeeCollection


class PaymentState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PENDING = "pending", _("Pending at the gateway")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")
    REFUNDED = "refunded", _("Refunded")


class PaymentMethod(models.TextChoices):
    ONLINE = "online", _("Online payment")
    CASH = "cash", _("Cash at the desk")
    TRANSFER = "transfer", _("Bank transfer")
    POST = "post", _("Through the post office")


class OnlineChannel(models.IntegerChoices):
    """DuocThanhToanTrucTuyen."""

    NOT_ONLINE = 0, _("Not paid online")
    NATIONAL = 1, _("Paid on the national portal")
    PROVINCIAL = 2, _("Paid through a provincial gateway")


def new_reference() -> str:
    # The gateway's vnp_TxnRef: letters and digits only, unique per merchant.
    return secrets.token_hex(8).upper()


class Payment(models.Model):
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="payments")
    reference = models.CharField(_("reference"), max_length=32, unique=True, default=new_reference)
    stage = models.CharField(_("collected"), max_length=12, choices=FeeCollection.choices)
    lines = models.JSONField(_("fee lines"), default=list)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    state = models.CharField(
        _("state"), max_length=10, choices=PaymentState.choices, default=PaymentState.REQUESTED
    )
    method = models.CharField(_("method"), max_length=10, choices=PaymentMethod.choices, blank=True)
    gateway = models.CharField(_("gateway"), max_length=30, blank=True)
    online_channel = models.PositiveSmallIntegerField(
        _("paid online"), choices=OnlineChannel.choices, default=OnlineChannel.NOT_ONLINE
    )
    gateway_transaction = models.CharField(_("gateway transaction"), max_length=64, blank=True)
    bank_code = models.CharField(_("bank"), max_length=30, blank=True)
    desk_reference = models.CharField(_("slip or transfer reference"), max_length=100, blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("sent to the gateway at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=30, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-requested_at"]
        constraints = [
            # One open request per dossier and stage: a retried request never charges twice.
            models.UniqueConstraint(
                fields=["dossier", "stage"],
                condition=~models.Q(state__in=["failed", "expired"]),
                name="payment_one_open_per_stage",
            )
        ]

    def __str__(self) -> str:
        return self.reference


class PaymentEvent(models.Model):
    """Every message about a payment, accepted or refused: the evidence for reconciliation and disputes."""

    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(max_length=20)  # ipn | return | query | desk | reconcile | refund
    payload = models.JSONField(default=dict)
    accepted = models.BooleanField(default=False)
    outcome = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.outcome}"


class Refund(models.Model):
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="refund")
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    reason = models.CharField(_("reason"), max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")

    def __str__(self) -> str:
        return self.payment.reference
