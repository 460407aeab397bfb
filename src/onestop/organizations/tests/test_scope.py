"""An official sees and opens only the records of the units their posts cover."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from onestop.accounts.models import User
from onestop.organizations.constants import Role, UnitLevel
from onestop.organizations.models import AdministrativeUnit, StaffPost
from onestop.organizations.scope import ALL_UNITS, covered_unit_ids
from onestop.organizations.selectors import staff_posts_visible_to

pytestmark = pytest.mark.usefixtures("demo")


def _post(username: str) -> StaffPost:
    return StaffPost.objects.get(user__username=username)


@pytest.mark.smoke
def test_commune_officer_lists_only_staff_of_own_commune(staff_client: Callable[[str], Client]) -> None:
    client = staff_client("motcua.ninhgiang")
    page = client.get(reverse("backoffice:staff_list")).content.decode()
    assert "Trần Văn Minh" in page  # specialist of the same commune
    assert "Vũ Thị Hoa" not in page  # desk officer of Xã Tân An
    assert "Hoàng Văn Nam" not in page  # provincial centre


@pytest.mark.smoke
def test_commune_officer_cannot_open_another_communes_staff(staff_client: Callable[[str], Client]) -> None:
    client = staff_client("motcua.ninhgiang")
    other = _post("motcua.tanan")
    response = client.get(reverse("backoffice:staff_detail", args=[other.pk]))
    assert response.status_code == 404
    own = _post("tuphap.ninhgiang")
    assert client.get(reverse("backoffice:staff_detail", args=[own.pk])).status_code == 200


def test_commune_officer_does_not_see_other_communes_agencies_or_desks(
    staff_client: Callable[[str], Client],
) -> None:
    page = staff_client("motcua.ninhgiang").get(reverse("backoffice:unit_list")).content.decode()
    assert "UBND Xã Ninh Giang" in page
    assert "UBND Xã Tân An" not in page
    assert "Sở Tư pháp" not in page


def test_provincial_inspector_sees_every_commune_of_the_province(
    staff_client: Callable[[str], Client],
) -> None:
    page = staff_client("thanhtra.haiphong").get(reverse("backoffice:staff_list")).content.decode()
    for name in ("Nguyễn Thị Lan", "Vũ Thị Hoa", "Hoàng Văn Nam"):
        assert name in page


def test_system_administrator_scope_is_unrestricted() -> None:
    assert covered_unit_ids(user=User.objects.get(username="quantri.haiphong")) is ALL_UNITS


def test_user_without_post_sees_no_staff() -> None:
    citizen = User.objects.get(username="0912345678")
    assert not staff_posts_visible_to(user=citizen).exists()


def test_ended_post_no_longer_grants_scope() -> None:
    post = _post("motcua.ninhgiang")
    post.valid_to = post.valid_from
    post.save()
    assert not staff_posts_visible_to(user=post.user).exists()


def test_citizen_cannot_open_staff_pages(client: Client) -> None:
    client.force_login(User.objects.get(username="0912345678"))
    assert client.get(reverse("backoffice:staff_list")).status_code == 403


def test_scope_follows_roles_filter() -> None:
    officer = User.objects.get(username="motcua.ninhgiang")
    assert covered_unit_ids(user=officer, roles={Role.UNIT_ADMIN}) == frozenset()


def test_a_commune_added_or_moved_under_a_province_is_covered_at_once() -> None:
    inspector = User.objects.get(username="thanhtra.haiphong")
    province = _post("thanhtra.haiphong").unit
    before = covered_unit_ids(user=inspector)
    assert isinstance(before, frozenset)
    commune = AdministrativeUnit.objects.create(
        code="99990", name="Xã Thử Nghiệm", level=UnitLevel.COMMUNE, division_type="Xã", parent=province
    )
    assert covered_unit_ids(user=inspector) == before | {commune.pk}
    outside = AdministrativeUnit.objects.exclude(pk=province.pk).filter(level=UnitLevel.PROVINCE).first()
    assert outside is not None
    commune.parent = outside
    commune.save()
    assert covered_unit_ids(user=inspector) == before
