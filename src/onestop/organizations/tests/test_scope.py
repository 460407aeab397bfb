"""An official sees and opens only the records of the units their posts cover."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from onestop.accounts.models import User
from onestop.organizations.constants import Role, UnitLevel
from onestop.organizations.models import AdministrativeUnit, StaffPost
from onestop.organizations.scope import ALL_UNITS, RequestPostsMiddleware, covered_unit_ids, posts_in_force
from onestop.organizations.selectors import staff_posts_visible_to, user_is_staff_member
from onestop.organizations.services import staff_post_end

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


def _in_a_request(read: Callable[[], object]) -> object:
    """``read()`` as a view would run it: inside RequestPostsMiddleware."""
    answers: list[object] = []

    def view(_request: HttpRequest) -> HttpResponse:
        answers.append(read())
        return HttpResponse()

    RequestPostsMiddleware(view)(RequestFactory().get("/"))
    return answers[0]


def test_posts_in_force_are_todays_only() -> None:
    officer = User.objects.get(username="motcua.ninhgiang")
    current = _post("motcua.ninhgiang")
    today = timezone.localdate()
    for valid_from, valid_to in (
        (today - timedelta(days=30), today - timedelta(days=1)),
        (today + timedelta(days=1), None),
    ):
        StaffPost.objects.create(
            user=officer, role=Role.INSPECTOR, unit=current.unit, valid_from=valid_from, valid_to=valid_to
        )
    assert [post.pk for post in posts_in_force(user=officer)] == [current.pk]
    assert posts_in_force(user=officer, roles={Role.INSPECTOR}) == ()


def test_a_request_reads_each_users_posts_once() -> None:
    officer = User.objects.get(username="motcua.ninhgiang")

    def three_scoped_reads() -> object:
        with CaptureQueriesContext(connection) as queries:
            assert user_is_staff_member(user=officer)
            covered_unit_ids(user=officer)
            posts_in_force(user=officer, roles={Role.DESK_OFFICER})
        return [
            query["sql"] for query in queries.captured_queries if "organizations_staffpost" in query["sql"]
        ]

    assert len(_in_a_request(three_scoped_reads)) == 1  # type: ignore[arg-type]
    assert len(three_scoped_reads()) == 3  # type: ignore[arg-type]  # outside a request, read each time


def test_a_post_ended_during_a_request_no_longer_counts_in_it() -> None:
    admin = User.objects.get(username="quantri.haiphong")
    post = _post("motcua.ninhgiang")
    post.valid_from = timezone.localdate() - timedelta(days=10)
    post.save()

    def read_end_read() -> object:
        before = posts_in_force(user=post.user)
        staff_post_end(actor=admin, post=post, valid_to=timezone.localdate() - timedelta(days=1))
        return before, posts_in_force(user=post.user), covered_unit_ids(user=post.user)

    before, after, covered = _in_a_request(read_end_read)  # type: ignore[misc]
    assert [p.pk for p in before] == [post.pk]
    assert after == ()
    assert covered == frozenset()
