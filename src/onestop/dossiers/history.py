"""The per-dossier hash chain of history rows."""

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from django.utils import timezone

from onestop.core.prepared import PreparedQuery
from onestop.dossiers.models import Dossier, DossierHistory

GENESIS = "0" * 64


def _utc(moment: datetime | None) -> str | None:
    # The database returns times in UTC whatever zone they were written in; hash what it gives back.
    return moment.astimezone(UTC).isoformat() if moment else None


def history_digest(row: DossierHistory) -> str:
    payload = {
        "dossier": row.dossier_id,
        "sequence": row.sequence,
        "occurred_at": _utc(row.occurred_at),
        "actor": row.actor_id,
        "post": row.post_id,
        "action": row.action,
        "from": row.from_state,
        "to": row.to_state,
        "step": row.step_position,
        "step_due_at": _utc(row.step_due_at),
        "note": row.note,
        "before": row.before,
        "after": row.after,
        "files": row.files,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{row.previous_hash}|{canonical}".encode()).hexdigest()


# Every event of every dossier reads the end of its chain: compiled once (see ``PreparedQuery``).
_LAST_ROW = PreparedQuery(
    lambda dossier_id: (
        DossierHistory.objects.filter(dossier_id=dossier_id)
        .order_by("-sequence")
        .only("sequence", "hash")[:1]
    ),
    -7_305_123_456_791,
)


def history_append(
    *,
    dossier: Dossier,
    actor: Any,
    post_id: int | None,
    action: str,
    from_state: str,
    note: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    files: list[dict[str, Any]] | None = None,
) -> DossierHistory:
    """Append a row; the caller holds the dossier's row lock, so the chain cannot fork."""
    last = next(iter(_LAST_ROW.run(dossier.pk)), None)
    row = DossierHistory(
        dossier=dossier,
        sequence=(last.sequence + 1) if last else 1,
        occurred_at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        post_id=post_id,
        action=action,
        from_state=from_state,
        to_state=dossier.state,
        step_position=dossier.step_position,
        step_due_at=dossier.step_due_at,
        note=note,
        before=json.loads(json.dumps(before, default=str)) if before is not None else None,
        after=json.loads(json.dumps(after, default=str)) if after is not None else None,
        files=files or [],
        previous_hash=last.hash if last else GENESIS,
    )
    row.hash = history_digest(row)
    row.save()
    return row


def history_is_intact(*, dossier: Dossier) -> bool:
    previous = GENESIS
    for expected, row in enumerate(
        DossierHistory.objects.filter(dossier=dossier).order_by("sequence"), start=1
    ):
        if row.sequence != expected or row.previous_hash != previous or history_digest(row) != row.hash:
            return False
        previous = row.hash
    return True
