"""Working time between two moments: the overlap with working periods of working days."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onestop.workdays.deadlines import WorkingCalendar
from onestop.workdays.selectors import working_time_between
from onestop.workdays.tests.utils import at

pytestmark = pytest.mark.django_db

H = timedelta(hours=1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(at(2026, 3, 10, 0, 0), at(2026, 3, 11, 0, 0), 8 * H, id="one-whole-day"),
        pytest.param(at(2026, 3, 10, 9, 0), at(2026, 3, 10, 10, 15), 1.25 * H, id="inside-a-period"),
        pytest.param(at(2026, 3, 10, 11, 0), at(2026, 3, 10, 14, 0), 1.5 * H, id="across-lunch"),
        pytest.param(at(2026, 3, 10, 12, 0), at(2026, 3, 10, 12, 45), timedelta(0), id="inside-lunch"),
        pytest.param(at(2026, 3, 9, 0, 0), at(2026, 3, 16, 0, 0), 40 * H, id="a-week"),
        pytest.param(at(2026, 3, 14, 0, 0), at(2026, 3, 16, 0, 0), timedelta(0), id="a-weekend"),
        pytest.param(at(2026, 2, 13, 16, 0), at(2026, 2, 23, 8, 0), 1.5 * H, id="across-tet"),
        pytest.param(at(2026, 8, 22, 0, 0), at(2026, 8, 23, 0, 0), 8 * H, id="working-saturday"),
        pytest.param(at(2026, 8, 31, 0, 0), at(2026, 9, 5, 0, 0), 16 * H, id="national-day-week"),
        pytest.param(at(2026, 11, 24, 0, 0), at(2026, 11, 25, 0, 0), timedelta(0), id="24-november"),
        pytest.param(at(2026, 3, 10, 10, 0), at(2026, 3, 10, 10, 0), timedelta(0), id="empty"),
        pytest.param(at(2026, 3, 10, 10, 0), at(2026, 3, 10, 9, 0), timedelta(0), id="reversed"),
    ],
)
def test_working_time_between(
    calendar: WorkingCalendar, start: datetime, end: datetime, expected: timedelta
) -> None:
    assert calendar.working_time_between(start, end) == expected


def test_selector_and_other_offsets() -> None:
    # 02:00-05:00 UTC is 09:00-12:00 in Viet Nam: 2.5 h of work before lunch.
    start, end = datetime(2026, 3, 10, 2, 0, tzinfo=UTC), datetime(2026, 3, 10, 5, 0, tzinfo=UTC)

    assert working_time_between(start=start, end=end) == 2.5 * H


def test_naive_bounds_are_refused(calendar: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar.working_time_between(at(2026, 3, 10).replace(tzinfo=None), at(2026, 3, 11))


def _walked(calendar: WorkingCalendar, start: datetime, end: datetime) -> timedelta:
    """The plain day-by-day overlap, as a reference for the cached positions."""
    total, day = timedelta(0), start.date()
    while day <= end.date():
        if calendar.is_working_day(day):
            for period_start, period_end in calendar._periods_on(day):
                total += max(timedelta(0), min(period_end, end) - max(period_start, start))
        day += timedelta(days=1)
    return total


@given(
    spans=st.lists(
        st.tuples(
            # hypothesis draws naive moments between naive bounds; the test attaches the zone.
            st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31)),  # noqa: DTZ001
            st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40)),
        ),
        min_size=1,
        max_size=6,
    )
)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_cached_positions_agree_with_walking_the_days(
    calendar: WorkingCalendar, spans: list[tuple[datetime, timedelta]]
) -> None:
    # Spans in any order on one calendar, so the cache grows both forwards and backwards.
    for naive, length in spans:
        start = naive.replace(tzinfo=calendar.tz)
        assert calendar.working_time_between(start, start + length) == _walked(
            calendar, start, start + length
        )
