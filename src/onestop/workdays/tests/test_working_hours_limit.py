"""A limit in working hours adds working time, skipping breaks, nights, weekends and holidays."""

from datetime import datetime

import pytest

from onestop.workdays.deadlines import WorkingCalendar
from onestop.workdays.tests.utils import at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("received", "limit", "due"),
    [
        pytest.param(at(2026, 3, 10, 10, 0), "1 working hour", at(2026, 3, 10, 11, 0), id="inside-a-period"),
        pytest.param(at(2026, 3, 10, 7, 30), "4 working hours", at(2026, 3, 10, 11, 30), id="ends-at-11:30"),
        pytest.param(at(2026, 3, 10, 11, 0), "1 working hour", at(2026, 3, 10, 13, 30), id="over-lunch"),
        pytest.param(at(2026, 3, 10, 12, 15), "1 working hour", at(2026, 3, 10, 14, 0), id="from-lunch"),
        pytest.param(at(2026, 3, 10, 13, 0), "4 working hours", at(2026, 3, 10, 17, 0), id="ends-at-17:00"),
        pytest.param(at(2026, 3, 10, 9, 0), "8 working hours", at(2026, 3, 11, 9, 0), id="over-night"),
        pytest.param(at(2026, 3, 10, 7, 30), "8 working hours", at(2026, 3, 10, 17, 0), id="one-full-day"),
        pytest.param(at(2026, 3, 10, 16, 0), "1 working hour", at(2026, 3, 11, 8, 30), id="after-cutoff"),
        pytest.param(at(2026, 3, 13, 14, 0), "4 working hours", at(2026, 3, 16, 8, 30), id="over-weekend"),
        pytest.param(at(2026, 2, 13, 14, 0), "4 working hours", at(2026, 2, 23, 8, 30), id="over-tet"),
        pytest.param(at(2026, 3, 14, 10, 0), "2 working hours", at(2026, 3, 16, 9, 30), id="from-saturday"),
        pytest.param(at(2026, 3, 10, 9, 0), "8 giờ làm việc", at(2026, 3, 11, 9, 0), id="vietnamese"),
        pytest.param(at(2026, 3, 10, 9, 0), "24 working hours", at(2026, 3, 13, 9, 0), id="three-days"),
    ],
)
def test_due_after_working_hours(
    calendar: WorkingCalendar, received: datetime, limit: str, due: datetime
) -> None:
    assert calendar.due_at(received, limit) == due


def test_landing_on_a_period_end_gives_that_end_not_the_next_start(calendar: WorkingCalendar) -> None:
    assert calendar.due_at(at(2026, 3, 10, 9, 30), "2 working hours") == at(2026, 3, 10, 11, 30)


def test_seconds_of_the_receipt_are_kept(calendar: WorkingCalendar) -> None:
    assert calendar.due_at(at(2026, 3, 10, 9, 0, 42), "1 working hour") == at(2026, 3, 10, 10, 0, 42)


def test_working_saturday_counts_hours(calendar: WorkingCalendar) -> None:
    # Fri 21 Aug 2026 16:00 is after the cut-off: counted Sat 22 Aug 07:30, a working day.
    assert calendar.due_at(at(2026, 8, 21, 16, 0), "2 working hours") == at(2026, 8, 22, 9, 30)


def test_hours_limit_skips_the_day_off_and_national_day(calendar: WorkingCalendar) -> None:
    # Fri 28 Aug 14:00: 3 h that day, then Mon 31 Aug, Tue 1 and Wed 2 Sep are not working days.
    assert calendar.due_at(at(2026, 8, 28, 14, 0), "4 working hours") == at(2026, 9, 3, 8, 30)
