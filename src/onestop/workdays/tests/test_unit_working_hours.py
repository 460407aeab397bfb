"""Working hours per unit: a unit without its own hours inherits its parent's, then the system default."""

from datetime import time

import pytest
from django.core.exceptions import ValidationError

from onestop.accounts.models import User
from onestop.core.models import AuditEvent
from onestop.organizations.constants import UnitLevel
from onestop.organizations.models import AdministrativeUnit
from onestop.workdays.constants import DEFAULT_PERIODS
from onestop.workdays.models import WorkingHours
from onestop.workdays.selectors import calendar_for_unit, due_at, working_periods_for_unit
from onestop.workdays.services import working_hours_clear, working_hours_set
from onestop.workdays.tests.utils import at

pytestmark = pytest.mark.django_db

PROVINCE_HOURS = ((time(8, 0), time(12, 0)), (time(13, 30), time(17, 30)))


def test_without_configuration_the_default_is_0730_to_1700(commune: AdministrativeUnit) -> None:
    assert working_periods_for_unit(unit=commune) == DEFAULT_PERIODS
    assert working_periods_for_unit() == ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))


def test_a_commune_inherits_its_province_hours(
    admin_user: User, province: AdministrativeUnit, commune: AdministrativeUnit
) -> None:
    working_hours_set(actor=admin_user, unit=province, periods=PROVINCE_HOURS)

    assert working_periods_for_unit(unit=commune) == PROVINCE_HOURS
    assert due_at(received_at=at(2026, 3, 10, 9, 0), limit="3 working days", unit=commune) == at(
        2026, 3, 13, 17, 30
    )
    assert calendar_for_unit(unit=commune).counted_receipt(at(2026, 3, 10, 7, 45)) == at(2026, 3, 10, 8, 0)
    # Other units keep the default.
    assert due_at(received_at=at(2026, 3, 10, 9, 0), limit="3 working days") == at(2026, 3, 13, 17, 0)


def test_inheritance_goes_up_more_than_one_level(
    admin_user: User, province: AdministrativeUnit, commune: AdministrativeUnit
) -> None:
    hamlet = AdministrativeUnit.objects.create(
        code="99999", name="Thử", level=UnitLevel.COMMUNE, parent=commune
    )
    working_hours_set(actor=admin_user, unit=province, periods=PROVINCE_HOURS)

    assert working_periods_for_unit(unit=hamlet) == PROVINCE_HOURS


def test_own_hours_win_over_the_parent(
    admin_user: User, province: AdministrativeUnit, commune: AdministrativeUnit
) -> None:
    working_hours_set(actor=admin_user, unit=province, periods=PROVINCE_HOURS)
    working_hours_set(
        actor=admin_user, unit=commune, periods=[(time(7, 0), time(11, 0)), (time(13, 0), time(16, 0))]
    )

    assert due_at(received_at=at(2026, 3, 10, 9, 0), limit="same day", unit=commune) == at(2026, 3, 10, 16, 0)
    assert due_at(received_at=at(2026, 3, 10, 9, 0), limit="8 working hours", unit=commune) == at(
        2026, 3, 11, 10, 0
    )


def test_the_system_default_row_overrides_the_built_in_default(
    admin_user: User, commune: AdministrativeUnit
) -> None:
    working_hours_set(
        actor=admin_user, unit=None, periods=[(time(8, 0), time(12, 0)), (time(13, 0), time(17, 0))]
    )

    assert working_periods_for_unit(unit=commune)[0] == (time(8, 0), time(12, 0))
    assert working_periods_for_unit()[0] == (time(8, 0), time(12, 0))


def test_set_replaces_the_periods_and_is_audited(admin_user: User, province: AdministrativeUnit) -> None:
    hours = working_hours_set(actor=admin_user, unit=province, periods=PROVINCE_HOURS)
    working_hours_set(
        actor=admin_user, unit=province, periods=[(time(13, 0), time(17, 0)), (time(7, 0), time(11, 0))]
    )

    assert WorkingHours.objects.filter(unit=province).count() == 1
    assert working_periods_for_unit(unit=province) == ((time(7, 0), time(11, 0)), (time(13, 0), time(17, 0)))
    events = AuditEvent.objects.filter(subject_type="workdays.workinghours", subject_id=str(hours.pk))
    assert [(event.action, event.before, event.after) for event in events] == [
        ("working_hours.set", None, {"periods": ["08:00-12:00", "13:30-17:30"]}),
        (
            "working_hours.set",
            {"periods": ["08:00-12:00", "13:30-17:30"]},
            {"periods": ["07:00-11:00", "13:00-17:00"]},
        ),
    ]


def test_clear_returns_to_inheritance(
    admin_user: User, province: AdministrativeUnit, commune: AdministrativeUnit
) -> None:
    working_hours_set(actor=admin_user, unit=province, periods=PROVINCE_HOURS)
    working_hours_set(actor=admin_user, unit=commune, periods=[(time(7, 0), time(16, 0))])

    working_hours_clear(actor=admin_user, unit=commune)

    assert working_periods_for_unit(unit=commune) == PROVINCE_HOURS
    assert AuditEvent.objects.filter(action="working_hours.clear").count() == 1


@pytest.mark.parametrize(
    ("periods", "message"),
    [
        pytest.param([], "at least one working period", id="empty"),
        pytest.param([(time(11, 0), time(8, 0))], "must start before it ends", id="reversed"),
        pytest.param([(time(8, 0), time(8, 0))], "must start before it ends", id="empty-period"),
        pytest.param(
            [(time(8, 0), time(12, 0)), (time(11, 0), time(17, 0))], "must not overlap", id="overlapping"
        ),
    ],
)
def test_invalid_periods_are_refused(
    admin_user: User, province: AdministrativeUnit, periods: list[tuple[time, time]], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        working_hours_set(actor=admin_user, unit=province, periods=periods)

    assert not WorkingHours.objects.exists()


def test_touching_periods_are_allowed(admin_user: User, province: AdministrativeUnit) -> None:
    working_hours_set(
        actor=admin_user, unit=province, periods=[(time(8, 0), time(12, 0)), (time(12, 0), time(16, 0))]
    )

    assert due_at(received_at=at(2026, 3, 10, 11, 0), limit="2 working hours", unit=province) == at(
        2026, 3, 10, 13, 0
    )
