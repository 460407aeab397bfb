from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from onestop.accounts.models import User
from onestop.core.models import AuditEvent
from onestop.core.selectors import audit_chain_is_intact
from onestop.organizations.constants import Role
from onestop.organizations.models import Agency, Desk
from onestop.organizations.services import staff_post_create, staff_post_end

pytestmark = pytest.mark.usefixtures("demo")


@pytest.fixture
def newcomer() -> User:
    return User.objects.create_user(username="moi", full_name="Người Mới", password="x-long-password-1")


def test_unit_admin_appoints_staff_in_own_commune_with_audit_row(newcomer: User) -> None:
    admin = User.objects.get(username="quantri.ninhgiang")
    agency = Agency.objects.get(name="UBND Xã Ninh Giang")
    post = staff_post_create(
        actor=admin, user=newcomer, role=Role.SPECIALIST, agency=agency, valid_from=date(2026, 1, 1)
    )
    assert post.unit == agency.unit
    event = AuditEvent.objects.get(subject_type="organizations.staffpost", subject_id=str(post.pk))
    assert event.actor == admin
    assert event.action == "staff_post.created"
    assert audit_chain_is_intact(subject=post)


def test_unit_admin_cannot_appoint_staff_in_another_commune(newcomer: User) -> None:
    admin = User.objects.get(username="quantri.ninhgiang")
    desk = Desk.objects.get(name__endswith="Xã Tân An")
    with pytest.raises(PermissionDenied):
        staff_post_create(
            actor=admin, user=newcomer, role=Role.DESK_OFFICER, desk=desk, valid_from=date(2026, 1, 1)
        )


def test_desk_officer_cannot_appoint_staff(newcomer: User) -> None:
    officer = User.objects.get(username="motcua.ninhgiang")
    desk = Desk.objects.get(name__endswith="Xã Ninh Giang")
    with pytest.raises(PermissionDenied):
        staff_post_create(
            actor=officer, user=newcomer, role=Role.DESK_OFFICER, desk=desk, valid_from=date(2026, 1, 1)
        )


def test_post_cannot_have_citizen_role(newcomer: User) -> None:
    desk = Desk.objects.get(name__endswith="Xã Ninh Giang")
    with pytest.raises(ValidationError):
        staff_post_create(
            actor=None, user=newcomer, role=Role.CITIZEN, desk=desk, valid_from=date(2026, 1, 1)
        )


def test_post_needs_a_place(newcomer: User) -> None:
    with pytest.raises(ValidationError):
        staff_post_create(actor=None, user=newcomer, role=Role.INSPECTOR, valid_from=date(2026, 1, 1))


def test_ending_a_post_before_it_starts_is_refused() -> None:
    admin = User.objects.get(username="quantri.ninhgiang")
    post = User.objects.get(username="motcua.ninhgiang").posts.get()
    with pytest.raises(ValidationError):
        staff_post_end(actor=admin, post=post, valid_to=date(2020, 1, 1))
    staff_post_end(actor=admin, post=post, valid_to=date(2026, 12, 31))
    post.refresh_from_db()
    assert post.valid_to == date(2026, 12, 31)
