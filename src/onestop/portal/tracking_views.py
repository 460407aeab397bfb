"""The public status page of a dossier, reached through the unguessable token in the slip's QR code."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from onestop.core.text import mask
from onestop.dossiers.constants import State
from onestop.dossiers.models import DraftState
from onestop.dossiers.selectors import (
    dossier_by_code_and_phone,
    dossier_by_token,
    dossier_timeline,
    dossiers_of_applicant,
    drafts_of,
    result_files_for_applicant,
)
from onestop.dossiers.services import dossier_act
from onestop.dossiers.workflow import ACTION_LABELS
from onestop.payments.selectors import payments_of
from onestop.portal.tracking_forms import TrackingForm
from onestop.workdays.deadlines import classify_completion

# What the applicant should do (or expect) next, in plain words, by state.
NEXT_STEPS = {
    State.NEW: gettext_lazy("Nothing to do now: the desk checks your documents and tells you the outcome."),
    State.SUPPLEMENT_AT_RECEPTION: gettext_lazy(
        "Send the documents asked for below (log in to send them online) or bring them to the desk."
    ),
    State.SUPPLEMENT_IN_PROCESSING: gettext_lazy(
        "Send the documents asked for below (log in to send them online) or bring them to the desk."
    ),
    State.NOT_RECEIVED: gettext_lazy(
        "Read the reasons in the notice; you may apply again once they are solved."
    ),
    State.RECEIVED: gettext_lazy("Nothing to do now: your dossier is on its way to the agency that decides."),
    State.AT_AGENCY: gettext_lazy("Nothing to do now: the agency is handling your dossier."),
    State.IN_PROGRESS: gettext_lazy("Nothing to do now: the agency is handling your dossier."),
    State.AWAITING_APPROVAL: gettext_lazy(
        "Nothing to do now: the result is waiting for the leader's signature."
    ),
    State.SUSPENDED: gettext_lazy(
        "Nothing to do now: handling is paused, and the paused time is added to the due time."
    ),
    State.DONE: gettext_lazy("Your result is ready: download it below or collect it as you chose."),
    State.REFUSED: gettext_lazy(
        "Read the reasons in the refusal letter; you may apply again once they are solved."
    ),
    State.STOPPED: gettext_lazy("Handling was stopped at your request. Nothing more to do."),
    State.WITHDRAWN: gettext_lazy("You withdrew this dossier. Nothing more to do."),
    State.RETURNED: gettext_lazy("The result was returned to you. Nothing more to do."),
}
AT_DESK_STATES = {State.NEW, State.SUPPLEMENT_AT_RECEPTION, State.NOT_RECEIVED, State.RECEIVED, State.DONE}


@require_http_methods(["GET", "POST"])
def tracking_lookup(request: HttpRequest) -> HttpResponse:
    """Find a dossier by its code and the last 4 digits of the applicant's phone."""
    form = TrackingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        dossier = dossier_by_code_and_phone(
            code=form.cleaned_data["code"], phone_last4=form.cleaned_data["phone_last4"]
        )
        if dossier is not None:
            return redirect("portal:dossier_status", token=dossier.token)
        form.add_error(None, _("No dossier matches this code and phone number. Check both and try again."))
    return render(request, "portal/tracking_lookup.html", {"form": form})


def dossier_status(request: HttpRequest, token: str) -> HttpResponse:
    tracked = dossier_by_token(token=token)
    if tracked is None:
        raise Http404
    dossier = tracked.dossier
    timing = None
    if dossier.due_at:
        timing = classify_completion(dossier.finished_at or timezone.now(), dossier.due_at)
    # Personal data shown here is masked: anyone holding the slip can open this page.
    is_owner = request.user.is_authenticated and request.user.pk in {
        dossier.applicant_id,
        dossier.submitter_id,
    }
    return render(
        request,
        "portal/tracking.html",
        {
            "dossier": dossier,
            # Lazy labels made text once here: the template would resolve each through its proxy again.
            "state": str(State(dossier.state).label),
            "next_step": str(NEXT_STEPS.get(State(dossier.state), "")),
            "procedure_name": tracked.procedure_name,
            "desk_name": tracked.desk_name,
            "handled_at": tracked.desk_name if dossier.state in AT_DESK_STATES else tracked.agency_name,
            "applicant": dossier.applicant_name,
            "applicant_id": mask(dossier.applicant_id_number),
            "phone": mask(dossier.applicant_phone) if dossier.applicant_phone else "",
            "timing": timing,
            "can_answer": is_owner
            and dossier.state in {State.SUPPLEMENT_AT_RECEPTION, State.SUPPLEMENT_IN_PROCESSING},
            "supplement": dossier.supplement_requests.filter(completed_at__isnull=True).first()
            if is_owner
            else None,
            "results": result_files_for_applicant(user=request.user, dossier=dossier) if is_owner else [],
            "payments": payments_of(dossier) if is_owner else [],
            # Formatted here, as the template's date filter would ("H:i d/m/Y"), at a fraction of its cost.
            "timeline": [
                (f"{timezone.localtime(occurred_at):%H:%M %d/%m/%Y}", str(ACTION_LABELS.get(action, action)))
                for occurred_at, action in dossier_timeline(dossier=dossier)
            ],
        },
    )


@login_required
@require_POST
def answer_supplement(request: HttpRequest, token: str) -> HttpResponse:
    """The applicant sends the documents a supplement request asked for; the dossier goes back to work."""
    dossier = dossiers_of_applicant(user=request.user).filter(token=token).first()
    if dossier is None:
        raise Http404
    try:
        dossier_act(
            actor=request.user,
            dossier=dossier,
            action="answer_supplement",
            files=request.FILES.getlist("files"),
        )
    except (ValidationError, PermissionDenied) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    else:
        messages.success(request, _("Your documents were sent; your dossier is being handled again."))
    return redirect("portal:dossier_status", token=token)


@login_required
def result_download(request: HttpRequest, token: str, file_id: int) -> FileResponse:
    """The applicant downloads the e-result; nobody else can, even holding the tracking link."""
    tracked = dossier_by_token(token=token)
    result = (
        result_files_for_applicant(user=request.user, dossier=tracked.dossier).filter(pk=file_id).first()
        if tracked
        else None
    )
    if result is None:
        raise Http404
    return FileResponse(
        result.file.open("rb"),
        as_attachment=True,
        filename=result.original_name,
        content_type=result.content_type,
    )


@login_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/my_dossiers.html",
        {
            "dossiers": dossiers_of_applicant(user=request.user),
            "drafts": drafts_of(user=request.user).filter(state=DraftState.EDITING),
        },
    )
