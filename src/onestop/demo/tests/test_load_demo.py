from io import StringIO

import pytest
from django.core.management import call_command

from onestop.accounts.models import User
from onestop.core.models import AuditEvent
from onestop.organizations.constants import Role, UnitLevel
from onestop.organizations.models import AdministrativeUnit, StaffPost


def _counts() -> tuple[int, int, int, int]:
    return (
        AdministrativeUnit.objects.count(),
        StaffPost.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.smoke
@pytest.mark.django_db
def test_load_demo_twice_changes_nothing_the_second_time() -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)
    first = _counts()
    call_command("load_demo", stdout=StringIO())
    assert _counts() == first
    assert "motcua.ninhgiang" in out.getvalue()
    assert "demo-onestop-2026" in out.getvalue()


@pytest.mark.django_db
def test_demo_has_staff_for_every_post_role(demo: object) -> None:
    roles = set(StaffPost.objects.values_list("role", flat=True))
    assert roles == set(Role) - {Role.CITIZEN}


@pytest.mark.django_db
def test_xa_ninh_giang_succeeds_hong_du_and_ninh_giang_district(demo: object) -> None:
    ninh_giang = AdministrativeUnit.objects.get(code="11203", valid_to__isnull=True)
    assert ninh_giang.parent is not None
    assert ninh_giang.parent.code == "31"
    predecessors = {(unit.code, unit.name) for unit in ninh_giang.predecessors.all()}
    assert ("11215", "Xã Hồng Dụ") in predecessors
    assert ("299", "Huyện Ninh Giang") in predecessors
    district = AdministrativeUnit.objects.get(code="299", level=UnitLevel.DISTRICT)
    assert district.valid_to is not None
    assert district.parent is not None
    assert district.parent.name == "Tỉnh Hải Dương"
