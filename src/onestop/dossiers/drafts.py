"""Writes of online dossiers being prepared: start, fill in step by step, attach documents, submit once.

A draft belongs to its applicant account; a community helper may prepare it for the applicant with the
applicant's recorded consent. Submitting locks the draft row, so a double click or a retried request returns
the dossier the first submission created.
"""

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onestop.accounts.models import Organization
from onestop.accounts.selectors import account_is_verified
from onestop.catalog.constants import Channel, ComponentKind
from onestop.catalog.models import Component, ProcedureVersion
from onestop.community.selectors import consent_for, helper_may_act_for
from onestop.community.services import helped_dossier_record
from onestop.core.text import nfc
from onestop.datastore.models import Origin, StoredDocument
from onestop.datastore.selectors import document_content
from onestop.datastore.services import document_keep
from onestop.dossiers.constants import ChannelCode, ReturnMethod, SubmitterKind
from onestop.dossiers.files import CheckedFile, check_upload, stored_as_checked
from onestop.dossiers.models import Dossier, DossierDraft, DraftDocument, DraftState
from onestop.dossiers.services import ApplicantData, ComponentIntake, SubmitterData, dossier_create
from onestop.organizations.models import Desk


def _may_edit(*, actor: Any, draft: DossierDraft) -> None:
    if getattr(actor, "pk", None) not in {draft.owner_id, draft.submitter_id}:
        raise PermissionDenied(_("This draft is not yours."))
    if draft.state != DraftState.EDITING:
        raise ValidationError(_("This dossier has been submitted; it can no longer be changed."))


def _locked(draft: DossierDraft) -> DossierDraft:
    return DossierDraft.objects.select_for_update().get(pk=draft.pk)


@transaction.atomic
def draft_start(
    *, actor: Any, version: ProcedureVersion, desk: Desk, on_behalf_of: Any = None
) -> DossierDraft:
    """Start (or resume) the online dossier of ``actor`` — or, for a helper, of ``on_behalf_of``."""
    if not version.accepts_dossiers:
        raise ValidationError(_("This procedure takes no dossiers until its missing details are published."))
    if Channel.ONLINE not in version.channels:
        raise ValidationError(_("This procedure cannot be done online; apply at a one-stop desk."))
    if not desk.active:
        raise ValidationError(_("This desk does not receive dossiers."))
    owner, submitter = actor, None
    if on_behalf_of is not None and on_behalf_of.pk != actor.pk:
        if not helper_may_act_for(helper=actor, citizen=on_behalf_of):
            raise PermissionDenied(_("You have no recorded consent to act for this person."))
        owner, submitter = on_behalf_of, actor
    existing = (
        DossierDraft.objects.select_for_update()
        .filter(owner=owner, procedure_version=version, state=DraftState.EDITING, submitter=submitter)
        .first()
    )
    if existing is not None:
        if existing.desk_id != desk.pk:
            existing.desk = desk
            existing.save(update_fields=["desk", "updated_at"])
        return existing
    return DossierDraft.objects.create(
        owner=owner,
        submitter=submitter,
        procedure_version=version,
        desk=desk,
        applicant_name=owner.full_name,
        applicant_id_number=owner.personal_id,
        applicant_address=getattr(owner, "address", ""),
        applicant_phone=owner.phone,
        applicant_email=owner.email,
    )


@transaction.atomic
def draft_update_applicant(
    *,
    actor: Any,
    draft: DossierDraft,
    name: str,
    id_number: str,
    address: str = "",
    phone: str = "",
    email: str = "",
    organization: Organization | None = None,
) -> DossierDraft:
    draft = _locked(draft)
    _may_edit(actor=actor, draft=draft)
    errors: dict[str, list[str]] = {}
    if not nfc(name).strip():
        errors["name"] = [_("Enter the applicant's full name.")]
    if not nfc(id_number).strip():
        errors["id_number"] = [_("Enter the personal ID number.")]
    if not phone and not email:
        errors["phone"] = [_("Give a phone number or an e-mail address, so we can tell you the outcome.")]
    if organization is not None and not organization.representatives.filter(pk=draft.owner_id).exists():
        errors["organization"] = [_("You do not represent this organisation.")]
    if errors:
        raise ValidationError(errors)
    draft.applicant_name = nfc(name).strip()
    draft.applicant_id_number = nfc(id_number).strip()
    draft.applicant_address = nfc(address).strip()
    draft.applicant_phone = nfc(phone).strip()
    draft.applicant_email = nfc(email).strip().lower()
    draft.applicant_organization = organization
    draft.save()
    return draft


def _component_of(draft: DossierDraft, component: Component) -> Component:
    if component.version_id != draft.procedure_version_id:
        raise ValidationError(_("This document is not part of this procedure."))
    return component


@transaction.atomic
def draft_attach_upload(
    *, actor: Any, draft: DossierDraft, component: Component, upload: UploadedFile, keep_in_store: bool
) -> DraftDocument:
    """Check ``upload`` by its content and keep it as the draft's document for ``component``."""
    draft = _locked(draft)
    _may_edit(actor=actor, draft=draft)
    _component_of(draft, component)
    checked = check_upload(upload)
    _forget(draft, component)
    document = DraftDocument(
        draft=draft,
        component=component,
        original_name=nfc(checked.name)[:255],
        content_type=checked.content_type,
        size=len(checked.content),
        pages=checked.pages,
        sha256=checked.sha256,
        keep_in_store=keep_in_store,
    )
    document.file.save(f"draft{draft.pk}-{checked.sha256[:12]}", ContentFile(checked.content), save=False)
    document.save()
    draft.save(update_fields=["updated_at"])
    return document


@transaction.atomic
def draft_attach_stored(
    *, actor: Any, draft: DossierDraft, component: Component, document: StoredDocument
) -> DraftDocument:
    """Use a document of the applicant's data store for ``component`` instead of uploading it again."""
    draft = _locked(draft)
    _may_edit(actor=actor, draft=draft)
    _component_of(draft, component)
    if document.owner_id != draft.owner_id:
        raise PermissionDenied(_("This document is not in the applicant's data store."))
    _forget(draft, component)
    chosen = DraftDocument.objects.create(
        draft=draft,
        component=component,
        stored_document=document,
        original_name=document.original_name,
        content_type=document.content_type,
        size=document.size,
        pages=document.pages,
        sha256=document.sha256,
    )
    draft.save(update_fields=["updated_at"])
    return chosen


def _forget(draft: DossierDraft, component: Component) -> None:
    previous = DraftDocument.objects.filter(draft=draft, component=component).first()
    if previous is None:
        return
    storage, name = previous.file.storage, previous.file.name
    previous.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def draft_remove_document(*, actor: Any, draft: DossierDraft, component: Component) -> None:
    draft = _locked(draft)
    _may_edit(actor=actor, draft=draft)
    _forget(draft, component)


@transaction.atomic
def draft_set_return(*, actor: Any, draft: DossierDraft, method: str, address: str = "") -> DossierDraft:
    """How the applicant wants the result: at the desk, by post (address needed) or electronically."""
    draft = _locked(draft)
    _may_edit(actor=actor, draft=draft)
    if method not in ReturnMethod.values:
        raise ValidationError({"method": [_("Choose how you want to receive the result.")]})
    address = nfc(address).strip()
    if method == ReturnMethod.POST and not address:
        raise ValidationError({"address": [_("Give the address the result is posted to.")]})
    draft.return_requested = method
    draft.return_address = address if method == ReturnMethod.POST else ""
    draft.save()
    return draft


def missing_components(draft: DossierDraft) -> list[Component]:
    """Required documents to submit that the draft has none for."""
    chosen = set(draft.documents.values_list("component_id", flat=True))
    return [
        component
        for component in draft.procedure_version.components.order_by("position")
        if component.required and component.kind == ComponentKind.SUBMIT and component.pk not in chosen
    ]


def _draft_file(document: DraftDocument) -> CheckedFile:
    if document.stored_document is not None:
        return document_content(document.stored_document)
    return stored_as_checked(document)


@transaction.atomic
def draft_submit(*, actor: Any, draft: DossierDraft) -> Dossier:
    """Submit the draft as an online dossier; a repeated submission returns the same dossier."""
    draft = _locked(draft)
    if getattr(actor, "pk", None) not in {draft.owner_id, draft.submitter_id}:
        raise PermissionDenied(_("This draft is not yours."))
    if draft.state == DraftState.SUBMITTED and draft.dossier is not None:
        return draft.dossier
    if not account_is_verified(user=actor):
        raise ValidationError(_("Confirm your phone number or e-mail address before you submit."))
    errors: list[str] = []
    if not draft.applicant_name or not draft.applicant_id_number:
        errors.append(_("Fill in the applicant's details."))
    missing = missing_components(draft)
    if missing:
        errors.append(
            _("Add these documents: %(names)s.") % {"names": "; ".join(c.name[:120] for c in missing)}
        )
    if not draft.return_requested:
        errors.append(_("Choose how you want to receive the result."))
    if errors:
        raise ValidationError(errors)
    if draft.submitter is not None and not helper_may_act_for(helper=draft.submitter, citizen=draft.owner):
        raise PermissionDenied(_("The applicant's consent is missing or was withdrawn."))
    chosen = {
        document.component_id: document for document in draft.documents.select_related("stored_document")
    }
    files = {component_id: _draft_file(document) for component_id, document in chosen.items()}
    intakes = [
        ComponentIntake(
            component=component,
            provided=component.pk in chosen,
            checked=files.get(component.pk),
            reused=bool(chosen.get(component.pk) and chosen[component.pk].stored_document_id),
            from_data_store=bool(chosen.get(component.pk) and chosen[component.pk].stored_document_id),
        )
        for component in draft.procedure_version.components.order_by("position")
    ]
    helper = draft.submitter
    dossier = dossier_create(
        actor=actor,
        desk=draft.desk,
        version=draft.procedure_version,
        applicant=ApplicantData(
            name=draft.applicant_name,
            id_number=draft.applicant_id_number,
            address=draft.applicant_address,
            phone=draft.applicant_phone,
            email=draft.applicant_email,
            account=draft.owner,
            organization=draft.applicant_organization,
        ),
        channel=ChannelCode.ONLINE,
        components=intakes,
        submitter=SubmitterData(
            kind=SubmitterKind.HELPER, name=helper.full_name, id_number=helper.personal_id, account=helper
        )
        if helper is not None
        else None,
        return_requested=draft.return_requested,
        return_address=draft.return_address,
    )
    for component_id, document in chosen.items():
        if document.keep_in_store and document.stored_document_id is None:
            document_keep(
                owner=draft.owner,
                title=document.component.name,
                checked=files[component_id],
                origin=Origin.UPLOAD,
                actor=actor,
                source_dossier=dossier,
            )
    if helper is not None:
        consent = consent_for(helper=helper, citizen=draft.owner)
        helped_dossier_record(helper=helper, dossier=dossier, consent=consent)
    draft.state = DraftState.SUBMITTED
    draft.dossier = dossier
    draft.save()
    # The dossier holds its own copies; the draft's are removed once that is committed.
    names = [(d.file.storage, d.file.name) for d in chosen.values() if d.file]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])
    return dossier


@transaction.atomic
def draft_discard(*, actor: Any, draft: DossierDraft) -> None:
    draft = _locked(draft)
    _may_edit(actor=actor, draft=draft)
    for document in draft.documents.all():
        _forget(draft, document.component)
    draft.delete()


DRAFT_KEPT_FOR = timedelta(days=90)


def drafts_purge_abandoned(*, now: datetime | None = None, kept_for: timedelta = DRAFT_KEPT_FOR) -> int:
    """Delete unsubmitted drafts untouched for ``kept_for``, with their uploaded files; each in its own
    transaction, so one failure leaves the others done."""
    cutoff = (now or timezone.now()) - kept_for
    purged = 0
    for draft in DossierDraft.objects.filter(state=DraftState.EDITING, updated_at__lt=cutoff).iterator():
        draft_discard(actor=draft.owner, draft=draft)
        purged += 1
    return purged
