"""The periodic deadline job: flag open dossiers due within one working day, and late ones."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from onestop.core.services import outbox_write
from onestop.dossiers.constants import DeadlineFlag
from onestop.dossiers.models import Dossier
from onestop.workdays.selectors import calendar_for_unit

ONE_WORKING_DAY = timedelta(hours=8)


@dataclass(frozen=True)
class FlagReport:
    due_soon: int
    late: int
    cleared: int


@transaction.atomic
def deadlines_flag(*, now: datetime | None = None) -> FlagReport:
    """Update every open dossier's flag; a dossier that newly turns late alerts its desk (outbox)."""
    now = now or timezone.now()
    horizon = calendar_for_unit().add_working_time(now, ONE_WORKING_DAY)
    open_dossiers = Dossier.objects.filter(
        finished_at__isnull=True, due_at__isnull=False, paused_at__isnull=True
    )
    newly_late = list(
        open_dossiers.filter(due_at__lt=now)
        .exclude(deadline_flag=DeadlineFlag.LATE)
        .values_list("code", "desk_id")
    )
    late = open_dossiers.filter(due_at__lt=now).update(deadline_flag=DeadlineFlag.LATE)
    due_soon = open_dossiers.filter(due_at__gte=now, due_at__lte=horizon).update(
        deadline_flag=DeadlineFlag.DUE_SOON
    )
    cleared = (
        Dossier.objects.exclude(deadline_flag="")
        .exclude(pk__in=open_dossiers.filter(due_at__lte=horizon).values("pk"))
        .update(deadline_flag="")
    )
    for code, desk_id in newly_late:
        outbox_write(topic="staff_alert", key=code, payload={"event": "late", "code": code, "desk": desk_id})
    return FlagReport(due_soon=due_soon, late=late, cleared=cleared)
