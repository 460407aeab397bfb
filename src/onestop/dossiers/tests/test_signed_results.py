"""The leader's approval signs the e-result; only a signed result goes back electronically."""

import base64
import hashlib
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onestop.datastore.models import Origin, StoredDocument
from onestop.dossiers.constants import FileKind, ReturnMethod, State
from onestop.dossiers.models import Dossier
from onestop.dossiers.results import results_remote_signing_start
from onestop.dossiers.services import dossier_act
from onestop.dossiers.tests.conftest import act, pdf_upload
from onestop.signing import pki
from onestop.signing.demo import DemoPki
from onestop.signing.models import CertificateKind, KeyStorage, SigningCertificate
from onestop.signing.services import certificate_register
from onestop.signing.verification import verify_pdf


def _approved(people: SimpleNamespace, dossier_in: Callable[[State], Dossier]) -> Dossier:
    dossier = dossier_in(State.AWAITING_APPROVAL)
    return act(people, dossier, "leader", "approve", {"files": 1})


def test_approval_signs_the_result_as_leader_then_agency(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier], pki_demo: DemoPki
) -> None:
    dossier = _approved(people, dossier_in)
    result = dossier.files.get(kind=FileKind.RESULT)
    assert result.signed_document is not None
    content = result.file.open("rb").read()
    assert hashlib.sha256(content).hexdigest() == result.sha256 == result.signed_document.sha256
    report = verify_pdf(content)
    assert report.all_valid
    assert [s.signer for s in report.signatures] == ["Phạm Quốc Hùng", "UBND Xã Ninh Giang"]
    assert report.dossier_code == dossier.code


def test_the_citizen_downloads_and_keeps_the_signed_result(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier], pki_demo: DemoPki
) -> None:
    dossier = act(people, _approved(people, dossier_in), "desk", "return_result", {"method": "electronic"})
    result = dossier.files.get(kind=FileKind.RESULT)
    client = Client()
    client.force_login(people.citizen)
    response = client.get(reverse("portal:result_download", args=[dossier.token, result.pk]))
    downloaded = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert verify_pdf(downloaded).all_valid
    kept = StoredDocument.objects.get(owner=people.citizen, origin=Origin.E_RESULT)
    assert kept.sha256 == hashlib.sha256(downloaded).hexdigest()


def test_a_visitor_with_the_tracking_link_cannot_download_a_counter_applicants_result(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = _approved(people, dossier_in)
    # Applied at the counter: no applicant or submitter account, so both ids are None, as is a visitor's.
    Dossier.objects.filter(pk=dossier.pk).update(applicant=None, submitter=None)
    result = dossier.files.get(kind=FileKind.RESULT)
    visitor = Client()
    page = visitor.get(reverse("portal:dossier_status", args=[dossier.token])).content.decode()
    assert dossier.code in page
    assert reverse("portal:result_download", args=[dossier.token, result.pk]) not in page
    stranger = Client()
    stranger.force_login(people.other_desk)
    assert stranger.get(reverse("portal:result_download", args=[dossier.token, result.pk])).status_code == 404


def test_an_unsigned_result_cannot_be_returned_electronically(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = _approved(people, dossier_in)  # no certificates: the leader signed on paper
    assert dossier.files.get(kind=FileKind.RESULT).signed_document is None
    with pytest.raises(ValidationError, match="ký số"):
        act(people, dossier, "desk", "return_result", {"method": "electronic"})
    dossier.refresh_from_db()
    assert dossier.state == State.DONE
    returned = act(people, dossier, "desk", "return_result", {"method": ReturnMethod.AT_DESK})
    assert returned.state == State.RETURNED


def test_a_leader_signing_from_a_phone_signs_before_approving(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier], pki_demo: DemoPki
) -> None:
    ca = pki.read_pkcs12(pki_demo.ca.pkcs12_name)
    phone_key = pki.issue(ca=ca, subject=pki.name(common_name="Phạm Quốc Hùng"), now=timezone.now())
    SigningCertificate.objects.filter(kind=CertificateKind.OFFICIAL).update(active=False)
    certificate_register(
        actor=None,
        kind=CertificateKind.OFFICIAL,
        certificate=phone_key.certificate,
        chain=[ca.certificate],
        key_storage=KeyStorage.REMOTE,
        holder=people.leader,
        agency=people.agency,
    )
    dossier = dossier_in(State.AWAITING_APPROVAL)
    with pytest.raises(ValidationError, match="điện thoại"):
        act(people, dossier, "leader", "approve", {"files": 1})
    assert not dossier.files.filter(kind=FileKind.RESULT).exists()  # the refused upload was rolled back
    with pytest.raises(PermissionDenied):
        results_remote_signing_start(actor=people.specialist, dossier=dossier, files=[pdf_upload("kq.pdf")])
    (request,) = results_remote_signing_start(
        actor=people.leader, dossier=dossier, files=[pdf_upload("kq.pdf")]
    )
    client = Client()
    client.force_login(people.leader)
    value = phone_key.key.sign(bytes(request.to_sign), padding.PKCS1v15(), hashes.SHA256())
    response = client.post(
        f"/api/v1/signing/requests/{request.pk}/signature",
        {"signature": base64.b64encode(value).decode()},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    approved = dossier_act(actor=people.leader, dossier=dossier, action="approve")
    result = approved.files.get(kind=FileKind.RESULT)
    report = verify_pdf(result.file.open("rb").read())
    assert report.all_valid
    assert [s.signer for s in report.signatures] == ["Phạm Quốc Hùng", "UBND Xã Ninh Giang"]
