"""Deadlines across the 2026 holidays, swaps and days off seeded from the holidays package."""

import pytest

from onestop.workdays.deadlines import WorkingCalendar
from onestop.workdays.tests.utils import at

pytestmark = pytest.mark.django_db


def test_tet_closes_16_to_20_february(calendar: WorkingCalendar) -> None:
    # Counted Thu 12 Feb; working days after it: Fri 13, Mon 23, Tue 24.
    assert calendar.due_at(at(2026, 2, 12, 10, 0), "3 working days") == at(2026, 2, 24, 17, 0)


def test_receipt_during_tet_counts_from_the_first_day_back(calendar: WorkingCalendar) -> None:
    assert calendar.counted_receipt(at(2026, 2, 18, 9, 0)) == at(2026, 2, 23, 7, 30)
    assert calendar.due_at(at(2026, 2, 18, 9, 0), "same day") == at(2026, 2, 23, 17, 0)


def test_new_year_day_is_skipped(calendar: WorkingCalendar) -> None:
    assert calendar.counted_receipt(at(2025, 12, 31, 16, 0)) == at(2026, 1, 2, 7, 30)


def test_hung_kings_day_is_observed_on_monday_27_april(calendar: WorkingCalendar) -> None:
    # Fri 24 Apr after the cut-off: Sat, Sun (the holiday itself) and Mon 27 (observed) are skipped.
    assert calendar.counted_receipt(at(2026, 4, 24, 16, 0)) == at(2026, 4, 28, 7, 30)
    assert calendar.due_at(at(2026, 4, 24, 10, 0), "1 working day") == at(2026, 4, 28, 17, 0)


def test_30_april_and_1_may_are_skipped(calendar: WorkingCalendar) -> None:
    # Counted Wed 29 Apr; Thu 30 Apr and Fri 1 May are holidays, then the weekend.
    assert calendar.due_at(at(2026, 4, 29, 9, 0), "1 working day") == at(2026, 5, 4, 17, 0)
    assert calendar.counted_receipt(at(2026, 4, 30, 9, 0)) == at(2026, 5, 4, 7, 30)


def test_saturday_22_august_is_a_working_day(calendar: WorkingCalendar) -> None:
    assert calendar.is_working_day(at(2026, 8, 22).date())
    # Received on the working Saturday: counted that moment.
    assert calendar.counted_receipt(at(2026, 8, 22, 9, 0)) == at(2026, 8, 22, 9, 0)
    assert calendar.due_at(at(2026, 8, 22, 9, 0), "same day") == at(2026, 8, 22, 17, 0)


def test_a_dossier_can_be_counted_on_saturday_22_august(calendar: WorkingCalendar) -> None:
    # Friday after the cut-off: the next working day is the swapped Saturday.
    assert calendar.counted_receipt(at(2026, 8, 21, 16, 0)) == at(2026, 8, 22, 7, 30)


def test_a_dossier_can_be_due_on_saturday_22_august(calendar: WorkingCalendar) -> None:
    # Counted Thu 20 Aug; working days after it: Fri 21, Sat 22.
    assert calendar.due_at(at(2026, 8, 20, 10, 0), "2 working days") == at(2026, 8, 22, 17, 0)


def test_day_off_31_august_and_national_day_1_2_september(calendar: WorkingCalendar) -> None:
    # Counted Fri 28 Aug; Mon 31 Aug (day off for 22 Aug), Tue 1 and Wed 2 Sep are skipped.
    assert calendar.due_at(at(2026, 8, 28, 10, 0), "1 working day") == at(2026, 9, 3, 17, 0)
    assert calendar.due_at(at(2026, 8, 28, 10, 0), "2 working days") == at(2026, 9, 4, 17, 0)
    assert calendar.counted_receipt(at(2026, 8, 31, 9, 0)) == at(2026, 9, 3, 7, 30)


def test_vietnam_culture_day_24_november_is_a_holiday(calendar: WorkingCalendar) -> None:
    assert not calendar.is_working_day(at(2026, 11, 24).date())
    assert calendar.due_at(at(2026, 11, 23, 10, 0), "1 working day") == at(2026, 11, 25, 17, 0)


def test_the_last_day_never_lands_on_a_holiday(calendar: WorkingCalendar) -> None:
    # Counted Wed 22 Apr; 3 working days: Thu 23, Fri 24, then Tue 28 (27 observed holiday).
    assert calendar.due_at(at(2026, 4, 22, 9, 0), "3 working days") == at(2026, 4, 28, 17, 0)
