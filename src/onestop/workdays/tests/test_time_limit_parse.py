"""Reading a procedure's time limit from text, in English or Vietnamese."""

import pytest

from onestop.workdays.constants import LimitUnit
from onestop.workdays.deadlines import TimeLimit


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("3 working days", 3, LimitUnit.WORKING_DAYS),
        ("1 working day", 1, LimitUnit.WORKING_DAYS),
        ("8 working hours", 8, LimitUnit.WORKING_HOURS),
        ("1 working hour", 1, LimitUnit.WORKING_HOURS),
        ("same day", 0, LimitUnit.SAME_DAY),
        ("3 ngày làm việc", 3, LimitUnit.WORKING_DAYS),
        ("8 giờ làm việc", 8, LimitUnit.WORKING_HOURS),
        ("trong ngày", 0, LimitUnit.SAME_DAY),
        ("  15   Working   Days ", 15, LimitUnit.WORKING_DAYS),
        ("Trong ngày", 0, LimitUnit.SAME_DAY),
    ],
)
def test_parse(text: str, value: int, unit: LimitUnit) -> None:
    assert TimeLimit.parse(text) == TimeLimit(value, unit)


def test_parse_accepts_decomposed_vietnamese() -> None:
    import unicodedata

    assert TimeLimit.parse(unicodedata.normalize("NFD", "3 ngày làm việc")) == TimeLimit(
        3, LimitUnit.WORKING_DAYS
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "3 days",
        "three working days",
        "3 working weeks",
        "-1 working days",
        "3.5 working hours",
        "ngày làm việc",
    ],
)
def test_bad_text_is_refused_with_a_clear_message(text: str) -> None:
    with pytest.raises(ValueError, match="Cannot read the time limit"):
        TimeLimit.parse(text)


@pytest.mark.parametrize("text", ["0 working days", "0 working hours", "1001 working days"])
def test_values_out_of_range_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="must be between 1 and"):
        TimeLimit.parse(text)


@pytest.mark.parametrize(
    "text", ["3 working days", "1 working day", "8 working hours", "1 working hour", "same day"]
)
def test_str_reads_back(text: str) -> None:
    assert str(TimeLimit.parse(text)) == text


def test_the_unit_may_be_given_as_its_stored_value() -> None:
    assert TimeLimit(3, "working_days") == TimeLimit(3, LimitUnit.WORKING_DAYS)  # type: ignore[arg-type]
