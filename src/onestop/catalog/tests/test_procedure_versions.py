"""A change to a procedure creates a new version; the old one stays readable and keeps its dates."""

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from onestop.accounts.models import User
from onestop.catalog.importing import BUNDLED_CATALOG, load_records, procedures_import
from onestop.catalog.models import Procedure
from onestop.catalog.selectors import content_from_version, version_detail, version_in_force, version_parts
from onestop.catalog.services import procedure_version_create
from onestop.core.models import AuditEvent
from onestop.workdays.constants import LimitUnit

pytestmark = pytest.mark.usefixtures("demo_catalog")

CODE = "1.001193"


def _current():  # type: ignore[no-untyped-def]
    version = version_in_force(procedure=Procedure.objects.get(code=CODE))
    assert version is not None
    return version


@pytest.mark.smoke
def test_revision_creates_a_new_version_and_keeps_the_old_one_readable() -> None:
    admin = User.objects.get(username="quantri.ninhgiang")
    old = _current()
    new = procedure_version_create(
        actor=admin, code=CODE, content=replace(content_from_version(old), name="Đăng ký khai sinh (sửa đổi)")
    )
    old.refresh_from_db()
    assert new.number == old.number + 1
    assert old.effective_to == new.effective_from
    assert _current() == new
    readable = version_detail(code=CODE, number=old.number)
    assert readable is not None
    assert readable.name == "Thủ tục đăng ký khai sinh"
    assert readable.components.count() == new.components.count()
    event = (
        AuditEvent.objects.filter(subject_type="catalog.procedure", subject_id=str(new.procedure_id))
        .order_by("-sequence")
        .first()
    )
    assert event is not None
    assert event.actor == admin


def test_a_future_version_is_not_in_force_before_its_date() -> None:
    old = _current()
    start = timezone.localdate() + timedelta(days=30)
    future = procedure_version_create(
        actor=None,
        code=CODE,
        content=replace(content_from_version(old), name="Tên mới"),
        effective_from=start,
    )
    assert _current() == old
    assert version_in_force(procedure=old.procedure, on=start) == future


def test_a_version_cannot_take_effect_before_the_current_one() -> None:
    old = _current()
    with pytest.raises(ValidationError):
        procedure_version_create(
            actor=None,
            code=CODE,
            content=content_from_version(old),
            effective_from=old.effective_from - timedelta(1),
        )


def test_steps_longer_than_the_time_limit_are_refused() -> None:
    content = content_from_version(_current())  # same day: 8 working hours
    content.steps[1] = replace(content.steps[1], budget_value=40)
    with pytest.raises(ValidationError) as caught:
        procedure_version_create(actor=None, code=CODE, content=content)
    assert "steps" in caught.value.message_dict


def test_completing_an_incomplete_procedure_opens_it_for_dossiers() -> None:
    version = version_in_force(procedure=Procedure.objects.get(code="1.014063"))
    assert version is not None
    content = content_from_version(version)
    if version.accepts_dossiers:
        content = replace(content, time_limit_value=None, time_limit_unit="")
        version = procedure_version_create(actor=None, code="1.014063", content=content)
        assert not version.accepts_dossiers
    completed = procedure_version_create(
        actor=None,
        code="1.014063",
        content=replace(content, time_limit_value=7, time_limit_unit=LimitUnit.WORKING_DAYS),
    )
    assert completed.accepts_dossiers


def test_an_administrators_completion_survives_a_reimport_of_the_unchanged_source() -> None:
    version = version_in_force(procedure=Procedure.objects.get(code="1.001022"))
    assert version is not None
    assert version.demo_values == ["time_limit", "online_level"]  # the demo completed it
    procedures_import(records=load_records(BUNDLED_CATALOG))
    assert version_in_force(procedure=version.procedure) == version


def test_a_desk_officer_cannot_change_a_procedure() -> None:
    officer = User.objects.get(username="motcua.ninhgiang")
    with pytest.raises(PermissionDenied):
        procedure_version_create(actor=officer, code=CODE, content=content_from_version(_current()))


def test_version_in_force_on_a_past_date_is_the_one_then() -> None:
    old = _current()
    new = procedure_version_create(
        actor=None,
        code=CODE,
        content=replace(content_from_version(old), name="Đăng ký khai sinh 2027"),
        effective_from=date(2027, 1, 1),
    )
    assert version_in_force(procedure=old.procedure, on=date(2026, 12, 31)) == old
    assert version_in_force(procedure=old.procedure, on=date(2027, 1, 1)) == new


def test_a_versions_parts_come_in_order_and_are_read_once(django_assert_num_queries: Any) -> None:
    version = _current()
    with django_assert_num_queries(3):
        parts = version_parts(version_id=version.pk)
    assert [c.pk for c in parts.components] == list(
        version.components.order_by("position").values_list("pk", flat=True)
    )
    assert [s.position for s in parts.steps] == sorted(s.position for s in parts.steps)
    assert [f.name for f in parts.fees] == list(
        version.fees.order_by("position").values_list("name", flat=True)
    )
    with django_assert_num_queries(0):
        assert version_parts(version_id=version.pk) == parts
