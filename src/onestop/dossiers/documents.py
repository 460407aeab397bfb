"""The official forms of a dossier (01 to 07): which apply, and their content for the printing app."""

from datetime import datetime
from io import BytesIO
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from onestop.core.services import audit_record
from onestop.dossiers.constants import State
from onestop.dossiers.models import Dossier
from onestop.dossiers.workflow import ACTION_LABELS
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


def _officer(dossier: Dossier, actions: set[str]) -> str:
    row = dossier.history.filter(action__in=actions).select_related("actor").order_by("-sequence").first()
    return row.actor.full_name if row and row.actor else ""


def _control_rows(dossier: Dossier) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    step_due: datetime | None = None
    for row in dossier.history.select_related("actor").order_by("sequence"):
        timing = ""
        if step_due is not None and row.action != "submit":
            timing = TIMING_LABELS[classify_completion(row.occurred_at, step_due)]
        rows.append(
            {
                "label": str(ACTION_LABELS.get(row.action, row.action)),
                "by": row.actor.full_name if row.actor else "",
                "at": row.occurred_at,
                "timing": timing,
                "note": row.note,
            }
        )
        step_due = row.step_due_at
    return rows


def form_context(*, dossier: Dossier, number: str, tracking_url: str) -> dict[str, Any]:
    version = dossier.procedure_version
    supplement = dossier.supplement_requests.order_by("-requested_at").first()
    return {
        "code": dossier.code,
        "tracking_url": tracking_url,
        "issuer_parent": dossier.desk.agency.parent.name if dossier.desk.agency.parent else "",
        "issuer": dossier.desk.name if number != "04" else dossier.agency.name,
        "place": dossier.unit.name,
        "issued_at": timezone.localtime(),
        "desk": dossier.desk.name,
        "desk_phone": dossier.desk.phone,
        "agency": dossier.agency.name,
        "applicant": {
            "name": dossier.applicant_name,
            "id_number": dossier.applicant_id_number,
            "phone": dossier.applicant_phone,
            "email": dossier.applicant_email,
            "address": dossier.applicant_address,
        },
        "submitter": f"{dossier.get_submitter_kind_display()}: {dossier.submitter_name}"
        if dossier.submitter_name
        else "",
        "procedure": version.name,
        "components": [
            {"name": c.name, "copies": c.procedure_component.copies if c.procedure_component else ""}
            for c in dossier.components.filter(provided=True)
        ],
        "time_limit": version.time_limit_text,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "original_due_at": dossier.original_due_at,
        "new_due_at": dossier.due_at,
        "finished_at": dossier.finished_at,
        "items": supplement.items if supplement else [],
        "reasons": {
            "03": _reasons(dossier, "refuse_reception"),
            "04": dossier.extension_reason,
            "05": _reasons(dossier, "stop"),
        }.get(number, ""),
        "officer": _officer(
            dossier,
            {
                "01": {"receive"},
                "02": {"request_supplement"},
                "03": {"refuse_reception"},
                "04": {"extend"},
            }.get(number, {"stop", "receive"}),
        ),
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
    rows = [
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
