"""Fixtures of the working-calendar tests."""

from collections.abc import Iterator

import pytest
from django.utils import translation

from onestop.accounts.models import User
from onestop.organizations.constants import UnitLevel
from onestop.organizations.models import AdministrativeUnit
from onestop.workdays.deadlines import WorkingCalendar
from onestop.workdays.models import CalendarEntry
from onestop.workdays.selectors import calendar_for_unit
from onestop.workdays.services import calendar_seed


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Tests match message ids; keep them English once the Vietnamese catalogue exists."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def calendar_seeded(db: None) -> None:
    """The 2024-2027 calendar the data migration seeds.

    A transactional test elsewhere in the session flushes every table, migration data included; re-seed
    then so these tests do not depend on test order. The migration test overrides this fixture.
    """
    if not CalendarEntry.objects.filter(date__year=2026).exists():
        calendar_seed(actor=None, years=range(2024, 2028))


@pytest.fixture
def calendar(calendar_seeded: None) -> WorkingCalendar:
    return calendar_for_unit()


@pytest.fixture
def admin_user(db: None) -> User:
    return User.objects.create_superuser(username="calendar-admin", password="x" * 12, full_name="Quản trị")


@pytest.fixture
def province(db: None) -> AdministrativeUnit:
    return AdministrativeUnit.objects.create(code="31", name="Thành phố Hải Phòng", level=UnitLevel.PROVINCE)


@pytest.fixture
def commune(province: AdministrativeUnit) -> AdministrativeUnit:
    return AdministrativeUnit.objects.create(
        code="11311", name="Phường Hồng Bàng", level=UnitLevel.COMMUNE, parent=province
    )
