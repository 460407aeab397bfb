"""Early, on time or late: the finishing moment against the due time."""

from datetime import UTC, datetime

import pytest

from onestop.workdays.constants import Completion
from onestop.workdays.deadlines import classify_completion
from onestop.workdays.tests.utils import at

DUE = at(2026, 2, 26, 17, 0)


@pytest.mark.parametrize(
    ("finished", "expected"),
    [
        pytest.param(at(2026, 2, 23, 8, 0), Completion.EARLY, id="days-before"),
        pytest.param(at(2026, 2, 25, 23, 59, 59), Completion.EARLY, id="the-evening-before"),
        pytest.param(at(2026, 2, 21, 10, 0), Completion.EARLY, id="on-a-saturday-before"),
        pytest.param(at(2026, 2, 26, 0, 0), Completion.ON_TIME, id="due-day-midnight"),
        pytest.param(at(2026, 2, 26, 8, 0), Completion.ON_TIME, id="due-day-morning"),
        pytest.param(at(2026, 2, 26, 17, 0), Completion.ON_TIME, id="exactly-due"),
        pytest.param(at(2026, 2, 26, 17, 0, 1), Completion.LATE, id="one-second-late"),
        pytest.param(at(2026, 2, 27, 8, 0), Completion.LATE, id="next-day"),
    ],
)
def test_classification(finished: datetime, expected: Completion) -> None:
    assert classify_completion(finished, DUE) == expected


def test_the_values_are_the_plain_strings() -> None:
    assert classify_completion(at(2026, 2, 25, 9, 0), DUE) == "early"
    assert classify_completion(at(2026, 2, 26, 9, 0), DUE) == "on_time"
    assert classify_completion(at(2026, 2, 27, 9, 0), DUE) == "late"


def test_days_are_compared_on_vietnamese_time() -> None:
    # 18:00 UTC on 25 Feb is 01:00 on 26 Feb in Viet Nam: the due day, so on time, not early.
    assert classify_completion(datetime(2026, 2, 25, 18, 0, tzinfo=UTC), DUE) == Completion.ON_TIME


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        classify_completion(at(2026, 2, 25, 9, 0).replace(tzinfo=None), DUE)
    with pytest.raises(ValueError, match="timezone-aware"):
        classify_completion(at(2026, 2, 25, 9, 0), DUE.replace(tzinfo=None))
