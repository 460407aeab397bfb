"""Helpers of the working-calendar tests."""

from datetime import datetime

from onestop.workdays.constants import TZ


def at(year: int, month: int, day: int, *clock: int) -> datetime:
    """An aware Asia/Ho_Chi_Minh datetime; ``clock`` is [hour[, minute[, second[, microsecond]]]]."""
    hour, minute, second, micro = [*clock, 0, 0, 0, 0][:4]
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=TZ)
