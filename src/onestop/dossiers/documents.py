"""The official forms of a dossier (01 to 07): which apply, and their content for the printing app."""

from datetime import datetime
from io import BytesIO
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from onestop.core.services import audit_record
from onestop.dossiers.constants import ReturnMethod, State
from onestop.dossiers.models import Dossier, DossierHistory
from onestop.dossiers.workflow import ACTION_LABELS
from onestop.organizations.constants import AgencyKind
from onestop.organizations.models import Agency
from onestop.printing.official_forms import render_official_form
from onestop.workdays.deadlines import classify_completion

TIMING_LABELS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}


def forms_available(dossier: Dossier) -> list[str]:
    numbers = []
    if dossier.received_at and dossier.state not in {
        State.NEW,
        State.NOT_RECEIVED,
        State.SUPPLEMENT_AT_RECEPTION,
    }:
        numbers.append("01")
    if dossier.supplement_requests.exists():
        numbers.append("02")
    if dossier.state == State.NOT_RECEIVED:
        numbers.append("03")
    if dossier.extended_at:
        numbers.append("04")
    if dossier.state == State.STOPPED:
        numbers.append("05")
    if dossier.received_at:
        numbers.append("06")
    return numbers


def _reasons(dossier: Dossier, action: str) -> str:
    row = dossier.history.filter(action=action).order_by("-sequence").first()
    return row.note if row else ""


def _last_row(dossier: Dossier, actions: set[str]) -> DossierHistory | None:
    return (
        dossier.history.filter(action__in=actions)
        .select_related("actor", "post")
        .order_by("-sequence")
        .first()
    )


# Where the dossier is after an action, by the state it leads to (form 06: "from unit -> to unit").
_WITH_APPLICANT = {
    State.SUPPLEMENT_AT_RECEPTION,
    State.SUPPLEMENT_IN_PROCESSING,
    State.NOT_RECEIVED,
    State.WITHDRAWN,
    State.RETURNED,
}
_AT_DESK = {State.NEW, State.RECEIVED, State.DONE, State.REFUSED, State.STOPPED}


def _holder(dossier: Dossier, row: DossierHistory, handoffs: dict[int, str]) -> str:
    """The unit (or the applicant) holding the dossier once ``row`` happened."""
    if row.to_state in _WITH_APPLICANT:
        return dossier.applicant_name
    if row.to_state in _AT_DESK:
        return dossier.desk.name
    return handoffs.get(row.step_position or 0) or dossier.agency.name


def _handoff_agencies(dossier: Dossier) -> dict[int, str]:
    """Step position -> the coordinating agency of an inter-agency (liên thông) step."""
    return dict(
        dossier.procedure_version.steps.exclude(handoff_agency="").values_list("position", "handoff_agency")
    )


def _control_rows(dossier: Dossier) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    step_due: datetime | None = None
    handoffs = _handoff_agencies(dossier)
    holder = dossier.applicant_name
    for row in dossier.history.select_related("actor").order_by("sequence"):
        timing = ""
        if step_due is not None and row.action != "submit":
            timing = TIMING_LABELS[classify_completion(row.occurred_at, step_due)]
        to_unit = _holder(dossier, row, handoffs)
        rows.append(
            {
                "label": str(ACTION_LABELS.get(row.action, row.action)),
                "from_unit": holder,
                "to_unit": to_unit,
                "by": row.actor.full_name if row.actor else "",
                "at": row.occurred_at,
                "timing": timing,
                "note": row.note,
            }
        )
        holder = to_unit
        step_due = row.step_due_at
    return rows


def _collect_at(dossier: Dossier) -> str:
    """Where the result is collected (form 01): by post to the given address, else at the desk."""
    if dossier.return_requested == ReturnMethod.POST and dossier.return_address:
        return f"{ReturnMethod.POST.label}: {dossier.return_address}"
    if dossier.return_requested == ReturnMethod.ELECTRONIC:
        return str(ReturnMethod.ELECTRONIC.label)
    return ", ".join(filter(None, [dossier.desk.name, dossier.desk.address]))


def _issuer_parent(agency: Agency) -> str:
    """The governing body above the issuer in the letterhead; a People's Committee is named alone."""
    if agency.kind == AgencyKind.PEOPLES_COMMITTEE or agency.parent is None:
        return ""
    return agency.parent.name


OFFICER_ACTIONS = {
    "01": {"receive"},
    "02": {"request_supplement"},
    "03": {"refuse_reception"},
    "04": {"extend"},
    "05": {"stop"},
    "06": {"receive"},
}


def form_context(*, dossier: Dossier, number: str, tracking_url: str) -> dict[str, Any]:
    """The content of form ``number`` of ``dossier``, in Vietnamese (labels of choices and actions)."""
    with translation.override("vi"):
        return _form_context(dossier=dossier, number=number, tracking_url=tracking_url)


def _form_context(*, dossier: Dossier, number: str, tracking_url: str) -> dict[str, Any]:
    version = dossier.procedure_version
    supplement = dossier.supplement_requests.order_by("-requested_at").first()
    submitted = dossier.history.filter(action="submit").order_by("sequence").first()
    officer_row = _last_row(dossier, OFFICER_ACTIONS.get(number, {"stop", "receive"}))
    officer = officer_row.actor if officer_row else None
    return {
        "code": dossier.code,
        "tracking_url": tracking_url,
        "issuer_parent": _issuer_parent(dossier.agency if number == "04" else dossier.desk.agency),
        "issuer": dossier.desk.name if number != "04" else dossier.agency.name,
        "place": dossier.unit.name,
        "issued_at": timezone.localtime(),
        "desk": dossier.desk.name,
        "desk_phone": dossier.desk.phone,
        "agency": dossier.agency.name,
        "coordinating_agencies": list(dict.fromkeys(_handoff_agencies(dossier).values())),
        "applicant": {
            "name": dossier.applicant_name,
            "id_number": dossier.applicant_id_number,
            "phone": dossier.applicant_phone,
            "email": dossier.applicant_email,
            "address": dossier.applicant_address,
        },
        "submitter": {
            "kind": dossier.get_submitter_kind_display(),
            "name": dossier.submitter_name,
            "id_number": dossier.submitter_id_number,
        }
        if dossier.submitter_name
        else None,
        "procedure": version.name,
        "components": [
            {"name": c.name, "copies": c.procedure_component.copies if c.procedure_component else ""}
            for c in dossier.components.filter(provided=True).select_related("procedure_component")
        ],
        "time_limit": version.time_limit_text,
        "submitted_at": submitted.occurred_at if submitted else dossier.created_at,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "original_due_at": dossier.original_due_at,
        "new_due_at": dossier.due_at,
        "finished_at": dossier.finished_at,
        "collect_at": _collect_at(dossier),
        "items": supplement.items if supplement else [],
        "reasons": {
            "03": _reasons(dossier, "refuse_reception"),
            "04": dossier.extension_reason,
            "05": _reasons(dossier, "stop"),
        }.get(number, ""),
        "officer": officer.full_name if officer else "",
        "officer_title": officer_row.post.title if officer_row and officer_row.post else "",
        # The contact officer's own line if known, else the desk's (form 02).
        "contact_phone": (officer.phone if officer else "") or dossier.desk.phone,
        "rows": _control_rows(dossier) if number == "06" else [],
    }


def dossier_form_pdf(*, actor: Any, dossier: Dossier, number: str, tracking_url: str) -> bytes:
    """Render form ``number`` of ``dossier``; printing a form with personal data is audited."""
    if number not in forms_available(dossier):
        raise ValueError(_("Form %(number)s does not apply to this dossier now.") % {"number": number})
    audit_record(actor=actor, action="dossier.form_printed", subject=dossier, after={"form": number})
    return render_official_form(
        number=number, context=form_context(dossier=dossier, number=number, tracking_url=tracking_url)
    )


def register_pdf(*, dossiers: list[Dossier], desk: str, period: str) -> bytes:
    with translation.override("vi"):  # the return method's label, like the rest of the register
        rows = _register_rows(dossiers)
    return render_official_form(
        number="07",
        context={
            "rows": rows,
            "desk": desk,
            "period": period,
            "issuer": desk,
            "issued_at": timezone.localtime(),
        },
    )


def _register_rows(dossiers: list[Dossier]) -> list[dict[str, Any]]:
    return [
        {
            "code": d.code,
            "procedure": d.procedure_version.name,
            "applicant": d.applicant_name,
            "contact": ", ".join(filter(None, [d.applicant_address, d.applicant_phone])),
            "agency": d.agency.name,
            "received_at": d.received_at,
            "due_at": d.due_at,
            "returned_at": d.returned_at,
            "return_method": d.get_return_method_display(),
        }
        for d in dossiers
    ]


def register_xlsx(*, dossiers: list[Dossier], desk: str, period: str) -> bytes:
    """Form 07 as a spreadsheet, in Vietnamese like the printed register."""
    workbook = Workbook()
    sheet = workbook.create_sheet(index=0)
    workbook.remove(workbook.worksheets[1])
    with translation.override("vi"):
        sheet.title = _("Register")[:31]
        headers = [
            _("No."),
            _("Dossier code"),
            _("Procedure"),
            _("Applicant"),
            _("Address, phone"),
            _("Agency"),
            _("Received"),
            _("Due"),
            _("Returned"),
            _("Return method"),
        ]
    sheet.append([f"{desk} — {period}"])
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for number, d in enumerate(dossiers, 1):
        sheet.append(
            [
                number,
                d.code,
                d.procedure_version.name,
                d.applicant_name,
                ", ".join(filter(None, [d.applicant_address, d.applicant_phone])),
                d.agency.name,
                timezone.localtime(d.received_at).replace(tzinfo=None) if d.received_at else None,
                timezone.localtime(d.due_at).replace(tzinfo=None) if d.due_at else None,
                timezone.localtime(d.returned_at).replace(tzinfo=None) if d.returned_at else None,
                d.get_return_method_display(),
            ]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
