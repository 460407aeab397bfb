"""Online submission: a short journey of one question per page, saved at every step and resumable.

Start (where to) → 1 applicant → 2 documents → 3 how to receive the result → 4 review and submit.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onestop.accounts.selectors import account_is_verified
from onestop.catalog.models import Procedure
from onestop.catalog.selectors import version_in_force
from onestop.community.selectors import citizens_of_helper, helper_may_act_for
from onestop.core.forms import form_add_service_errors
from onestop.datastore.selectors import document_of, documents_of
from onestop.datastore.services import document_remove, document_upload
from onestop.dossiers.drafts import (
    draft_attach_stored,
    draft_attach_upload,
    draft_discard,
    draft_remove_document,
    draft_set_return,
    draft_start,
    draft_submit,
    draft_update_applicant,
    missing_components,
)
from onestop.dossiers.models import DossierDraft, DraftState
from onestop.dossiers.selectors import draft_of
from onestop.portal.selectors import where_to_apply
from onestop.portal.submission_forms import ApplicantForm, DeskChoiceForm, ReturnForm, StoreUploadForm

STEPS = 4


def _report(form: Form | None, request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    """Put a service's errors on the form's fields (or at its top); without a form, as messages."""
    if isinstance(error, ValidationError) and form is not None:
        form_add_service_errors(form, error)
        return
    for message in getattr(error, "messages", None) or [str(error)]:
        if form is not None:
            form.add_error(None, message)
        else:
            messages.error(request, message)


def _editable_draft(request: HttpRequest, draft_id: int) -> DossierDraft:
    draft = draft_of(user=request.user, draft_id=draft_id)
    if draft is None:
        raise Http404
    return draft


def _on_behalf_of(request: HttpRequest) -> Any:
    """The citizen a community helper acts for (``?for=``), only with that citizen's recorded consent."""
    citizen_id = request.GET.get("for") or request.POST.get("for")
    if not citizen_id:
        return None
    citizen = (
        citizens_of_helper(helper=request.user).filter(pk=citizen_id).first()
        if citizen_id.isdigit()
        else None
    )
    if citizen is None:
        raise PermissionDenied(_("You have no recorded consent to act for this person."))
    return citizen


@login_required
@require_http_methods(["GET", "POST"])
def submit_start(request: HttpRequest, code: str) -> HttpResponse:
    procedure = Procedure.objects.filter(code=code).first()
    version = version_in_force(procedure=procedure) if procedure else None
    if version is None:
        raise Http404
    if not account_is_verified(user=request.user):
        messages.info(
            request, _("Confirm your phone number or e-mail address first; then you can apply online.")
        )
        return redirect(f"{reverse('accounts:confirm')}?next={request.get_full_path()}")
    on_behalf_of = _on_behalf_of(request)
    desks = [desk for where in where_to_apply(procedure=procedure) for desk in where.desks]  # type: ignore[arg-type]
    form = DeskChoiceForm(request.POST or None, desks=desks)
    if request.method == "POST" and form.is_valid():
        try:
            draft = draft_start(
                actor=request.user, version=version, desk=form.cleaned_data["desk"], on_behalf_of=on_behalf_of
            )
        except (ValidationError, PermissionDenied) as error:
            _report(form, request, error)
        else:
            return redirect("portal:draft_applicant", draft_id=draft.pk)
    helped = [
        citizen
        for citizen in citizens_of_helper(helper=request.user)
        if helper_may_act_for(helper=request.user, citizen=citizen)
    ]
    return render(
        request,
        "portal/submit/start.html",
        {"version": version, "form": form, "desks": desks, "on_behalf_of": on_behalf_of, "helped": helped},
    )


def _context(draft: DossierDraft, step: int, **extra: Any) -> dict[str, Any]:
    return {"draft": draft, "version": draft.procedure_version, "step": step, "steps": STEPS, **extra}


def _closed(draft: DossierDraft) -> HttpResponse | None:
    if draft.state == DraftState.SUBMITTED:
        return redirect("portal:draft_done", draft_id=draft.pk)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def draft_applicant(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = _editable_draft(request, draft_id)
    if (closed := _closed(draft)) is not None:
        return closed
    organizations = list(draft.owner.organizations.order_by("name"))
    initial = {
        "name": draft.applicant_name,
        "id_number": draft.applicant_id_number,
        "address": draft.applicant_address,
        "phone": draft.applicant_phone,
        "email": draft.applicant_email,
        "organization": str(draft.applicant_organization_id or ""),
    }
    form = ApplicantForm(request.POST or None, initial=initial, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("organization", "")
        organization = next((o for o in organizations if str(o.pk) == chosen), None)
        try:
            draft_update_applicant(actor=request.user, draft=draft, organization=organization, **data)
        except (ValidationError, PermissionDenied) as error:
            _report(form, request, error)
        else:
            return redirect("portal:draft_documents", draft_id=draft.pk)
    return render(request, "portal/submit/applicant.html", _context(draft, 1, form=form))


@login_required
@require_http_methods(["GET", "POST"])
def draft_documents(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Every component on one page: upload a file (camera on phones) or pick one from the data store."""
    draft = _editable_draft(request, draft_id)
    if (closed := _closed(draft)) is not None:
        return closed
    components = list(draft.procedure_version.components.order_by("position"))
    errors: dict[int, list[str]] = {}
    if request.method == "POST":
        for component in components:
            key = str(component.pk)
            try:
                if request.POST.get("remove") == key:
                    draft_remove_document(actor=request.user, draft=draft, component=component)
                elif upload := request.FILES.get(f"file-{key}"):
                    draft_attach_upload(
                        actor=request.user,
                        draft=draft,
                        component=component,
                        upload=upload,
                        keep_in_store=request.POST.get(f"keep-{key}") == "on",
                    )
                elif (stored_id := request.POST.get(f"stored-{key}", "")).isdigit():
                    document = document_of(user=draft.owner, document_id=int(stored_id))
                    if document is None:
                        raise ValidationError(_("This document is not in the data store."))
                    draft_attach_stored(
                        actor=request.user, draft=draft, component=component, document=document
                    )
            except (ValidationError, PermissionDenied) as error:
                errors[component.pk] = list(getattr(error, "messages", None) or [str(error)])
        if not errors and "continue" in request.POST:
            missing = missing_components(draft)
            if not missing:
                return redirect("portal:draft_return", draft_id=draft.pk)
            for component in missing:
                errors[component.pk] = [
                    _("This document is required: upload it or pick it from your data store.")
                ]
        elif not errors:
            return redirect("portal:draft_documents", draft_id=draft.pk)
    chosen = {
        document.component_id: document for document in draft.documents.select_related("stored_document")
    }
    rows = [{"component": c, "chosen": chosen.get(c.pk), "errors": errors.get(c.pk, [])} for c in components]
    return render(
        request,
        "portal/submit/documents.html",
        _context(
            draft,
            2,
            rows=rows,
            has_errors=bool(errors),
            store=list(documents_of(user=draft.owner)),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def draft_return(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = _editable_draft(request, draft_id)
    if (closed := _closed(draft)) is not None:
        return closed
    initial = {"method": draft.return_requested, "address": draft.return_address or draft.applicant_address}
    form = ReturnForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            draft_set_return(actor=request.user, draft=draft, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            _report(form, request, error)
        else:
            return redirect("portal:draft_review", draft_id=draft.pk)
    return render(request, "portal/submit/return.html", _context(draft, 3, form=form))


@login_required
@require_http_methods(["GET", "POST"])
def draft_review(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = _editable_draft(request, draft_id)
    if (closed := _closed(draft)) is not None:
        return closed
    problems: list[str] = []
    if request.method == "POST":
        try:
            draft_submit(actor=request.user, draft=draft)
        except (ValidationError, PermissionDenied) as error:
            problems = list(getattr(error, "messages", None) or [str(error)])
        else:
            return redirect("portal:draft_done", draft_id=draft.pk)
    documents = {d.component_id: d for d in draft.documents.select_related("stored_document")}
    rows = [(c, documents.get(c.pk)) for c in draft.procedure_version.components.order_by("position")]
    return render(
        request,
        "portal/submit/review.html",
        _context(draft, 4, rows=rows, problems=problems, missing=missing_components(draft)),
    )


@login_required
@require_POST
def draft_delete(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = _editable_draft(request, draft_id)
    try:
        draft_discard(actor=request.user, draft=draft)
    except (ValidationError, PermissionDenied) as error:
        _report(None, request, error)
    else:
        messages.success(request, _("The unfinished dossier was deleted."))
    return redirect("portal:my_dossiers")


@login_required
def draft_done(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = _editable_draft(request, draft_id)
    if draft.state != DraftState.SUBMITTED or draft.dossier is None:
        return redirect("portal:draft_review", draft_id=draft.pk)
    return render(request, "portal/submit/done.html", {"draft": draft, "dossier": draft.dossier})


# --- the personal data store -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def data_store(request: HttpRequest) -> HttpResponse:
    form = StoreUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document_upload(
                owner=request.user, title=form.cleaned_data["title"], upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            _report(form, request, error)
        else:
            messages.success(request, _("The document is in your data store."))
            return redirect("portal:data_store")
    return render(
        request, "portal/data_store.html", {"documents": documents_of(user=request.user), "form": form}
    )


@login_required
def data_store_download(request: HttpRequest, document_id: int) -> FileResponse:
    document = document_of(user=request.user, document_id=document_id)
    if document is None:
        raise Http404
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


@login_required
@require_POST
def data_store_remove(request: HttpRequest, document_id: int) -> HttpResponse:
    document = document_of(user=request.user, document_id=document_id)
    if document is None:
        raise Http404
    document_remove(owner=request.user, document=document)
    messages.success(request, _("The document was removed from your data store."))
    return redirect("portal:data_store")
