"""Reads of the core app."""

from django.db import models

from onestop.core.hashing import GENESIS_HASH, event_digest
from onestop.core.models import AuditEvent


def audit_chain_is_intact(*, subject: models.Model) -> bool:
    """True when the subject's audit rows are complete and unaltered."""
    previous = GENESIS_HASH
    events = AuditEvent.objects.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk))
    for expected_sequence, event in enumerate(events.order_by("sequence"), start=1):
        if event.sequence != expected_sequence or event.previous_hash != previous:
            return False
        if event_digest(event) != event.hash:
            return False
        previous = event.hash
    return True
