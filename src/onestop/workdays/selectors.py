"""Reads of the working calendar: the calendar of a unit and the deadlines computed on it.

The calendar and working hours are public data, so these reads take no acting user.
"""

from datetime import datetime, timedelta

from django.db.models import QuerySet

from onestop.organizations.models import AdministrativeUnit
from onestop.workdays.constants import DEFAULT_PERIODS
from onestop.workdays.deadlines import TimeLimit, WorkingCalendar
from onestop.workdays.models import CalendarEntry, WorkingHours, WorkingPeriod
from onestop.workdays.validators import Period


def calendar_entries(*, year: int | None = None) -> QuerySet[CalendarEntry]:
    entries = CalendarEntry.objects.all()
    if year is not None:
        entries = entries.filter(date__year=year)
    return entries.order_by("date")


def working_hours_own(*, unit: AdministrativeUnit | None) -> WorkingHours | None:
    """The hours configured for exactly ``unit`` (``None``: the system default row), if any."""
    if unit is None:
        return WorkingHours.objects.filter(unit__isnull=True).first()
    return WorkingHours.objects.filter(unit=unit).first()


def working_periods_for_unit(*, unit: AdministrativeUnit | None = None) -> tuple[Period, ...]:
    """The unit's own periods, else its nearest ancestor's, else the system default, else 07:30-17:00."""
    seen: set[int] = set()
    current = unit
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        own = _periods(WorkingPeriod.objects.filter(hours__unit=current))
        if own:
            return own
        current = current.parent
    return _periods(WorkingPeriod.objects.filter(hours__unit__isnull=True)) or DEFAULT_PERIODS


def _periods(periods: QuerySet[WorkingPeriod]) -> tuple[Period, ...]:
    return tuple(periods.order_by("start").values_list("start", "end"))


def calendar_for_unit(*, unit: AdministrativeUnit | None = None) -> WorkingCalendar:
    """Load the calendar once; compute any number of deadlines on the result without the database."""
    entries = dict(CalendarEntry.objects.values_list("date", "kind"))
    return WorkingCalendar(entries=entries, periods=working_periods_for_unit(unit=unit))


def counted_receipt_at(*, received_at: datetime, unit: AdministrativeUnit | None = None) -> datetime:
    return calendar_for_unit(unit=unit).counted_receipt(received_at)


def due_at(
    *, received_at: datetime, limit: TimeLimit | str, unit: AdministrativeUnit | None = None
) -> datetime:
    """When a dossier received at ``received_at`` with ``limit`` is due, on ``unit``'s calendar."""
    if isinstance(limit, str):
        limit = TimeLimit.parse(limit)  # refuse bad text before touching the database
    return calendar_for_unit(unit=unit).due_at(received_at, limit)


def working_time_between(
    *, start: datetime, end: datetime, unit: AdministrativeUnit | None = None
) -> timedelta:
    return calendar_for_unit(unit=unit).working_time_between(start, end)
