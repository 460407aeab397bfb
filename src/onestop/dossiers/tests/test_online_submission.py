"""Online dossiers prepared as drafts and submitted once; the data store feeds and receives documents."""

import threading
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from onestop.accounts.models import User
from onestop.catalog.models import Procedure
from onestop.catalog.selectors import version_in_force
from onestop.core.models import OutboxMessage
from onestop.datastore.models import Origin, StoredDocument
from onestop.datastore.services import document_upload
from onestop.dossiers.constants import ChannelCode, ReturnMethod, State
from onestop.dossiers.drafts import (
    draft_attach_stored,
    draft_attach_upload,
    draft_set_return,
    draft_start,
    draft_submit,
)
from onestop.dossiers.models import Dossier, DossierDraft
from onestop.dossiers.services import dossier_act
from onestop.dossiers.tests.conftest import pdf_upload
from onestop.payments.models import PaymentMethod
from onestop.payments.services import payment_record_at_desk


@pytest.fixture
def online(people: SimpleNamespace) -> SimpleNamespace:
    version = version_in_force(procedure=Procedure.objects.get(code="1.001193"))
    assert version is not None
    # Required documents to submit first, so the journey's three documents include them.
    components = sorted(
        version.components.order_by("position"), key=lambda c: not (c.required and c.kind == "submit")
    )
    assert len(components) >= 3, "the journey needs three documents"
    draft = draft_start(actor=people.citizen, version=version, desk=people.desk_place)
    return SimpleNamespace(version=version, components=components, draft=draft)


def _ready(people: SimpleNamespace, online: SimpleNamespace) -> DossierDraft:
    """A draft with two uploads and one document from the citizen's store, result wanted electronically."""
    first, second, third = online.components[:3]
    draft = online.draft
    draft_attach_upload(
        actor=people.citizen,
        draft=draft,
        component=first,
        upload=pdf_upload("to-khai.pdf", 2),
        keep_in_store=True,
    )
    draft_attach_upload(
        actor=people.citizen,
        draft=draft,
        component=second,
        upload=pdf_upload("giay-chung-sinh.pdf"),
        keep_in_store=False,
    )
    kept = document_upload(
        owner=people.citizen, title="Giấy đăng ký kết hôn", upload=pdf_upload("ket-hon.pdf", 3)
    )
    draft_attach_stored(actor=people.citizen, draft=draft, component=third, document=kept)
    draft_set_return(actor=people.citizen, draft=draft, method=ReturnMethod.ELECTRONIC)
    return draft


def test_a_draft_starts_prefilled_from_the_account_and_resumes_instead_of_doubling(
    people: SimpleNamespace, online: SimpleNamespace
) -> None:
    assert online.draft.applicant_name == people.citizen.full_name
    assert online.draft.applicant_id_number == people.citizen.personal_id
    again = draft_start(actor=people.citizen, version=online.version, desk=people.desk_place)
    assert again.pk == online.draft.pk
    assert DossierDraft.objects.count() == 1


def test_submitting_creates_one_online_dossier_with_hashes_pages_and_the_reused_document(
    people: SimpleNamespace, online: SimpleNamespace
) -> None:
    draft = _ready(people, online)
    dossier = draft_submit(actor=people.citizen, draft=draft)
    assert dossier.channel == ChannelCode.ONLINE
    assert dossier.state == State.NEW
    assert dossier.applicant == people.citizen
    assert dossier.return_requested == ReturnMethod.ELECTRONIC
    by_component = {c.procedure_component_id: c for c in dossier.components.all()}
    components = [by_component[c.pk] for c in online.components]
    assert [c.provided for c in components[:3]] == [True, True, True]
    assert [c.from_data_store for c in components[:3]] == [False, False, True]
    assert components[2].reused
    assert not any(c.provided for c in components[3:])
    files = {f.original_name: f for f in dossier.files.all()}
    assert files["to-khai.pdf"].pages == 2
    assert files["ket-hon.pdf"].pages == 3
    assert all(len(f.sha256) == 64 for f in files.values())
    notice = OutboxMessage.objects.get(topic="applicant_notice", key=dossier.code)
    assert notice.payload["event"] == "submitted"
    assert notice.payload["code"] == dossier.code


def test_a_double_submission_returns_the_same_dossier(
    people: SimpleNamespace, online: SimpleNamespace
) -> None:
    draft = _ready(people, online)
    first = draft_submit(actor=people.citizen, draft=draft)
    second = draft_submit(actor=people.citizen, draft=draft)
    assert first.pk == second.pk
    assert Dossier.objects.count() == 1


def test_uploads_marked_to_keep_go_into_the_store_and_others_do_not(
    people: SimpleNamespace, online: SimpleNamespace
) -> None:
    dossier = draft_submit(actor=people.citizen, draft=_ready(people, online))
    kept = StoredDocument.objects.filter(owner=people.citizen, source_dossier=dossier)
    assert [d.original_name for d in kept] == ["to-khai.pdf"]
    assert kept[0].origin == Origin.UPLOAD
    assert not StoredDocument.objects.filter(original_name="giay-chung-sinh.pdf").exists()


def test_a_missing_required_document_is_named_and_nothing_is_created(
    people: SimpleNamespace, online: SimpleNamespace
) -> None:
    required = [c for c in online.components if c.required and c.kind == "submit"]
    assert required, "the procedure has a required document"
    draft_set_return(actor=people.citizen, draft=online.draft, method=ReturnMethod.AT_DESK)
    with pytest.raises(ValidationError) as error:
        draft_submit(actor=people.citizen, draft=online.draft)
    assert required[0].name[:40] in " ".join(error.value.messages)
    assert Dossier.objects.count() == 0


def test_return_by_post_needs_an_address(people: SimpleNamespace, online: SimpleNamespace) -> None:
    with pytest.raises(ValidationError) as error:
        draft_set_return(actor=people.citizen, draft=online.draft, method=ReturnMethod.POST, address=" ")
    assert "address" in error.value.message_dict
    draft = draft_set_return(
        actor=people.citizen, draft=online.draft, method=ReturnMethod.POST, address="Thôn 3, xã Ninh Giang"
    )
    assert draft.return_address == "Thôn 3, xã Ninh Giang"


def test_someone_else_cannot_touch_or_submit_a_draft(
    people: SimpleNamespace, online: SimpleNamespace
) -> None:
    stranger = User.objects.create_user(username="0987000111", full_name="Người Lạ", password="x-very-long-1")
    with pytest.raises(PermissionDenied):
        draft_set_return(actor=stranger, draft=online.draft, method=ReturnMethod.AT_DESK)
    with pytest.raises(PermissionDenied):
        draft_submit(actor=stranger, draft=online.draft)


def test_a_store_document_of_another_account_cannot_be_used(
    people: SimpleNamespace, online: SimpleNamespace
) -> None:
    stranger = User.objects.create_user(
        username="0987000112", full_name="Người Khác", password="x-very-long-1"
    )
    theirs = document_upload(owner=stranger, title="Của người khác", upload=pdf_upload())
    with pytest.raises(PermissionDenied):
        draft_attach_stored(
            actor=people.citizen, draft=online.draft, component=online.components[0], document=theirs
        )


def test_an_unconfirmed_account_cannot_submit(people: SimpleNamespace, online: SimpleNamespace) -> None:
    draft = _ready(people, online)
    User.objects.filter(pk=people.citizen.pk).update(contact_verified_at=None)
    people.citizen.refresh_from_db()
    with pytest.raises(ValidationError):
        draft_submit(actor=people.citizen, draft=draft)
    assert Dossier.objects.count() == 0


def test_a_bad_upload_leaves_the_draft_as_it_was(people: SimpleNamespace, online: SimpleNamespace) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    component = online.components[0]
    draft_attach_upload(
        actor=people.citizen,
        draft=online.draft,
        component=component,
        upload=pdf_upload("good.pdf"),
        keep_in_store=False,
    )
    with pytest.raises(ValidationError):
        draft_attach_upload(
            actor=people.citizen,
            draft=online.draft,
            component=component,
            upload=SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
            keep_in_store=False,
        )
    assert [d.original_name for d in online.draft.documents.all()] == ["good.pdf"]


def test_the_returned_e_result_lands_in_the_applicants_store(
    people: SimpleNamespace, online: SimpleNamespace, pki_demo: object
) -> None:
    dossier = draft_submit(actor=people.citizen, draft=_ready(people, online))
    dossier = dossier_act(actor=people.desk, dossier=dossier, action="receive")
    dossier = dossier_act(actor=people.desk, dossier=dossier, action="transfer")
    dossier = dossier_act(actor=people.leader, dossier=dossier, action="assign", assignee=people.specialist)
    while dossier.state == State.IN_PROGRESS:
        try:
            dossier = dossier_act(
                actor=people.specialist,
                dossier=dossier,
                action="submit_for_approval",
                files=[pdf_upload("du-thao.pdf")],
            )
        except ValidationError:
            dossier = dossier_act(
                actor=people.specialist,
                dossier=dossier,
                action="complete_step",
                files=[pdf_upload("buoc.pdf")],
            )
    dossier = dossier_act(
        actor=people.leader, dossier=dossier, action="approve", files=[pdf_upload("giay-khai-sinh.pdf")]
    )
    for payment in dossier.payments.all():  # the reception fee, paid at the desk
        payment_record_at_desk(actor=people.desk, payment=payment, method=PaymentMethod.CASH)
    dossier_act(actor=people.desk, dossier=dossier, action="return_result", method=ReturnMethod.ELECTRONIC)
    result = StoredDocument.objects.get(owner=people.citizen, origin=Origin.E_RESULT)
    assert result.original_name == "giay-khai-sinh.pdf"
    assert result.source_dossier_id == dossier.pk


def test_a_concurrent_double_submission_makes_one_dossier(
    on_postgres: None, transactional_db: None, people: SimpleNamespace, online: SimpleNamespace
) -> None:
    draft = _ready(people, online)
    results: list[Any] = []

    def submit() -> None:
        try:
            results.append(draft_submit(actor=people.citizen, draft=draft).pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1
    assert Dossier.objects.count() == 1


def test_a_helper_submits_for_a_consenting_citizen_and_the_dossier_says_so(
    people: SimpleNamespace, online: SimpleNamespace
) -> None:
    from onestop.community.models import HelpedDossier
    from onestop.community.services import consent_record

    helper = User.objects.get(username="totcn.ninhgiang")
    with pytest.raises(PermissionDenied):
        draft_start(actor=helper, version=online.version, desk=people.desk_place, on_behalf_of=people.citizen)
    consent_record(helper=helper, citizen=people.citizen, method="in_person_signed")
    draft = draft_start(
        actor=helper, version=online.version, desk=people.desk_place, on_behalf_of=people.citizen
    )
    assert draft.owner == people.citizen
    assert draft.submitter == helper
    first = online.components[0]
    draft_attach_upload(actor=helper, draft=draft, component=first, upload=pdf_upload(), keep_in_store=False)
    draft_set_return(actor=helper, draft=draft, method=ReturnMethod.AT_DESK)
    dossier = draft_submit(actor=helper, draft=draft)
    assert dossier.applicant == people.citizen
    assert dossier.submitter == helper
    assert dossier.submitter_kind == "helper"
    assert HelpedDossier.objects.get(dossier=dossier).helper == helper


def test_a_reception_supplement_is_possible_within_8_working_hours_of_lodging_only(
    people: SimpleNamespace, online: SimpleNamespace
) -> None:
    items = [{"name": "Giấy chứng sinh", "reason": "Bản chụp bị mờ"}]
    dossier = draft_submit(actor=people.citizen, draft=_ready(people, online))  # Monday 09:00
    tuesday_evening = dossier.created_at + timedelta(days=1, hours=8)
    with time_machine.travel(tuesday_evening, tick=False), pytest.raises(ValidationError, match="8"):
        dossier_act(actor=people.desk, dossier=dossier, action="request_supplement", items=items)
    with time_machine.travel(dossier.created_at + timedelta(hours=7), tick=False):  # Monday 16:00
        dossier = dossier_act(actor=people.desk, dossier=dossier, action="request_supplement", items=items)
    assert dossier.state == State.SUPPLEMENT_AT_RECEPTION


def test_abandoned_drafts_are_purged_with_their_files_and_recent_ones_kept(
    people: SimpleNamespace, online: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.management import call_command

    document = draft_attach_upload(
        actor=people.citizen,
        draft=online.draft,
        component=online.components[0],
        upload=pdf_upload(),
        keep_in_store=False,
    )
    storage, name = document.file.storage, document.file.name
    call_command("purge_drafts", "--days", "90")
    assert DossierDraft.objects.filter(pk=online.draft.pk).exists()
    with (
        time_machine.travel(timezone.now() + timedelta(days=91), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("purge_drafts")
    assert not DossierDraft.objects.filter(pk=online.draft.pk).exists()
    assert not storage.exists(name)
