"""Receipts outside working hours count from the start of the next working period."""

from datetime import UTC, datetime

import pytest

from onestop.workdays.deadlines import WorkingCalendar
from onestop.workdays.tests.utils import at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("received", "counted"),
    [
        pytest.param(at(2026, 3, 10, 6, 0), at(2026, 3, 10, 7, 30), id="early-morning-same-day"),
        pytest.param(at(2026, 3, 10, 0, 0), at(2026, 3, 10, 7, 30), id="midnight-same-day"),
        pytest.param(at(2026, 3, 10, 7, 30), at(2026, 3, 10, 7, 30), id="opening-moment"),
        pytest.param(at(2026, 3, 10, 9, 45), at(2026, 3, 10, 9, 45), id="inside-morning"),
        pytest.param(at(2026, 3, 10, 11, 30), at(2026, 3, 10, 13, 0), id="morning-end"),
        pytest.param(at(2026, 3, 10, 12, 0), at(2026, 3, 10, 13, 0), id="lunch-break"),
        pytest.param(at(2026, 3, 10, 12, 59, 59), at(2026, 3, 10, 13, 0), id="end-of-lunch"),
        pytest.param(at(2026, 3, 10, 14, 0), at(2026, 3, 10, 14, 0), id="inside-afternoon"),
        pytest.param(at(2026, 3, 10, 17, 0), at(2026, 3, 11, 7, 30), id="closing-moment"),
        pytest.param(at(2026, 3, 10, 22, 0), at(2026, 3, 11, 7, 30), id="night"),
        pytest.param(at(2026, 3, 13, 23, 59), at(2026, 3, 16, 7, 30), id="friday-night"),
        pytest.param(at(2026, 3, 14, 10, 0), at(2026, 3, 16, 7, 30), id="saturday"),
        pytest.param(at(2026, 3, 15, 8, 0), at(2026, 3, 16, 7, 30), id="sunday"),
    ],
)
def test_counted_receipt(calendar: WorkingCalendar, received: datetime, counted: datetime) -> None:
    assert calendar.counted_receipt(received) == counted


def test_saturday_receipt_is_due_counting_from_monday(calendar: WorkingCalendar) -> None:
    # Counted Mon 9 Mar; the third working day after it is Thu 12 Mar.
    assert calendar.due_at(at(2026, 3, 7, 10, 0), "3 working days") == at(2026, 3, 12, 17, 0)


def test_night_receipt_before_a_working_day_counts_that_day(calendar: WorkingCalendar) -> None:
    assert calendar.due_at(at(2026, 3, 10, 5, 0), "1 working day") == at(2026, 3, 11, 17, 0)


def test_lunch_break_receipt_counts_the_same_day(calendar: WorkingCalendar) -> None:
    assert calendar.due_at(at(2026, 3, 10, 12, 15), "2 working days") == at(2026, 3, 12, 17, 0)


def test_receipt_given_in_utc_is_converted_first(calendar: WorkingCalendar) -> None:
    # 23:00 UTC on Friday is 06:00 on Saturday in Viet Nam.
    assert calendar.counted_receipt(datetime(2026, 3, 13, 23, 0, tzinfo=UTC)) == at(2026, 3, 16, 7, 30)


def test_naive_receipt_is_refused(calendar: WorkingCalendar) -> None:
    naive = at(2026, 3, 10, 9, 0).replace(tzinfo=None)

    with pytest.raises(ValueError, match="timezone-aware"):
        calendar.due_at(naive, "1 working day")
