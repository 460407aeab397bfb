"""Deadline arithmetic on the working calendar: pure, in memory, no database access.

Build a :class:`WorkingCalendar` with ``selectors.calendar_for_unit`` (one load from the database), then
compute as many deadlines as needed. All datetimes in and out are timezone-aware; results are in
Asia/Ho_Chi_Minh.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Self
from zoneinfo import ZoneInfo

from django.utils.translation import gettext

from onestop.core.text import nfc
from onestop.workdays.constants import (
    DEFAULT_PERIODS,
    RECEIPT_CUTOFF,
    TZ,
    Completion,
    EntryKind,
    LimitUnit,
)
from onestop.workdays.validators import Period, validate_periods

# Guards against typing mistakes (and endless loops) far beyond any real procedure's limit.
MAX_LIMIT_VALUE = {LimitUnit.WORKING_DAYS: 1000, LimitUnit.WORKING_HOURS: 8000}

_ONE_DAY = timedelta(days=1)
_LIMIT_PATTERNS = (
    (re.compile(r"([0-9]{1,6}) working days?", re.ASCII), LimitUnit.WORKING_DAYS),
    (re.compile(r"([0-9]{1,6}) working hours?", re.ASCII), LimitUnit.WORKING_HOURS),
    (re.compile(r"([0-9]{1,6}) ngày làm việc"), LimitUnit.WORKING_DAYS),
    (re.compile(r"([0-9]{1,6}) giờ làm việc"), LimitUnit.WORKING_HOURS),
)
_SAME_DAY_TEXTS = frozenset({"same day", "trong ngày"})


def _aware(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
            gettext("%(what)s must be timezone-aware, got %(value)s.") % {"what": what, "value": moment}
        )
    return moment


@dataclass(frozen=True)
class TimeLimit:
    """A procedure's time limit: N working days, N working hours, or the same day (value 0)."""

    value: int
    unit: LimitUnit

    def __post_init__(self) -> None:
        # Accept the plain string value too ("working_days"), e.g. from a database column.
        object.__setattr__(self, "unit", LimitUnit(self.unit))
        if self.unit == LimitUnit.SAME_DAY:
            if self.value != 0:
                raise ValueError(gettext("A same-day limit has no number."))
            return
        maximum = MAX_LIMIT_VALUE[self.unit]
        if not 1 <= self.value <= maximum:
            raise ValueError(
                gettext("A time limit must be between 1 and %(maximum)d %(unit)s, not %(value)d.")
                % {"maximum": maximum, "unit": self.unit.label, "value": self.value}
            )

    @classmethod
    def parse(cls, text: str) -> Self:
        """Read "3 working days", "8 working hours", "same day" or "3 ngày làm việc", "8 giờ làm việc",
        "trong ngày"; anything else raises ValueError."""
        normalised = " ".join(nfc(text).lower().split())
        if normalised in _SAME_DAY_TEXTS:
            return cls(0, LimitUnit.SAME_DAY)
        for pattern, unit in _LIMIT_PATTERNS:
            match = pattern.fullmatch(normalised)
            if match:
                return cls(int(match.group(1)), unit)
        raise ValueError(
            gettext(
                'Cannot read the time limit "%(text)s": write e.g. "3 working days", "8 working hours", '
                '"same day", "3 ngày làm việc", "8 giờ làm việc" or "trong ngày".'
            )
            % {"text": text}
        )

    def __str__(self) -> str:
        if self.unit == LimitUnit.SAME_DAY:
            return "same day"
        noun = "day" if self.unit == LimitUnit.WORKING_DAYS else "hour"
        return f"{self.value} working {noun}{'' if self.value == 1 else 's'}"


def classify_completion(finished_at: datetime, due_at: datetime, *, tz: ZoneInfo = TZ) -> Completion:
    """Early if finished on a calendar day before the due day, on time by the due time, else late."""
    finished = _aware(finished_at, "finished_at").astimezone(tz)
    due = _aware(due_at, "due_at").astimezone(tz)
    if finished > due:
        return Completion.LATE
    if finished.date() < due.date():
        return Completion.EARLY
    return Completion.ON_TIME


class WorkingCalendar:
    """Working days and hours of one unit, with the deadline rules (domain.md, "Time limits and the working
    calendar"): the 15:00 cut-off, counting from the next working period, and the end of the last day."""

    def __init__(
        self,
        *,
        entries: Mapping[date, str],
        periods: Iterable[Period] = DEFAULT_PERIODS,
        cutoff: time = RECEIPT_CUTOFF,
        tz: ZoneInfo = TZ,
    ) -> None:
        self._entries = dict(entries)
        self.periods = validate_periods(periods)
        self.cutoff = cutoff
        self.tz = tz
        # Working time before each day from ``_origin`` on, filled as spans ask (see ``_position``).
        self._origin = date.min
        self._cumulative: list[timedelta] = []
        # The periods as microseconds of the day: positions are read millions of times by the import,
        # and wall-clock differences in one zone are what subtracting aware datetimes of it gives.
        self._period_us = tuple((_day_us(start), _day_us(end)) for start, end in self.periods)
        self._working_day_length = timedelta(microseconds=sum(end - start for start, end in self._period_us))

    # Days -------------------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        kind = self._entries.get(day)
        if kind == EntryKind.WORKING_DAY:
            return True
        if kind in (EntryKind.HOLIDAY, EntryKind.DAY_OFF):
            return False
        return day.weekday() < 5

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        day += _ONE_DAY
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th working day strictly after ``day``."""
        for _ in range(count):
            day = self.next_working_day(day)
        return day

    def day_start(self, day: date) -> datetime:
        return datetime.combine(day, self.periods[0][0], tzinfo=self.tz)

    def day_end(self, day: date) -> datetime:
        return datetime.combine(day, self.periods[-1][1], tzinfo=self.tz)

    def _periods_on(self, day: date) -> list[tuple[datetime, datetime]]:
        return [
            (datetime.combine(day, start, tzinfo=self.tz), datetime.combine(day, end, tzinfo=self.tz))
            for start, end in self.periods
        ]

    # Moments ----------------------------------------------------------------------------------------

    def _local(self, moment: datetime, what: str) -> datetime:
        return _aware(moment, what).astimezone(self.tz)

    def in_working_hours(self, moment: datetime) -> bool:
        """True when ``moment`` lies in a working period of a working day, both ends included."""
        local = self._local(moment, "moment")
        if not self.is_working_day(local.date()):
            return False
        return any(start <= local <= end for start, end in self._periods_on(local.date()))

    def counted_receipt(self, received_at: datetime) -> datetime:
        """The moment from which a dossier received at ``received_at`` counts.

        Strictly after the cut-off on a working day: the start of the next working day. Otherwise inside a
        working period: the moment itself; outside one: the start of the next working period.
        """
        local = self._local(received_at, "received_at")
        day = local.date()
        if self.is_working_day(day) and local.time() <= self.cutoff:
            for start, end in self._periods_on(day):
                if local < start:
                    return start
                if local < end:
                    return local
        # A non-working day, after the cut-off or after the last period.
        return self.day_start(self.next_working_day(day))

    def add_working_time(self, start: datetime, duration: timedelta) -> datetime:
        """The moment when ``duration`` of working time has passed after ``start``.

        Landing exactly on the end of a period gives that end (11:30, not 13:00).
        """
        cursor = self._local(start, "start")
        remaining = duration
        day = cursor.date()
        while True:
            if self.is_working_day(day):
                for period_start, period_end in self._periods_on(day):
                    if period_end <= cursor:
                        continue
                    begin = max(period_start, cursor)
                    available = period_end - begin
                    if remaining <= available:
                        return begin + remaining
                    remaining -= available
            day += _ONE_DAY

    def due_at(self, received_at: datetime, limit: TimeLimit | str) -> datetime:
        """When a dossier received at ``received_at`` with time limit ``limit`` is due."""
        if isinstance(limit, str):
            limit = TimeLimit.parse(limit)
        counted = self.counted_receipt(received_at)
        if limit.unit == LimitUnit.WORKING_DAYS:
            return self.day_end(self.add_working_days(counted.date(), limit.value))
        if limit.unit == LimitUnit.WORKING_HOURS:
            return self.add_working_time(counted, timedelta(hours=limit.value))
        return self.day_end(counted.date())

    def last_working_moment(self, before: datetime) -> datetime:
        """The last moment of working time at or before ``before`` (``before`` itself when it is one)."""
        local = self._local(before, "before")
        day = local.date()
        for _day in range(400):  # no calendar has a year without a working day
            if self.is_working_day(day):
                for start, end in reversed(self._periods_on(day)):
                    if start <= local:
                        return min(end, local)
            day -= _ONE_DAY
            local = datetime.combine(day, time.max, tzinfo=self.tz)
        return before

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time inside [start, end]; zero when ``end`` is not after ``start``."""
        first = self._local(start, "start")
        last = self._local(end, "end")
        if last <= first:
            return timedelta(0)
        # The earlier end first: only a day before the cached origin moves the origin, and then both
        # positions must be read from the moved one.
        before = self._position(first)
        return self._position(last) - before

    def _position(self, local: datetime) -> timedelta:
        """Working time from the start of the calendar's first counted day up to ``local``.

        The working time before each day is summed once and kept, so differences of positions answer any
        number of spans without walking their days again (the history import asks millions).
        """
        day = local.date()
        before = self._before_day(day)
        if not self.is_working_day(day):
            return before
        moment = _day_us(local.time())
        within = 0
        for start, end in self._period_us:
            if moment <= start:
                break
            within += min(end, moment) - start
        return before + timedelta(microseconds=within)

    def _before_day(self, day: date) -> timedelta:
        if not self._cumulative:
            self._origin = day
            self._cumulative = [timedelta(0)]
        if day < self._origin:
            # Extend backwards: prepend the days between the new day and the old origin.
            prefix = [timedelta(0)]
            cursor = day
            while cursor < self._origin:
                prefix.append(prefix[-1] + self._day_length(cursor))
                cursor += _ONE_DAY
            shift = prefix.pop()
            self._cumulative = prefix + [value + shift for value in self._cumulative]
            self._origin = day
        index = (day - self._origin).days
        while len(self._cumulative) <= index:
            last_day = self._origin + timedelta(days=len(self._cumulative) - 1)
            self._cumulative.append(self._cumulative[-1] + self._day_length(last_day))
        return self._cumulative[index]

    def _day_length(self, day: date) -> timedelta:
        return self._working_day_length if self.is_working_day(day) else timedelta(0)


def _day_us(moment: time) -> int:
    return ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1_000_000 + moment.microsecond
