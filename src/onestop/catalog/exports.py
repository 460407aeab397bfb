"""Export of a unit's catalog to XLSX (openpyxl), one row per procedure in force."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from onestop.catalog.constants import Channel, OnlineLevel
from onestop.catalog.selectors import versions_for_unit
from onestop.organizations.models import AdministrativeUnit


def _fees_text(version: object) -> str:
    parts = []
    for fee in version.fees.all():  # type: ignore[attr-defined]
        amount = f"{fee.amount_vnd:,} đ".replace(",", ".") if fee.amount_vnd is not None else _("set locally")
        parts.append(f"{fee.name}: {amount}")
    return "\n".join(parts)


def catalog_xlsx(*, unit: AdministrativeUnit) -> bytes:
    workbook = Workbook()
    sheet = workbook.create_sheet(index=0)
    workbook.remove(workbook.worksheets[1])
    sheet.title = _("Procedures")[:31]
    headers = [
        _("National code"),
        _("Procedure"),
        _("Field"),
        _("Channels"),
        _("Online service"),
        _("Time limit"),
        _("Fees"),
        _("Competent agency"),
        _("Version"),
        _("Effective from"),
        _("Takes dossiers"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    channel_labels = dict(Channel.choices)
    online_labels = dict(OnlineLevel.choices)
    versions = versions_for_unit(unit=unit).prefetch_related("fees", "procedure__assignments__agency")
    for version in versions:
        agencies = [a.agency.name for a in version.procedure.assignments.all() if a.unit_id == unit.pk]
        sheet.append(
            [
                version.procedure.code,
                version.name,
                version.field.name,
                ", ".join(str(channel_labels.get(c, c)) for c in version.channels),
                str(online_labels.get(version.online_level, "")),
                version.time_limit_text or "",
                _fees_text(version),
                ", ".join(agencies),
                version.number,
                version.effective_from,
                _("yes") if version.accepts_dossiers else _("no: incomplete"),
            ]
        )
    for column, width in zip("ABCDEFGHIJK", (12, 60, 24, 24, 16, 40, 40, 30, 8, 14, 16), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
