"""The online submission pages: one step per page, errors kept on the page, drafts private to their owner."""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from onestop.accounts.models import User
from onestop.catalog.models import Procedure
from onestop.catalog.selectors import version_in_force
from onestop.datastore.models import StoredDocument
from onestop.dossiers.constants import ReturnMethod
from onestop.dossiers.models import Dossier, DossierDraft
from onestop.dossiers.tests.conftest import _working_monday, pdf_upload, people

__all__ = ["_working_monday", "people"]


@pytest.fixture
def citizen_client(people: SimpleNamespace) -> Client:
    client = Client()
    client.force_login(people.citizen)
    return client


def _components() -> list:
    version = version_in_force(procedure=Procedure.objects.get(code="1.001193"))
    assert version is not None
    return sorted(
        version.components.order_by("position"), key=lambda c: not (c.required and c.kind == "submit")
    )


def _start(client: Client, people: SimpleNamespace) -> DossierDraft:
    response = client.post(reverse("portal:submit_start", args=["1.001193"]), {"desk": people.desk_place.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    return DossierDraft.objects.get()


def test_the_procedure_page_links_to_online_submission(citizen_client: Client) -> None:
    page = citizen_client.get(reverse("portal:procedure", args=["1.001193"])).content.decode()
    assert reverse("portal:submit_start", args=["1.001193"]) in page


def test_an_anonymous_visitor_is_asked_to_log_in_first(people: SimpleNamespace) -> None:
    response = Client().get(reverse("portal:submit_start", args=["1.001193"]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_whole_journey_through_the_pages_submits_one_dossier(
    citizen_client: Client, people: SimpleNamespace
) -> None:
    draft = _start(citizen_client, people)
    applicant = citizen_client.get(reverse("portal:draft_applicant", args=[draft.pk])).content.decode()
    assert people.citizen.personal_id in applicant
    response = citizen_client.post(
        reverse("portal:draft_applicant", args=[draft.pk]),
        {"name": people.citizen.full_name, "id_number": people.citizen.personal_id, "phone": "0912345678"},
    )
    assert response["Location"] == reverse("portal:draft_documents", args=[draft.pk])
    first = _components()[0]
    response = citizen_client.post(
        reverse("portal:draft_documents", args=[draft.pk]),
        {f"file-{first.pk}": pdf_upload("chung-sinh.pdf", 2), f"keep-{first.pk}": "on", "continue": "1"},
    )
    assert response["Location"] == reverse("portal:draft_return", args=[draft.pk])
    response = citizen_client.post(
        reverse("portal:draft_return", args=[draft.pk]), {"method": ReturnMethod.POST, "address": "Thôn 2"}
    )
    assert response["Location"] == reverse("portal:draft_review", args=[draft.pk])
    review = citizen_client.get(reverse("portal:draft_review", args=[draft.pk])).content.decode()
    assert "chung-sinh.pdf" in review
    assert "Thôn 2" in review
    first_answer = citizen_client.post(reverse("portal:draft_review", args=[draft.pk]))
    second_answer = citizen_client.post(reverse("portal:draft_review", args=[draft.pk]))
    assert (
        first_answer["Location"] == second_answer["Location"] == reverse("portal:draft_done", args=[draft.pk])
    )
    dossier = Dossier.objects.get()
    done = citizen_client.get(reverse("portal:draft_done", args=[draft.pk])).content.decode()
    assert dossier.code in done
    assert dossier.return_address == "Thôn 2"
    assert StoredDocument.objects.filter(owner=people.citizen, source_dossier=dossier).count() == 1


def test_a_refused_upload_is_explained_next_to_its_document_and_others_are_kept(
    citizen_client: Client, people: SimpleNamespace
) -> None:
    draft = _start(citizen_client, people)
    first, second = _components()[:2]
    response = citizen_client.post(
        reverse("portal:draft_documents", args=[draft.pk]),
        {
            f"file-{first.pk}": SimpleUploadedFile(
                "anh.pdf", b"MZ\x90\x00binary", content_type="application/pdf"
            ),
            f"file-{second.pk}": pdf_upload("to-khai.pdf"),
            "continue": "1",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "anh.pdf" in page
    assert 'class="error-summary"' in page
    assert [d.original_name for d in draft.documents.all()] == ["to-khai.pdf"]


def test_a_missing_required_document_blocks_continuing(
    citizen_client: Client, people: SimpleNamespace
) -> None:
    draft = _start(citizen_client, people)
    response = citizen_client.post(reverse("portal:draft_documents", args=[draft.pk]), {"continue": "1"})
    assert response.status_code == 200
    assert f'href="#component-{_components()[0].pk}"' in response.content.decode()


def test_another_citizen_cannot_open_a_draft_or_download_from_a_store(
    citizen_client: Client, people: SimpleNamespace
) -> None:
    draft = _start(citizen_client, people)
    citizen_client.post(reverse("portal:data_store"), {"title": "CCCD", "file": pdf_upload("cccd.pdf")})
    document = StoredDocument.objects.get(owner=people.citizen)
    other = User.objects.create_user(username="0987000222", full_name="Lê Văn Khác", password="x-very-long-1")
    client = Client()
    client.force_login(other)
    for name in ("portal:draft_applicant", "portal:draft_documents", "portal:draft_review"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
    assert client.post(reverse("portal:draft_review", args=[draft.pk])).status_code == 404
    assert client.get(reverse("portal:data_store_download", args=[document.pk])).status_code == 404
    assert client.post(reverse("portal:data_store_remove", args=[document.pk])).status_code == 404
    assert citizen_client.get(reverse("portal:data_store_download", args=[document.pk])).status_code == 200


def test_an_unfinished_dossier_is_listed_resumed_and_can_be_deleted(
    citizen_client: Client, people: SimpleNamespace
) -> None:
    draft = _start(citizen_client, people)
    mine = citizen_client.get(reverse("portal:my_dossiers")).content.decode()
    assert reverse("portal:draft_applicant", args=[draft.pk]) in mine
    response = citizen_client.post(reverse("portal:draft_delete", args=[draft.pk]))
    assert response.status_code == 302
    assert not DossierDraft.objects.exists()


def test_the_tracking_page_says_where_the_dossier_is_and_what_to_do_next(
    citizen_client: Client, people: SimpleNamespace
) -> None:
    draft = _start(citizen_client, people)
    first = _components()[0]
    citizen_client.post(
        reverse("portal:draft_documents", args=[draft.pk]),
        {f"file-{first.pk}": pdf_upload(), "continue": "1"},
    )
    citizen_client.post(reverse("portal:draft_return", args=[draft.pk]), {"method": ReturnMethod.AT_DESK})
    citizen_client.post(reverse("portal:draft_review", args=[draft.pk]))
    dossier = Dossier.objects.get()
    page = Client().get(reverse("portal:dossier_status", args=[dossier.token])).content.decode()
    assert people.desk_place.name in page
    assert "Bạn chưa cần làm gì" in page
