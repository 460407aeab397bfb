"""Index dashboards for leaders, inspectors and staff: thin views over the selectors."""

import json
from collections.abc import Iterable
from datetime import date, datetime
from io import BytesIO
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from onestop.accounts.models import User
from onestop.backoffice.access import staff_required
from onestop.indicators.charts import bar_chart, line_chart
from onestop.indicators.constants import INDICATOR_LABELS, LOSS_REASONS
from onestop.indicators.selectors import (
    DASHBOARD_TTL,
    Period,
    Subject,
    agency_quality,
    compute_index,
    dashboard_cache_key,
    losses,
    officer_records,
    officer_summary,
    officers,
    period_named,
    ranking,
    record_for,
    subject_by_code,
    subject_visible,
    trend,
    visible_top_unit,
)
from onestop.indicators.templatetags.index_format import band_label
from onestop.organizations.constants import UnitLevel
from onestop.printing.pdf import render_pdf

PERIOD_KINDS = ("month", "quarter", "year")
EXPORT_FORMATS = ("xlsx", "pdf")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _local(moment: datetime | None) -> datetime | None:
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _table_export(
    *, fmt: str, title: str, headers: list[str], rows: Iterable[list[Any]], name: str
) -> HttpResponse:
    """A list page as a spreadsheet or a PDF table."""
    if fmt == "pdf":
        body = render_pdf(
            template="indicators/table_pdf.html",
            context={"title": title, "headers": headers, "rows": list(rows)},
        )
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("List")[:31])
    sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _period(request: HttpRequest) -> tuple[Period, str]:
    """``?from=&to=`` for any range, else ``?period=month|quarter|year`` around ``?on=`` (today)."""
    try:
        if request.GET.get("from") and request.GET.get("to"):
            first, last = date.fromisoformat(request.GET["from"]), date.fromisoformat(request.GET["to"])
            if last < first:
                raise ValueError
            return Period(first, last), "range"
        on = date.fromisoformat(request.GET["on"]) if request.GET.get("on") else timezone.localdate()
    except ValueError as error:
        raise Http404(_("The period is not valid.")) from error
    kind = request.GET.get("period", "month")
    kind = kind if kind in PERIOD_KINDS else "month"
    return period_named(kind, on=on), kind


def _subject(request: HttpRequest, code: str, period: Period) -> Subject:
    subject = subject_by_code(code, period=period)
    if subject is None:
        raise Http404(_("No unit or agency has this code."))
    if not subject_visible(user=request.user, subject=subject):
        raise PermissionDenied
    return subject


def _query(request: HttpRequest) -> str:
    return request.GET.urlencode()


def _dashboard(request: HttpRequest, code: str) -> dict[str, Any]:
    period, kind = _period(request)
    return _figures(request, _subject(request, code, period), period, kind)


def _figures(request: HttpRequest, subject: Subject, period: Period, kind: str) -> dict[str, Any]:
    result = compute_index(subject, period)
    history = trend(subject, period_named("month", on=period.last), steps=6)
    rankings: list[tuple[str, list[Any]]] = []
    unit = subject.unit
    position = None
    if unit is not None and unit.valid_to is None:
        if unit.level == UnitLevel.PROVINCE:
            rankings.append((_("Communes"), ranking(parent=unit, period=period)))
            rankings.append(
                (_("Provincial departments"), ranking(parent=unit, period=period, kind="agencies"))
            )
        elif unit.parent is not None:
            siblings = ranking(parent=unit.parent, period=period)
            rankings.append((_("Communes of %(province)s") % {"province": unit.parent.name}, siblings))
            position = next((row for row in siblings if row.result.subject.code == unit.code), None)
    charts = [
        line_chart(
            [(f"{r.period.first:%m/%Y}", r.total) for r in history], title=_("Total points, last six months")
        )
    ]
    charts += [
        bar_chart([(row.result.subject.name, row.result.total) for row in rows], title=title)
        for title, rows in rankings
        if any(row.result.total is not None for row in rows)
    ]
    quality, quality_band = agency_quality(subject=subject, period=period)
    return {
        "subject": subject,
        "period": period,
        "kind": kind,
        "result": result,
        "rankings": rankings,
        "position": position,
        "charts": charts,
        "officers": officers(user=request.user, subject=subject, period=period),
        "quality": quality,
        "quality_band": quality_band,
        "query": _query(request),
        "updated_at": timezone.localtime(),
    }


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    unit = visible_top_unit(user=request.user)
    if unit is None:
        raise PermissionDenied
    return HttpResponseRedirect(reverse("indicators:unit", args=[unit.code]))


@staff_required
def unit_page(request: HttpRequest, code: str) -> HttpResponse:
    period, kind = _period(request)
    subject = _subject(request, code, period)
    key = dashboard_cache_key(
        subject=subject, period=period, user=request.user, variant=f"{get_language()}|{_query(request)}"
    )
    live = cache.get(key) if key else None
    if live is None:
        live = render_to_string(
            "indicators/_live.html", _figures(request, subject, period, kind), request=request
        )
        if key:
            cache.set(key, live, DASHBOARD_TTL)
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponse(live)
    context = {"subject": subject, "period": period, "kind": kind, "query": _query(request), "live": live}
    return render(request, "indicators/unit.html", context)


@staff_required
def drill_down(request: HttpRequest, code: str, key: str) -> HttpResponse:
    if key not in LOSS_REASONS:
        raise Http404(_("This indicator has no list of dossiers."))
    period, _kind = _period(request)
    subject = _subject(request, code, period)
    records = losses(user=request.user, subject=subject, period=period, key=key)
    if request.GET.get("format") in EXPORT_FORMATS:
        return _table_export(
            fmt=request.GET["format"],
            title=f"{key} {INDICATOR_LABELS[key]} — {subject.name} — {period}",
            headers=[
                _("Dossier code"),
                _("Procedure"),
                _("Unit as recorded"),
                _("Received"),
                _("Due"),
                _("Processing ended"),
                _("Why"),
            ],
            rows=(
                [
                    r.code,
                    r.procedure_code,
                    r.unit.name,
                    _local(r.received_at),
                    _local(r.due_at),
                    _local(r.finished_at),
                    str(LOSS_REASONS[key]),
                ]
                for r in records.iterator(2000)
            ),
            name=f"chi-tieu-{key}-{code}",
        )
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "indicators/drill_down.html",
        {
            "subject": subject,
            "period": period,
            "key": key,
            "label": INDICATOR_LABELS[key],
            "reason": LOSS_REASONS[key],
            "page": page,
            "query": _query(request),
        },
    )


@staff_required
def officer_page(request: HttpRequest, user_id: int) -> HttpResponse:
    officer = get_object_or_404(User, pk=user_id)
    period, _kind = _period(request)
    records = officer_records(user=request.user, officer_id=officer.pk, period=period)
    if officer != request.user and not records.exists():
        raise PermissionDenied
    summary = officer_summary(user=request.user, officer_id=officer.pk, period=period)
    if request.GET.get("format") in EXPORT_FORMATS:
        return _table_export(
            fmt=request.GET["format"],
            title=f"{officer.full_name or officer.username} — {period}",
            headers=[
                _("Dossier code"),
                _("Received"),
                _("Due"),
                _("Processing ended"),
                _("On time"),
                _("Score (of 8)"),
            ],
            rows=(
                [
                    r.code,
                    _local(r.received_at),
                    _local(r.due_at),
                    _local(r.finished_at),
                    r.on_time,
                    r.officer_score,
                ]
                for r in records.iterator(2000)
            ),
            name=f"can-bo-{officer.pk}",
        )
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "indicators/officer.html",
        {"officer": officer, "summary": summary, "period": period, "page": page, "query": _query(request)},
    )


@staff_required
def record_page(request: HttpRequest, code: str) -> HttpResponse:
    record = record_for(user=request.user, code=code)
    if record is None:
        raise Http404(_("No dossier with this code is visible to you."))
    if record.dossier_id:
        return HttpResponseRedirect(reverse("backoffice:dossier_detail", args=[record.dossier_id]))
    record_json = json.dumps(record.line.data, ensure_ascii=False, indent=2, sort_keys=True)
    return render(request, "indicators/record.html", {"record": record, "record_json": record_json})


def _xlsx(context: dict[str, Any]) -> bytes:
    workbook = Workbook()
    sheet = workbook.create_sheet(index=0)
    workbook.remove(workbook.worksheets[1])
    result = context["result"]
    sheet.title = _("Index")[:31]
    sheet.append([f"{result.subject.name} ({result.subject.code}) — {context['period']}"])
    sheet.append([_("Indicator"), _("Name"), _("Rate"), _("Points"), _("Of"), _("Counted"), _("Out of")])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for item in result.indicators:
        sheet.append(
            [
                item.key,
                item.label,
                item.rate,
                item.points,
                float(item.weight or 0),
                item.numerator,
                item.denominator,
            ]
        )
    sheet.append([_("Total"), band_label(result.band), None, result.total, 100])
    for title, rows in context["rankings"]:
        ranked = workbook.create_sheet(title[:31])
        ranked.append(
            [
                _("Rank"),
                _("Code"),
                _("Unit or agency"),
                _("Total"),
                _("Change in rank"),
                _("Change in points"),
            ]
        )
        for row in rows:
            ranked.append(
                [
                    row.rank,
                    row.result.subject.code,
                    row.result.subject.name,
                    row.result.total,
                    row.rank_change,
                    row.total_change,
                ]
            )
    people = workbook.create_sheet(_("Officers")[:31])
    people.append(
        [_("Officer"), _("Open now"), _("Late now"), _("Finished"), _("On time"), _("Mean score (of 8)")]
    )
    for officer in context["officers"]:
        people.append(
            [
                officer.name,
                officer.open_now,
                officer.late_now,
                officer.finished,
                officer.on_time,
                officer.mean_score,
            ]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@staff_required
def export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    context = _dashboard(request, code)
    name = f"chi-so-{code}-{context['period'].first:%Y%m%d}-{context['period'].last:%Y%m%d}"
    if fmt == "xlsx":
        response = HttpResponse(_xlsx(context), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if fmt == "pdf":
        response = HttpResponse(
            render_pdf(template="indicators/dashboard_pdf.html", context=context),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
    raise Http404(_("Unknown export format."))
