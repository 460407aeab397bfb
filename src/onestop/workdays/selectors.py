"""Reads of the working calendar: the calendar of a unit and the deadlines computed on it.

The calendar and working hours are public data, so these reads take no acting user.
"""

from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db.models import QuerySet

from onestop.core.cache_versions import cache_version, cache_version_bump
from onestop.organizations.models import AdministrativeUnit
from onestop.workdays.constants import DEFAULT_PERIODS
from onestop.workdays.deadlines import TimeLimit, WorkingCalendar
from onestop.workdays.models import CalendarEntry, WorkingHours, WorkingPeriod
from onestop.workdays.validators import Period

CALENDAR_VERSION_KEY = "workdays:calendar-version"
CALENDAR_CACHE_SECONDS = 60


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
    key = f"workdays:periods:{calendar_version()}:{unit.pk if unit else '-'}"
    periods: tuple[Period, ...] | None = cache.get(key)
    if periods is None:
        periods = _periods_for_unit(unit)
        cache.set(key, periods, CALENDAR_CACHE_SECONDS)
    return periods


def _periods_for_unit(unit: AdministrativeUnit | None) -> tuple[Period, ...]:
    # The walk up the tree reads only the parents the caller did not load with the unit.
    loaded = {unit.pk: unit} if unit is not None else {}

    def parent(unit_id: int) -> int | None:
        above = loaded[unit_id].parent
        if above is None:
            return None
        loaded[above.pk] = above
        return above.pk

    return UnitPeriods().of(unit.pk if unit is not None else None, parent)


def _own_periods() -> dict[int | None, tuple[Period, ...]]:
    """Every configured unit's periods (``None``: the system default row), cached like the calendar."""
    key = f"workdays:own-periods:{calendar_version()}"
    own: dict[int | None, tuple[Period, ...]] | None = cache.get(key)
    if own is None:
        rows: dict[int | None, list[Period]] = {}
        for unit_id, start, end in WorkingPeriod.objects.order_by("start").values_list(
            "hours__unit_id", "start", "end"
        ):
            rows.setdefault(unit_id, []).append((start, end))
        own = {unit_id: tuple(periods) for unit_id, periods in rows.items()}
        cache.set(key, own, CALENDAR_CACHE_SECONDS)
    return own


class UnitPeriods:
    """Every unit's own working periods, read at once (the units with hours of their own are few): the
    rule of ``working_periods_for_unit`` for one unit or an import's thousands of communes."""

    def __init__(self) -> None:
        self._own = dict(_own_periods())
        self._default = self._own.pop(None, ()) or DEFAULT_PERIODS

    def of(self, unit_id: int | None, parent: Callable[[int], int | None]) -> tuple[Period, ...]:
        """The same rule as ``working_periods_for_unit``; ``parent`` gives a unit's parent id."""
        seen: set[int] = set()
        current = unit_id
        while current is not None and current not in seen:
            seen.add(current)
            if current in self._own:
                return self._own[current]
            current = parent(current)
        return self._default


def calendar_day_kinds() -> dict[date, str]:
    """Every calendar entry as {day: kind}."""
    key = f"workdays:entries:{calendar_version()}"
    entries: dict[date, str] | None = cache.get(key)
    if entries is None:
        entries = dict(CalendarEntry.objects.values_list("date", "kind"))
        cache.set(key, entries, CALENDAR_CACHE_SECONDS)
    return entries


def calendar_for_unit(*, unit: AdministrativeUnit | None = None) -> WorkingCalendar:
    """Load the calendar once; compute any number of deadlines on the result without the database.

    Every deadline and every dossier event reads the calendar, which changes a few times a year: it is
    cached for a minute and dropped at once in the process that edits it (``calendar_changed``).
    """
    return WorkingCalendar(entries=calendar_day_kinds(), periods=working_periods_for_unit(unit=unit))


def calendar_version() -> int:
    return cache_version(CALENDAR_VERSION_KEY)


def calendar_changed() -> None:
    """Forget the cached calendars (called whenever days, hours or periods are written)."""
    cache_version_bump(CALENDAR_VERSION_KEY)


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
