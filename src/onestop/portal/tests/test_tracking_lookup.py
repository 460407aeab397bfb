"""Typed tracking needs the code and the last 4 phone digits; it never shows another applicant's dossier."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from onestop.accounts.models import User
from onestop.catalog.models import Procedure
from onestop.catalog.selectors import version_in_force
from onestop.dossiers.constants import ChannelCode
from onestop.dossiers.models import Dossier
from onestop.dossiers.services import ApplicantData, ComponentIntake, dossier_act, dossier_create
from onestop.dossiers.workflow import ACTION_LABELS
from onestop.organizations.models import Desk
from onestop.workdays.deadlines import TZ

pytestmark = pytest.mark.usefixtures("demo_few")


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=TZ), tick=True):
        yield


def _dossier(name: str, id_number: str, phone: str) -> Dossier:
    version = version_in_force(procedure=Procedure.objects.get(code="1.001193"))
    assert version is not None
    return dossier_create(
        actor=None,
        desk=Desk.objects.get(name="Trung tâm Phục vụ hành chính công Xã Ninh Giang"),
        version=version,
        applicant=ApplicantData(name=name, id_number=id_number, phone=phone),
        channel=ChannelCode.ONLINE,
        components=[ComponentIntake(component=c) for c in version.components.all()[:1]],
    )


def _lookup(code: str, digits: str) -> tuple[int, str, str]:
    response = Client().post(reverse("portal:tracking"), {"code": code, "phone_last4": digits}, follow=True)
    return (
        response.status_code,
        response.content.decode(),
        response.redirect_chain[-1][0] if response.redirect_chain else "",
    )


@pytest.mark.smoke
def test_code_and_phone_digits_open_the_dossier() -> None:
    mine = _dossier("Nguyễn Văn An", "031090001234", "0912345678")
    status, page, landed = _lookup(mine.code.lower(), "5678")
    assert status == 200
    assert landed == reverse("portal:dossier_status", args=[mine.token])
    assert mine.code in page


def test_another_applicants_dossier_stays_hidden_under_guessed_codes_and_digits() -> None:
    mine = _dossier("Nguyễn Văn An", "031090001234", "0912345678")
    theirs = _dossier("Trần Thị Bình", "031190005555", "0987654321")
    assert theirs.code.endswith("-0002")
    for code, digits in [(theirs.code, "5678"), (theirs.code, "0000"), (mine.code[:-1] + "3", "5678")]:
        status, page, landed = _lookup(code, digits)
        assert status == 200
        assert landed == ""
        assert "Trần Thị Bình" not in page
        assert "0987654321" not in page
        assert theirs.code not in page or code == theirs.code  # only the typed code is echoed back
        assert "No dossier matches" in page or "Không có hồ sơ" in page


def test_bad_digits_are_refused_with_a_clear_message() -> None:
    status, page, _landed = _lookup("H31.53.01-260302-0001", "12")
    assert status == 200
    assert 'href="#id_phone_last4"' in page


def test_the_status_page_shows_procedure_desk_and_steps_in_two_queries(
    django_assert_num_queries: Any,
) -> None:
    mine = _dossier("Nguyễn Văn An", "031090001234", "0912345678")
    dossier_act(actor=User.objects.get(username="motcua.ninhgiang"), dossier=mine, action="receive")
    actions = mine.history.order_by("sequence").values_list("action", flat=True)
    steps = [ACTION_LABELS[action] for action in actions]
    assert len(steps) >= 2
    with django_assert_num_queries(2):  # the dossier with its names, then its steps
        page = Client().get(reverse("portal:dossier_status", args=[mine.token])).content.decode()
    assert mine.procedure_version.name in page
    assert "Trung tâm Phục vụ hành chính công Xã Ninh Giang" in page
    timeline = page[page.index('class="timeline"') :]
    positions = [timeline.index(str(label)) for label in steps]
    assert positions == sorted(positions)
    assert timeline.count("<li>09:00 02/03/2026 — ") == len(steps)  # local time (UTC+7), not UTC's 02:00
    assert "031090001234" not in page  # masked
    assert Client().get(reverse("portal:dossier_status", args=["x" * 20 + "\x00"])).status_code == 404
