"""A same-day limit is due at the end of the counted receipt day's working hours."""

from datetime import datetime

import pytest

from onestop.workdays.deadlines import WorkingCalendar
from onestop.workdays.tests.utils import at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("received", "due"),
    [
        pytest.param(at(2026, 3, 10, 9, 0), at(2026, 3, 10, 17, 0), id="morning"),
        pytest.param(at(2026, 3, 10, 6, 0), at(2026, 3, 10, 17, 0), id="before-opening"),
        pytest.param(at(2026, 3, 10, 12, 0), at(2026, 3, 10, 17, 0), id="lunch-break"),
        pytest.param(at(2026, 3, 10, 15, 0, 0), at(2026, 3, 10, 17, 0), id="at-the-cutoff"),
        pytest.param(at(2026, 3, 10, 15, 0, 1), at(2026, 3, 11, 17, 0), id="after-the-cutoff"),
        pytest.param(at(2026, 3, 10, 20, 0), at(2026, 3, 11, 17, 0), id="evening"),
        pytest.param(at(2026, 3, 14, 9, 0), at(2026, 3, 16, 17, 0), id="saturday"),
        pytest.param(at(2026, 2, 13, 16, 0), at(2026, 2, 23, 17, 0), id="friday-before-tet"),
        pytest.param(at(2026, 8, 21, 15, 30), at(2026, 8, 22, 17, 0), id="to-working-saturday"),
        pytest.param(at(2026, 8, 28, 15, 30), at(2026, 9, 3, 17, 0), id="over-national-day"),
    ],
)
def test_same_day(calendar: WorkingCalendar, received: datetime, due: datetime) -> None:
    assert calendar.due_at(received, "same day") == due


def test_vietnamese_same_day(calendar: WorkingCalendar) -> None:
    assert calendar.due_at(at(2026, 3, 10, 9, 0), "trong ngày") == at(2026, 3, 10, 17, 0)
