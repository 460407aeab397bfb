"""The hash chain of audit events."""

import hashlib
import json
from datetime import UTC

from onestop.core.models import AuditEvent

GENESIS_HASH = "0" * 64


def event_digest(event: AuditEvent) -> str:
    """SHA-256 over the previous hash and the event's canonical JSON."""
    payload = {
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat(),
        "actor": event.actor_id,
        "action": event.action,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "sequence": event.sequence,
        "before": event.before,
        "after": event.after,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(f"{event.previous_hash}|{canonical}".encode()).hexdigest()
