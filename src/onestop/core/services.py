"""Writes of the core app: appending audit events."""

import json
from typing import Any

from django.db import models
from django.utils import timezone

from onestop.core.hashing import GENESIS_HASH, event_digest
from onestop.core.models import AuditEvent, OutboxMessage
from onestop.core.prepared import PreparedQuery

# Every audited write reads the end of its subject's chain: compiled once (see ``PreparedQuery``).
_LAST_EVENT = PreparedQuery(
    lambda subject_type, subject_id: (
        AuditEvent.objects.filter(subject_type=subject_type, subject_id=subject_id)
        .order_by("-sequence")
        .only("sequence", "hash")[:1]
    ),
    "\x00subject-type",
    "\x00subject-id",
)


def audit_record(
    *,
    actor: Any,
    action: str,
    subject: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    created: bool = False,
) -> AuditEvent:
    """Append an audit row for ``subject``, chained to the subject's previous row.

    Call inside the service's transaction, so the row exists exactly when the change does. ``created``:
    the subject was made in this transaction, so the row is its first (the chain's uniqueness holds it).
    """
    subject_type = subject._meta.label_lower
    subject_id = str(subject.pk)
    last = None if created else next(iter(_LAST_EVENT.run(subject_type, subject_id)), None)
    event = AuditEvent(
        occurred_at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        sequence=(last.sequence + 1) if last else 1,
        before=before,
        after=after,
        previous_hash=last.hash if last else GENESIS_HASH,
    )
    # Round-trip JSON so the hash covers exactly what the database stores.
    event.before = json.loads(json.dumps(before, default=str)) if before is not None else None
    event.after = json.loads(json.dumps(after, default=str)) if after is not None else None
    event.hash = event_digest(event)
    event.save()
    return event


def outbox_write(*, topic: str, key: str, payload: dict[str, Any]) -> OutboxMessage:
    """Queue a message for delivery; call inside the transaction of the change that causes it."""
    return OutboxMessage.objects.create(
        topic=topic, key=key, payload=json.loads(json.dumps(payload, default=str))
    )
