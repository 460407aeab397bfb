"""Cross-cutting records: the append-only, hash-chained audit log."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One append-only audit row; rows of one subject form a hash chain (see core.services)."""

    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80)
    subject_type = models.CharField(_("subject type"), max_length=80)
    subject_id = models.CharField(_("subject id"), max_length=64)
    sequence = models.PositiveIntegerField(_("sequence"))
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["subject_type", "subject_id", "sequence"]
        constraints = [
            # A concurrent second writer on the same chain fails instead of forking it.
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "sequence"], name="audit_unique_chain_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_type}:{self.subject_id}#{self.sequence} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("Audit events are append-only")


class OutboxMessage(models.Model):
    """A message to the outside world, written in the transaction of the change that caused it.

    Delivery (by background tasks, with retries) moves it through its states; nothing is sent from a request.
    """

    class DeliveryState(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        DELIVERED = "delivered", _("Delivered")
        FAILED_TEMPORARY = "failed_temporary", _("Failed, will retry")
        FAILED_PERMANENT = "failed_permanent", _("Failed permanently")

    topic = models.CharField(_("topic"), max_length=40, db_index=True)
    key = models.CharField(_("key"), max_length=80, db_index=True, help_text=_("e.g. the dossier code"))
    payload = models.JSONField(_("payload"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    state = models.CharField(
        _("delivery state"), max_length=20, choices=DeliveryState.choices, default="queued"
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [models.Index(fields=["state", "created_at"], name="outbox_pending")]

    def __str__(self) -> str:
        return f"{self.topic}:{self.key}"


class IdempotentRequest(models.Model):
    """The first answer to a request carrying an Idempotency-Key; a retry gets the same answer."""

    key = models.CharField(_("idempotency key"), max_length=100)
    owner = models.CharField(_("owner"), max_length=100, help_text=_("The user or API client that sent it."))
    endpoint = models.CharField(_("endpoint"), max_length=200)
    request_hash = models.CharField(_("request hash"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("status code"))
    response = models.JSONField(_("response"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotent request")
        verbose_name_plural = _("idempotent requests")
        constraints = [
            models.UniqueConstraint(fields=["owner", "endpoint", "key"], name="idempotent_request_unique")
        ]

    def __str__(self) -> str:
        return f"{self.owner} {self.endpoint} {self.key}"
