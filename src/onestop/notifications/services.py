"""Writes of notifications: fan notices and codes out to channels, send them with retries, record receipts."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from onestop.accounts.models import User
from onestop.core.models import OutboxMessage
from onestop.notifications.channels import CHANNELS, PermanentFailureError, TemporaryFailureError
from onestop.notifications.models import ChannelName, Delivery, DeliveryState, Preference

NOTICE_TOPIC = "applicant_notice"
CODE_TOPIC = "account_code"  # a one-time code a person asked for (accounts.services)
REDACTED = "[redacted]"
RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 30, 120)]  # then the failure is permanent


@dataclass(frozen=True)
class SendReport:
    delivered: int
    retrying: int
    failed: int


def _local(moment: str | None) -> str:
    if not moment:
        return ""
    return timezone.localtime(datetime.fromisoformat(moment)).strftime("%H:%M %d/%m/%Y")


def _preference(account_id: int | None) -> Preference:
    user = User.objects.filter(pk=account_id).first() if account_id else None
    if user is None:
        return Preference(email=True, sms=True, language="vi")
    return Preference.objects.filter(user=user).first() or Preference(user=user)


Recipients = dict[str, str]  # channel → address
Addressing = Callable[[dict[str, Any], Preference], tuple[Recipients, dict[str, Any]]]


def _notice(payload: dict[str, Any], preference: Preference) -> tuple[Recipients, dict[str, Any]]:
    """An applicant notice goes to the channels the person chose."""
    recipients: Recipients = {
        ChannelName.EMAIL: (payload.get("email") or "") if preference.email else "",
        ChannelName.SMS: (payload.get("phone") or "") if preference.sms else "",
    }
    context = {
        **payload,
        "state_label": payload.get("state_labels", {}).get(preference.language, payload.get("state")),
        "due_at": _local(payload.get("due_at")),
        "tracking_url": settings.ONESTOP_PUBLIC_URL.rstrip("/") + payload.get("tracking_path", "/"),
    }
    return recipients, context


def _account_code(payload: dict[str, Any], preference: Preference) -> tuple[Recipients, dict[str, Any]]:
    """A one-time code goes where it was asked for, whatever the person's notice channels."""
    return {payload["channel"]: payload["recipient"]}, payload


# topic → who gets what, and the prefix of its templates notifications/{prefix}{subject,email,sms}.txt
def _to_recipient(payload: dict[str, Any], preference: Preference) -> tuple[Recipients, dict[str, Any]]:
    """A staff report (e.g. a payment mismatch) goes by e-mail to the address it names."""
    return {ChannelName.EMAIL: payload["recipient"]}, payload


TOPICS: dict[str, tuple[Addressing, str]] = {
    NOTICE_TOPIC: (_notice, ""),
    CODE_TOPIC: (_account_code, "code_"),
    "payment_mismatch": (_to_recipient, "mismatch_"),
}


@transaction.atomic
def notices_fan_out() -> int:
    """Turn queued notices and account codes into one delivery per channel (in the person's language)."""
    created = 0
    for message in OutboxMessage.objects.select_for_update().filter(
        topic__in=TOPICS, state=OutboxMessage.DeliveryState.QUEUED
    ):
        addressing, prefix = TOPICS[message.topic]
        payload = message.payload
        preference = _preference(payload.get("account"))
        recipients, context = addressing(payload, preference)
        with translation.override(preference.language):
            for channel, recipient in recipients.items():
                if not recipient:
                    continue
                channel_context = {**context, "channel": channel}
                Delivery.objects.get_or_create(
                    outbox=message,
                    channel=channel,
                    defaults={
                        "recipient": recipient,
                        "subject": render_to_string(
                            f"notifications/{prefix}subject.txt", channel_context
                        ).strip(),
                        "body": render_to_string(
                            f"notifications/{prefix}{channel}.txt", channel_context
                        ).strip(),
                    },
                )
                created += 1
        message.state = OutboxMessage.DeliveryState.DELIVERED
        if message.topic == CODE_TOPIC:
            # From here on the code lives only in the delivery, which forgets it once sent.
            message.payload = {**payload, "code": REDACTED}
        message.save(update_fields=["state", "payload"])
    return created


def _claim(now: datetime, limit: int) -> list[Delivery]:
    """Mark due deliveries as sending in a short transaction, so two workers never send the same one."""
    with transaction.atomic():
        due = Delivery.objects.filter(
            Q(state=DeliveryState.QUEUED) | Q(state=DeliveryState.FAILED_TEMPORARY, next_attempt_at__lte=now)
        ).order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        claimed = list(due[:limit])
        Delivery.objects.filter(pk__in=[d.pk for d in claimed]).update(state=DeliveryState.SENDING)
    return claimed


def deliveries_send(*, now: datetime | None = None, limit: int = 100) -> SendReport:
    """Send what is due; temporary failures retry with growing delays, then fail permanently."""
    now = now or timezone.now()
    delivered = retrying = failed = 0
    for delivery in _claim(now, limit):
        delivery.attempts += 1
        try:
            reference = CHANNELS[delivery.channel].send(
                recipient=delivery.recipient,
                subject=delivery.subject,
                body=delivery.body,
                reference=f"d{delivery.pk}",
            )
        except TemporaryFailureError as error:
            delivery.last_error = str(error)[:1000]
            if delivery.attempts > len(RETRY_DELAYS):
                delivery.state = DeliveryState.FAILED_PERMANENT
                failed += 1
            else:
                delivery.state = DeliveryState.FAILED_TEMPORARY
                delivery.next_attempt_at = now + RETRY_DELAYS[delivery.attempts - 1]
                retrying += 1
        except PermanentFailureError as error:
            delivery.last_error = str(error)[:1000]
            delivery.state = DeliveryState.FAILED_PERMANENT
            failed += 1
        else:
            # E-mail is delivered once the server accepts it; SMS waits for the gateway's receipt.
            delivery.provider_reference = reference
            delivery.state = (
                DeliveryState.DELIVERED if delivery.channel == ChannelName.EMAIL else DeliveryState.SENDING
            )
            delivered += 1
        if delivery.state != DeliveryState.FAILED_TEMPORARY and delivery.outbox.topic == CODE_TOPIC:
            delivery.body = REDACTED  # nobody needs a used one-time code again
        delivery.save()
    return SendReport(delivered=delivered, retrying=retrying, failed=failed)


@transaction.atomic
def sms_receipt_record(*, reference: str, status: str) -> Delivery | None:
    """A delivery receipt from the SMS gateway; unknown references are ignored."""
    delivery = (
        Delivery.objects.select_for_update()
        .filter(channel=ChannelName.SMS, provider_reference=reference)
        .first()
    )
    if delivery is None:
        return None
    delivery.state = DeliveryState.DELIVERED if status == "delivered" else DeliveryState.FAILED_PERMANENT
    if status != "delivered":
        delivery.last_error = f"gateway receipt: {status}"[:1000]
    delivery.save(update_fields=["state", "last_error", "updated_at"])
    return delivery


def preference_save(*, user: User, email: bool, sms: bool, language: str) -> Preference:
    preference, _created = Preference.objects.update_or_create(
        user=user, defaults={"email": email, "sms": sms, "language": language}
    )
    return preference
