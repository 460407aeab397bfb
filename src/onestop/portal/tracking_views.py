"""The public status page of a dossier, reached through the unguessable token in the slip's QR code."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from onestop.core.text import mask
from onestop.dossiers.constants import State
from onestop.dossiers.selectors import dossier_by_token
from onestop.dossiers.workflow import ACTION_LABELS
from onestop.workdays.deadlines import classify_completion


def dossier_status(request: HttpRequest, token: str) -> HttpResponse:
    dossier = dossier_by_token(token=token)
    if dossier is None:
        raise Http404
    timing = None
    if dossier.due_at:
        timing = classify_completion(dossier.finished_at or timezone.now(), dossier.due_at)
    # Personal data shown here is masked: anyone holding the slip can open this page.
    return render(
        request,
        "portal/tracking.html",
        {
            "dossier": dossier,
            "state": State(dossier.state).label,
            "applicant": dossier.applicant_name,
            "applicant_id": mask(dossier.applicant_id_number),
            "phone": mask(dossier.applicant_phone) if dossier.applicant_phone else "",
            "timing": timing,
            "timeline": [
                (row.occurred_at, ACTION_LABELS.get(row.action, row.action))
                for row in dossier.history.order_by("sequence")
            ],
        },
    )
