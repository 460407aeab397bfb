"""Where an open dossier is measured at a period's end: the last moment of working time before it."""

from datetime import datetime

import pytest

from onestop.workdays.deadlines import WorkingCalendar
from onestop.workdays.tests.utils import at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        pytest.param(at(2026, 3, 10, 9, 0), at(2026, 3, 10, 9, 0), id="inside-working-hours"),
        pytest.param(at(2026, 3, 10, 12, 0), at(2026, 3, 10, 11, 30), id="over-lunch"),
        pytest.param(at(2026, 3, 10, 20, 0), at(2026, 3, 10, 17, 0), id="in-the-evening"),
        pytest.param(at(2026, 3, 10, 7, 0), at(2026, 3, 9, 17, 0), id="before-the-day-starts"),
        pytest.param(at(2026, 3, 15, 10, 0), at(2026, 3, 13, 17, 0), id="on-sunday"),
        pytest.param(at(2026, 2, 20, 10, 0), at(2026, 2, 13, 17, 0), id="in-tet"),
    ],
)
def test_last_working_moment(calendar: WorkingCalendar, moment: datetime, expected: datetime) -> None:
    assert calendar.last_working_moment(moment) == expected
