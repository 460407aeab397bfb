"""`onestop deadline --received … --limit … [--unit CODE]` prints one ISO 8601 line."""

from datetime import date, time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from onestop.accounts.models import User
from onestop.organizations.models import AdministrativeUnit
from onestop.workdays.services import working_hours_set

pytestmark = pytest.mark.django_db


def _deadline(*args: str) -> str:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue()


def test_prints_the_due_time_on_one_line() -> None:
    output = _deadline("--received", "2026-02-13T16:10:00+07:00", "--limit", "3 working days")

    assert output == "2026-02-26T17:00:00+07:00\n"


def test_accepts_utc_with_z() -> None:
    assert _deadline("--received", "2026-02-13T09:10:00Z", "--limit", "3 working days") == (
        "2026-02-26T17:00:00+07:00\n"
    )


def test_accepts_vietnamese_limits() -> None:
    assert _deadline("--received", "2026-03-10T09:00:00+07:00", "--limit", "8 giờ làm việc") == (
        "2026-03-11T09:00:00+07:00\n"
    )


def test_uses_the_unit_hours(admin_user: User, commune: AdministrativeUnit) -> None:
    working_hours_set(
        actor=admin_user, unit=commune, periods=[(time(7, 0), time(11, 0)), (time(13, 0), time(16, 30))]
    )

    output = _deadline(
        "--received", "2026-03-10T09:00:00+07:00", "--limit", "same day", "--unit", commune.code
    )

    assert output == "2026-03-10T16:30:00+07:00\n"


def test_refuses_a_naive_time() -> None:
    with pytest.raises(CommandError, match="needs a UTC offset"):
        _deadline("--received", "2026-02-13T16:10:00", "--limit", "3 working days")


def test_refuses_a_malformed_time() -> None:
    with pytest.raises(CommandError, match="not an ISO 8601"):
        _deadline("--received", "13/02/2026 16:10", "--limit", "3 working days")


def test_refuses_an_unreadable_limit() -> None:
    with pytest.raises(CommandError, match="Cannot read the time limit"):
        _deadline("--received", "2026-02-13T16:10:00+07:00", "--limit", "3 weeks")


def test_refuses_an_unknown_unit() -> None:
    with pytest.raises(CommandError, match="No administrative unit in force"):
        _deadline("--received", "2026-02-13T16:10:00+07:00", "--limit", "same day", "--unit", "00000")


def test_refuses_a_unit_no_longer_in_force(commune: AdministrativeUnit) -> None:
    commune.valid_to = date(2025, 6, 30)
    commune.save()

    with pytest.raises(CommandError, match="No administrative unit in force"):
        _deadline("--received", "2026-02-13T16:10:00+07:00", "--limit", "same day", "--unit", commune.code)
