"""Dossier API: idempotent online submission, reading with history, workflow actions, clear errors."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from onestop.accounts.models import User
from onestop.api.clients import api_client_create
from onestop.catalog.models import Procedure
from onestop.catalog.selectors import version_in_force
from onestop.core.models import AuditEvent
from onestop.dossiers.constants import State
from onestop.dossiers.models import Dossier
from onestop.organizations.models import Desk
from onestop.workdays.deadlines import TZ

pytestmark = pytest.mark.usefixtures("demo_few")
URL = "/api/v1/dossiers"


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=TZ), tick=True):
        yield


def _body() -> dict[str, Any]:
    version = version_in_force(procedure=Procedure.objects.get(code="1.001193"))
    assert version is not None
    desk = Desk.objects.get(name="Trung tâm Phục vụ hành chính công Xã Ninh Giang")
    return {
        "procedure": "1.001193",
        "desk": desk.pk,
        "components": [{"component": c.pk} for c in version.components.all()[:2]],
    }


@pytest.fixture
def citizen() -> Client:
    client = Client()
    client.force_login(User.objects.get(username="0912345678"))
    return client


@pytest.mark.smoke
def test_a_retried_submission_with_the_same_key_creates_one_dossier(citizen: Client) -> None:
    first = citizen.post(URL, _body(), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    second = citizen.post(URL, _body(), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == second.status_code == 201
    assert first.json()["code"] == second.json()["code"]
    assert second["Idempotent-Replayed"] == "true"
    assert Dossier.objects.count() == 1
    dossier = Dossier.objects.get()
    assert dossier.state == State.NEW
    assert dossier.applicant == User.objects.get(username="0912345678")


def test_the_same_key_with_another_body_is_a_conflict(citizen: Client) -> None:
    citizen.post(URL, _body(), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-2")
    other = {**_body(), "components": []}
    response = citizen.post(URL, other, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert response.status_code == 409
    assert Dossier.objects.count() == 1


def test_bad_input_gets_a_clear_400_and_creates_nothing(citizen: Client) -> None:
    unknown_component = {**_body(), "components": [{"component": 999999}]}
    response = citizen.post(URL, unknown_component, content_type="application/json")
    assert response.status_code == 400
    assert "components" in response.json()["detail"]
    missing = citizen.post(URL, {"desk": 1}, content_type="application/json")
    assert missing.status_code == 400
    assert "procedure" in missing.json()
    assert not Dossier.objects.exists()


def test_anonymous_submission_is_refused(client: Client) -> None:
    assert client.post(URL, _body(), content_type="application/json").status_code in {401, 403}


def test_an_api_client_submits_with_its_key_for_an_applicant() -> None:
    account = User.objects.get(username="totcn.ninhgiang")
    _client, key = api_client_create(name="Cổng DVC tỉnh", account=account)
    body = {
        **_body(),
        "applicant": {"name": "Lê Văn Cường", "id_number": "031095000777", "phone": "0977000777"},
    }
    response = Client().post(URL, body, content_type="application/json", HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert response.status_code == 201, response.content
    dossier = Dossier.objects.get(code=response.json()["code"])
    assert dossier.applicant_name == "Lê Văn Cường"
    assert dossier.submitter == account
    wrong = Client().post(URL, body, content_type="application/json", HTTP_AUTHORIZATION="Api-Key nope")
    assert wrong.status_code in {401, 403}


def test_reading_and_acting_through_the_api(citizen: Client, staff_client: Any) -> None:
    code = citizen.post(URL, _body(), content_type="application/json").json()["code"]
    detail = citizen.get(f"{URL}/{code}")
    assert detail.status_code == 200
    assert [row["action"] for row in detail.json()["history"]] == ["submit"]
    desk = staff_client("motcua.ninhgiang")
    received = desk.post(f"{URL}/{code}/actions/receive", {}, content_type="application/json")
    assert received.status_code == 200, received.content
    assert received.json()["national_status"] == 6  # received, and its reception fee is due
    assert (
        citizen.post(f"{URL}/{code}/actions/transfer", {}, content_type="application/json").status_code == 403
    )
    assert desk.post(f"{URL}/{code}/actions/approve", {}, content_type="application/json").status_code == 400
    assert desk.post(f"{URL}/{code}/actions/fly", {}, content_type="application/json").status_code == 400


def test_another_communes_officer_cannot_read_or_act(citizen: Client, staff_client: Any) -> None:
    code = citizen.post(URL, _body(), content_type="application/json").json()["code"]
    other = staff_client("motcua.tanan")
    assert other.get(f"{URL}/{code}").status_code == 404
    assert other.post(f"{URL}/{code}/actions/receive", {}, content_type="application/json").status_code == 404


def test_an_action_is_recorded_in_the_history_and_a_refusal_as_a_read(
    citizen: Client, staff_client: Any
) -> None:
    code = citizen.post(URL, _body(), content_type="application/json").json()["code"]
    dossier = Dossier.objects.get(code=code)
    reads = AuditEvent.objects.filter(
        action="dossier.viewed", subject_type="dossiers.dossier", subject_id=str(dossier.pk)
    )
    desk = staff_client("motcua.ninhgiang")
    assert desk.post(f"{URL}/{code}/actions/receive", {}, content_type="application/json").status_code == 200
    assert not reads.exists()
    assert dossier.history.filter(action="receive", actor__username="motcua.ninhgiang").exists()
    assert desk.get(f"{URL}/{code}").status_code == 200
    assert reads.count() == 1
    refused = desk.post(f"{URL}/{code}/actions/approve", {}, content_type="application/json")
    assert refused.status_code == 400
    assert reads.count() == 2  # a refusal names the dossier's state: it is recorded as a read


def test_submitting_and_receiving_read_each_row_once(
    citizen: Client, staff_client: Any, django_assert_max_num_queries: Any
) -> None:
    # A running server has the procedure's parts and the calendar cached after its first dossier.
    first = citizen.post(URL, _body(), content_type="application/json").json()["code"]
    desk = staff_client("motcua.ninhgiang")
    desk.post(f"{URL}/{first}/actions/receive", {}, content_type="application/json")
    with django_assert_max_num_queries(25):
        code = citizen.post(URL, _body(), content_type="application/json").json()["code"]
    with django_assert_max_num_queries(34):
        received = desk.post(f"{URL}/{code}/actions/receive", {}, content_type="application/json")
    assert received.status_code == 200
