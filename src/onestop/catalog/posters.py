"""The printable list of procedures posted at a one-stop desk, with a QR code to each procedure's page.

Decree 118/2025 wants every procedure posted at the desk and online with its full content; the QR code on
the posted list leads a citizen's phone to the procedure's public page (and from there to online filing).
Also the plain wording of fees and time limits shared by the public pages and the poster.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import segno
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from onestop.catalog.models import Fee, ProcedureVersion
from onestop.catalog.selectors import versions_for_unit
from onestop.organizations.models import Desk
from onestop.workdays.constants import LimitUnit

POSTER_TEMPLATE = "catalog/poster.html"
# Long published time limits are cut on the poster; the full text is one scan away.
POSTER_TIME_LIMIT_CHARS = 160


def format_vnd(amount: int) -> str:
    """``50000`` → ``"50.000 đ"`` (Vietnamese digit grouping)."""
    return f"{amount:,}".replace(",", ".") + " đ"


def fee_summary(fees: Iterable[Fee]) -> str:
    """One line on what a procedure costs, from its fee rows."""
    fees = list(fees)
    if not fees:
        return _("No fee published")
    known = sorted({fee.amount_vnd for fee in fees if fee.amount_vnd is not None})
    unknown = any(fee.amount_vnd is None for fee in fees)
    if not known:
        return _("Set by the provincial council")
    if known[-1] == 0 and not unknown:
        return _("Free")
    if len(known) == 1:
        summary = format_vnd(known[0])
    elif known[0] == 0:
        summary = _("Free, or up to %(amount)s") % {"amount": format_vnd(known[-1])}
    else:
        summary = _("from %(low)s to %(high)s") % {"low": format_vnd(known[0]), "high": format_vnd(known[-1])}
    if unknown:
        summary = _("%(amounts)s; some set by the provincial council") % {"amounts": summary}
    return summary


def time_limit_display(version: ProcedureVersion) -> str:
    """The published time limit, or one composed from its value and unit, or a plain "not published"."""
    if version.time_limit_text.strip():
        return version.time_limit_text.strip()
    if version.time_limit_unit == LimitUnit.SAME_DAY:
        return _("The same working day")
    if version.time_limit_value and version.time_limit_unit == LimitUnit.WORKING_DAYS:
        return _("%(count)d working days") % {"count": version.time_limit_value}
    if version.time_limit_value and version.time_limit_unit == LimitUnit.WORKING_HOURS:
        return _("%(count)d working hours") % {"count": version.time_limit_value}
    return _("Not published yet")


def qr_data_uri(url: str) -> str:
    """An SVG QR code for ``url`` as a data: URI (medium error correction, the standard quiet zone)."""
    return str(segno.make(url, error="m", micro=False).svg_data_uri(scale=1, border=4))


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class PosterEntry:
    code: str
    name: str
    time_limit: str
    fees: str
    url: str
    qr: str


@dataclass(frozen=True)
class PosterGroup:
    field: str
    entries: list[PosterEntry]


def procedure_url(*, base_url: str, code: str) -> str:
    """The absolute address of a procedure's public page."""
    return base_url.rstrip("/") + reverse("portal:procedure", kwargs={"code": code})


def poster_versions(*, desk: Desk) -> list[ProcedureVersion]:
    """The procedures in force that the desk's unit offers (the province's for a provincial centre)."""
    return list(
        versions_for_unit(unit=desk.unit).prefetch_related(
            Prefetch("fees", queryset=Fee.objects.order_by("position"))
        )
    )


def poster_groups(*, desk: Desk, base_url: str) -> list[PosterGroup]:
    groups: list[PosterGroup] = []
    for version in poster_versions(desk=desk):
        url = procedure_url(base_url=base_url, code=version.procedure.code)
        entry = PosterEntry(
            code=version.procedure.code,
            name=version.name,
            time_limit=_shorten(time_limit_display(version), POSTER_TIME_LIMIT_CHARS),
            fees=fee_summary(version.fees.all()),
            url=url,
            qr=qr_data_uri(url),
        )
        if not groups or groups[-1].field != version.field.name:
            groups.append(PosterGroup(field=version.field.name, entries=[]))
        groups[-1].entries.append(entry)
    return groups


def poster_context(*, desk: Desk, base_url: str) -> dict[str, Any]:
    groups = poster_groups(desk=desk, base_url=base_url)
    return {
        "desk": desk,
        "groups": groups,
        "count": sum(len(group.entries) for group in groups),
        "today": timezone.localdate(),
        "catalog_url": base_url.rstrip("/") + reverse("portal:procedures"),
    }


def desk_poster_pdf(*, desk: Desk, base_url: str) -> bytes:
    """An A4 PDF listing the desk's procedures by field, each with one QR code to its public page."""
    from onestop.printing.pdf import render_pdf

    return render_pdf(
        template=POSTER_TEMPLATE, context=poster_context(desk=desk, base_url=base_url), base_url=base_url
    )
