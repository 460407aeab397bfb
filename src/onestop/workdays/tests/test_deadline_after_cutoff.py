"""A dossier received after 15:00 on a working day counts as received the next working day."""

from datetime import UTC, datetime, time

import pytest

from onestop.workdays.constants import TZ
from onestop.workdays.deadlines import WorkingCalendar
from onestop.workdays.models import CalendarEntry
from onestop.workdays.selectors import calendar_for_unit, due_at
from onestop.workdays.tests.utils import at

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_friday_afternoon_before_tet_counts_from_the_monday_after_tet() -> None:
    # Fri 13 Feb 2026 16:10, after the cut-off; Tết closes 16-20 Feb; counted Mon 23 Feb; 3rd day Thu 26.
    due = due_at(received_at=at(2026, 2, 13, 16, 10), limit="3 working days")

    assert due == at(2026, 2, 26, 17, 0)
    assert due.isoformat() == "2026-02-26T17:00:00+07:00"


def test_exactly_at_the_cutoff_counts_the_same_day(calendar: WorkingCalendar) -> None:
    received = at(2026, 3, 10, 15, 0, 0)  # Tuesday

    assert calendar.counted_receipt(received) == received
    assert calendar.due_at(received, "3 working days") == at(2026, 3, 13, 17, 0)


@pytest.mark.smoke
def test_one_second_after_the_cutoff_counts_the_next_working_day(calendar: WorkingCalendar) -> None:
    received = at(2026, 3, 10, 15, 0, 1)

    assert calendar.counted_receipt(received) == at(2026, 3, 11, 7, 30)
    assert calendar.due_at(received, "3 working days") == at(2026, 3, 16, 17, 0)


def test_one_microsecond_after_the_cutoff_is_already_late(calendar: WorkingCalendar) -> None:
    assert calendar.counted_receipt(at(2026, 3, 10, 15, 0, 0, 1)) == at(2026, 3, 11, 7, 30)


def test_after_the_cutoff_on_friday_counts_from_monday(calendar: WorkingCalendar) -> None:
    assert calendar.counted_receipt(at(2026, 3, 13, 15, 30)) == at(2026, 3, 16, 7, 30)
    assert calendar.due_at(at(2026, 3, 13, 15, 30), "1 working day") == at(2026, 3, 17, 17, 0)


def test_after_the_cutoff_on_the_eve_of_tet_skips_the_holidays(calendar: WorkingCalendar) -> None:
    assert calendar.counted_receipt(at(2026, 2, 13, 15, 0, 1)) == at(2026, 2, 23, 7, 30)


def test_before_the_cutoff_on_the_eve_of_tet_counts_that_day(calendar: WorkingCalendar) -> None:
    # Counted Fri 13 Feb; working days after it: Mon 23, Tue 24, Wed 25.
    assert calendar.due_at(at(2026, 2, 13, 14, 59), "3 working days") == at(2026, 2, 25, 17, 0)


def test_the_cutoff_is_a_parameter() -> None:
    entries = dict(CalendarEntry.objects.values_list("date", "kind"))
    late_cutoff = WorkingCalendar(entries=entries, cutoff=time(16, 0))

    assert late_cutoff.counted_receipt(at(2026, 3, 10, 15, 30)) == at(2026, 3, 10, 15, 30)
    assert late_cutoff.counted_receipt(at(2026, 3, 10, 16, 0, 1)) == at(2026, 3, 11, 7, 30)
    assert calendar_for_unit().counted_receipt(at(2026, 3, 10, 15, 30)) == at(2026, 3, 11, 7, 30)


def test_received_in_another_offset_is_judged_on_vietnamese_time(calendar: WorkingCalendar) -> None:
    # 08:30 UTC is 15:30 in Hà Nội: after the cut-off.
    counted = calendar.counted_receipt(datetime(2026, 3, 10, 8, 30, tzinfo=UTC))

    assert counted == at(2026, 3, 11, 7, 30)
    assert counted.tzinfo == TZ
