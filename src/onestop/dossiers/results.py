"""Signed e-results: the leader's approval signs each PDF result (the agency's signature follows), and only a
signed result may be returned electronically."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from onestop.dossiers.constants import FileKind, ReturnMethod, State
from onestop.dossiers.files import check_upload
from onestop.dossiers.models import Dossier, DossierFile
from onestop.organizations.constants import Role
from onestop.signing.models import KeyStorage, RemoteSigningRequest, SignedDocument
from onestop.signing.selectors import agency_certificate, official_certificate
from onestop.signing.services import (
    document_add_signature,
    document_sign,
    register_completion,
    remote_request_start,
)

PDF = "application/pdf"
REMOTE_PURPOSE = "dossier_result"


def _unsigned_results(dossier: Dossier) -> list[DossierFile]:
    return list(dossier.files.filter(kind=FileKind.RESULT, signed_document__isnull=True).order_by("pk"))


def _title(dossier: Dossier, stored: DossierFile) -> str:
    return stored.label or dossier.procedure_version.result_name or stored.original_name


def _replace_with_signed(stored: DossierFile, document: SignedDocument) -> None:
    content = bytes(document.content)
    stored.file.save(
        f"{stored.dossier.code}-{document.sha256[:12]}-signed.pdf", ContentFile(content), save=False
    )
    stored.sha256 = document.sha256
    stored.size = len(content)
    stored.signed_document = document
    stored.save(update_fields=["file", "sha256", "size", "signed_document"])


def results_sign_on_decision(*, actor: Any, dossier: Dossier) -> list[SignedDocument]:
    """Sign the dossier's unsigned PDF results as the deciding leader, then as the agency.

    A leader without a certificate signs on paper: the results stay unsigned and cannot be returned
    electronically. A leader whose key is on a phone must have signed remotely before deciding.
    """
    official = official_certificate(user=actor, agency=dossier.agency)
    pending = [f for f in _unsigned_results(dossier) if f.content_type == PDF]
    if official is None or not pending:
        return []
    if official.key_storage == KeyStorage.REMOTE:
        raise ValidationError(_("Sign the result on your phone first (“Sign from my phone”), then decide."))
    agency = agency_certificate(agency=dossier.agency)
    signed = []
    for stored in pending:
        with stored.file.open("rb") as handle:
            data = handle.read()
        document = document_sign(
            actor=actor,
            data=data,
            title=_title(dossier, stored),
            certificate=official,
            agency_certificate=agency,
            dossier=dossier,
            reason=_("Result of dossier %(code)s") % {"code": dossier.code},
        )
        _replace_with_signed(stored, document)
        signed.append(document)
    return signed


def results_check_before_return(*, dossier: Dossier) -> None:
    if dossier.return_method != ReturnMethod.ELECTRONIC:
        return
    results = dossier.files.filter(kind=FileKind.RESULT)
    if not results.exists() or results.filter(signed_document__isnull=True).exists():
        raise ValidationError(
            _(
                "Only a digitally signed result can be returned electronically; "
                "return it at the desk or by post."
            )
        )


@transaction.atomic
def results_remote_signing_start(
    *, actor: Any, dossier: Dossier, files: Sequence[UploadedFile] = ()
) -> list[RemoteSigningRequest]:
    """Send each unsigned PDF result (with ``files``, attached now) to the leader's phone for signing.

    The leader approves once the phone has signed; the approval then finds the results signed.
    """
    from onestop.dossiers.services import dossier_file_store, dossier_post_for  # services import this module

    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    dossier_post_for(actor=actor, dossier=dossier, role=Role.AGENCY_LEADER)
    if dossier.state != State.AWAITING_APPROVAL:
        raise ValidationError(_("Only a dossier awaiting approval has a result to sign."))
    official = official_certificate(user=actor, agency=dossier.agency)
    if official is None or official.key_storage != KeyStorage.REMOTE:
        raise ValidationError(_("You have no certificate for signing from a phone."))
    for upload in files:
        dossier_file_store(dossier=dossier, checked=check_upload(upload), kind=FileKind.RESULT, actor=actor)
    pending = [f for f in _unsigned_results(dossier) if f.content_type == PDF]
    if not pending:
        raise ValidationError(_("There is no unsigned PDF result to sign."))
    requests = []
    for stored in pending:
        with stored.file.open("rb") as handle:
            data = handle.read()
        requests.append(
            remote_request_start(
                actor=actor,
                certificate=official,
                data=data,
                title=_title(dossier, stored),
                purpose={
                    "kind": REMOTE_PURPOSE,
                    "dossier": dossier.pk,
                    "dossier_code": dossier.code,
                    "file": stored.pk,
                },
            )
        )
    return requests


def _on_remote_result_signed(request: RemoteSigningRequest, document: SignedDocument) -> None:
    """Run in the completing transaction: the agency countersigns; the signed file replaces the draft."""
    stored = DossierFile.objects.select_related("dossier", "dossier__agency").get(pk=request.purpose["file"])
    if stored.sha256 != request.purpose.get("unsigned_sha256") or stored.signed_document_id is not None:
        raise ValidationError(_("The result changed while it was being signed; sign it again."))
    agency = agency_certificate(agency=stored.dossier.agency)
    if agency is not None:
        document = document_add_signature(
            actor=request.certificate.holder, document=document, certificate=agency
        )
    _replace_with_signed(stored, document)


def register() -> None:
    register_completion(REMOTE_PURPOSE, _on_remote_result_signed)
