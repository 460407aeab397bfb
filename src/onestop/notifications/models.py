"""Deliveries of notices to people, one row per message and channel, each with its delivery state."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onestop.core.models import OutboxMessage


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED_TEMPORARY = "failed_temporary", _("Failed, will retry")
    FAILED_PERMANENT = "failed_permanent", _("Failed permanently")


class ChannelName(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class Preference(models.Model):
    """Which channels a person wants notices on (both by default)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField(_("by e-mail"), default=True)
    sms = models.BooleanField(_("by SMS"), default=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="vi")

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)


class Delivery(models.Model):
    outbox = models.ForeignKey(OutboxMessage, on_delete=models.PROTECT, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=10, choices=ChannelName.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    state = models.CharField(
        _("delivery state"), max_length=20, choices=DeliveryState.choices, default=DeliveryState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    provider_reference = models.CharField(_("provider reference"), max_length=100, blank=True, db_index=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="delivery_due")]
        constraints = [
            models.UniqueConstraint(fields=["outbox", "channel"], name="delivery_once_per_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient}: {self.state}"
