"""Properties of the deadline arithmetic over 2024-2027, on the seeded calendar."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop.workdays.constants import LimitUnit
from onestop.workdays.deadlines import TimeLimit, WorkingCalendar
from onestop.workdays.tests.utils import at

pytestmark = pytest.mark.django_db

START = at(2024, 1, 1)
SPAN_SECONDS = int((at(2028, 1, 1) - START).total_seconds())

moments = st.builds(
    lambda seconds, micro: START + timedelta(seconds=seconds, microseconds=micro),
    st.integers(0, SPAN_SECONDS),
    st.sampled_from([0, 0, 0, 1, 999_999]),
)
limits = st.one_of(
    st.integers(1, 30).map(lambda n: TimeLimit(n, LimitUnit.WORKING_DAYS)),
    st.integers(1, 60).map(lambda n: TimeLimit(n, LimitUnit.WORKING_HOURS)),
    st.just(TimeLimit(0, LimitUnit.SAME_DAY)),
)
checks = settings(max_examples=200, deadline=None)


def test_due_time_is_within_working_hours_of_a_working_day(calendar: WorkingCalendar) -> None:
    @checks
    @given(received=moments, limit=limits)
    def check(received: datetime, limit: TimeLimit) -> None:
        due = calendar.due_at(received, limit)
        assert due > received
        assert calendar.in_working_hours(due)
        assert calendar.is_working_day(due.date())

    check()


def test_counted_receipt_is_a_working_moment_not_before_the_receipt(calendar: WorkingCalendar) -> None:
    @checks
    @given(received=moments)
    def check(received: datetime) -> None:
        counted = calendar.counted_receipt(received)
        assert counted >= received
        assert calendar.in_working_hours(counted)
        if calendar.working_time_between(received, counted) > timedelta(0):
            # Working time is skipped only for a receipt after the cut-off.
            assert received.astimezone(calendar.tz).time() > calendar.cutoff

    check()


def test_a_later_receipt_never_gives_an_earlier_due_time(calendar: WorkingCalendar) -> None:
    @checks
    @given(first=moments, delay=st.integers(0, 10 * 24 * 3600), limit=limits)
    def check(first: datetime, delay: int, limit: TimeLimit) -> None:
        later = first + timedelta(seconds=delay)
        assert calendar.due_at(first, limit) <= calendar.due_at(later, limit)

    check()


def test_working_time_is_additive(calendar: WorkingCalendar) -> None:
    @checks
    @given(a=moments, gaps=st.tuples(st.integers(0, 40 * 24 * 3600), st.integers(0, 40 * 24 * 3600)))
    def check(a: datetime, gaps: tuple[int, int]) -> None:
        b = a + timedelta(seconds=gaps[0])
        c = b + timedelta(seconds=gaps[1])
        between = calendar.working_time_between
        assert between(a, b) + between(b, c) == between(a, c)

    check()


def test_an_hours_limit_spends_exactly_that_working_time(calendar: WorkingCalendar) -> None:
    @checks
    @given(received=moments, hours=st.integers(1, 60))
    def check(received: datetime, hours: int) -> None:
        counted = calendar.counted_receipt(received)
        due = calendar.due_at(received, TimeLimit(hours, LimitUnit.WORKING_HOURS))
        assert calendar.working_time_between(counted, due) == timedelta(hours=hours)

    check()


def test_a_days_limit_ends_at_closing_time_n_working_days_later(calendar: WorkingCalendar) -> None:
    @checks
    @given(received=moments, days=st.integers(1, 30))
    def check(received: datetime, days: int) -> None:
        counted_day = calendar.counted_receipt(received).date()
        due = calendar.due_at(received, TimeLimit(days, LimitUnit.WORKING_DAYS))
        assert due == calendar.day_end(due.date())
        working_days_after = [
            counted_day + timedelta(days=offset)
            for offset in range(1, (due.date() - counted_day).days + 1)
            if calendar.is_working_day(counted_day + timedelta(days=offset))
        ]
        assert len(working_days_after) == days
        assert working_days_after[-1] == due.date()

    check()
