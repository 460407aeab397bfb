"""A logged-in applicant sees their dossiers and answers a supplement request online."""

from collections.abc import Callable
from types import SimpleNamespace

from django.test import Client
from django.urls import reverse

from onestop.dossiers.constants import FileKind, State
from onestop.dossiers.models import Dossier
from onestop.dossiers.tests.conftest import (
    _working_monday,
    act,
    dossier_in,
    pdf_upload,
    people,
    test_procedure,
)

__all__ = ["_working_monday", "dossier_in", "people", "test_procedure"]


def test_applicant_answers_a_supplement_request_and_the_dossier_returns_to_work(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(State.IN_PROGRESS)
    dossier = act(
        people,
        dossier,
        "specialist",
        "request_supplement",
        {"items": [{"name": "Giấy chứng sinh", "reason": "Bản mờ"}]},
    )
    client = Client()
    client.force_login(people.citizen)
    mine = client.get(reverse("portal:my_dossiers")).content.decode()
    assert dossier.code in mine
    page = client.get(reverse("portal:dossier_status", args=[dossier.token])).content.decode()
    assert "Giấy chứng sinh" in page
    response = client.post(
        reverse("portal:answer_supplement", args=[dossier.token]),
        {"files": [pdf_upload("giay-chung-sinh-ro.pdf")]},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.IN_PROGRESS
    assert dossier.supplement_requests.get().completed_at is not None
    assert dossier.files.filter(kind=FileKind.COMPONENT, original_name="giay-chung-sinh-ro.pdf").exists()


def test_answer_without_files_changes_nothing(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(State.SUPPLEMENT_AT_RECEPTION)
    client = Client()
    client.force_login(people.citizen)
    client.post(reverse("portal:answer_supplement", args=[dossier.token]), {})
    dossier.refresh_from_db()
    assert dossier.state == State.SUPPLEMENT_AT_RECEPTION


def test_someone_else_cannot_answer_or_list_the_dossier(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(State.SUPPLEMENT_AT_RECEPTION)
    stranger = Client()
    stranger.force_login(people.other_desk)
    assert dossier.code not in stranger.get(reverse("portal:my_dossiers")).content.decode()
    response = stranger.post(
        reverse("portal:answer_supplement", args=[dossier.token]), {"files": [pdf_upload()]}
    )
    assert response.status_code == 404
    dossier.refresh_from_db()
    assert dossier.state == State.SUPPLEMENT_AT_RECEPTION
