"""Public pages: the landing page, the procedure catalog, each unit's page and the desks' posters."""

import hashlib
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_htmx.http import replace_url

from onestop.catalog.constants import Channel, ImplementingLevel
from onestop.catalog.content import MISSING_FIELD_LABELS
from onestop.catalog.models import Field, ProcedureVersion
from onestop.catalog.posters import desk_poster_pdf, fee_summary, time_limit_display
from onestop.catalog.search import procedures_search
from onestop.catalog.selectors import version_detail, versions_for_unit, versions_in_force
from onestop.core.text import fold
from onestop.organizations.models import AdministrativeUnit, Agency, Desk
from onestop.organizations.selectors import communes_served, provinces_served
from onestop.portal.forms import ProcedureFilterForm, ProcedureSearchForm
from onestop.portal.selectors import (
    browse_versions,
    desk_public,
    desks_of_unit,
    filter_versions,
    other_versions,
    unit_in_force,
    version_status,
    where_to_apply,
)

PAGE_SIZE = 30
SEARCH_LIMIT = 50
# Filters are applied after ranking, so ask the search for more hits than are shown.
FILTERED_SEARCH_LIMIT = 300
POSTER_CACHE_SECONDS = 24 * 3600


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    provinces = [
        {"province": province, "communes": list(communes_served(province=province))}
        for province in provinces_served()
    ]
    return render(request, "portal/home.html", {"provinces": provinces})


# --- the catalog -------------------------------------------------------------------------------------


def _page(request: HttpRequest, versions: Any) -> Page:
    return Paginator(versions, PAGE_SIZE).get_page(request.GET.get("page"))


def _querystring(request: HttpRequest, *, drop: tuple[str, ...] = ()) -> str:
    """The request's query string without empty values (and without the keys in ``drop``)."""
    params = request.GET.copy()
    for key in list(params):
        if key in drop or not any(params.getlist(key)):
            del params[key]
    return params.urlencode()


def _catalog_results(request: HttpRequest, form: ProcedureFilterForm) -> dict[str, Any]:
    """The procedures matching the search and filters: ranked hits for a query, else the filtered list."""
    form.is_valid()  # invalid filters are reported on the form and ignored
    data = getattr(form, "cleaned_data", {})
    query: str = data.get("q", "")
    field: Field | None = data.get("field")
    level: str = data.get("level", "")
    agency: Agency | None = data.get("agency")
    filtered = field is not None or bool(level) or agency is not None
    if query:
        hits = procedures_search(query=query, limit=FILTERED_SEARCH_LIMIT if filtered else SEARCH_LIMIT)
        versions = [hit.version for hit in hits]
        if filtered:
            allowed = set(
                filter_versions(versions_in_force(), field=field, level=level, agency=agency).values_list(
                    "pk", flat=True
                )
            )
            versions = [version for version in versions if version.pk in allowed]
        return {"query": query, "results": versions[:SEARCH_LIMIT], "total": len(versions[:SEARCH_LIMIT])}
    page = _page(request, browse_versions(field=field, level=level, agency=agency))
    return {
        "query": "",
        "page": page,
        "results": list(page.object_list),
        "total": page.paginator.count,
        "page_query": _querystring(request, drop=("page",)),
    }


@require_safe
def procedure_list(request: HttpRequest) -> HttpResponse:
    form = ProcedureFilterForm(request.GET or None, results_url=reverse("portal:procedure_results"))
    context = _catalog_results(request, form)
    filters_open = any(request.GET.get(name) for name in ("field", "level", "agency"))
    return render(
        request,
        "portal/procedure_list.html",
        {"form": form, "filters_open": filters_open, "results_url": reverse("portal:procedures"), **context},
    )


@require_safe
def procedure_results(request: HttpRequest) -> HttpResponse:
    """The result list alone, for htmx's search as you type; the address bar follows the search."""
    full_url = reverse("portal:procedures")
    query = _querystring(request)
    if query:
        full_url += "?" + query
    if not request.htmx:  # type: ignore[attr-defined]
        return HttpResponseRedirect(full_url)
    form = ProcedureFilterForm(request.GET, results_url=reverse("portal:procedure_results"))
    context = _catalog_results(request, form)
    response = render(
        request,
        "portal/_procedure_results.html",
        {"results_url": reverse("portal:procedures"), "oob": True, **context},
    )
    return replace_url(response, full_url)


def _version_context(request: HttpRequest, version: ProcedureVersion) -> dict[str, Any]:
    status = version_status(version=version)
    channels = [Channel(channel) for channel in version.channels if channel in Channel.values]
    levels = [ImplementingLevel(level) for level in version.levels if level in ImplementingLevel.values]
    missing = [
        str(MISSING_FIELD_LABELS[name]()) for name in version.missing_fields if name in MISSING_FIELD_LABELS
    ]
    components = list(version.components.all())
    fees = list(version.fees.all())
    current = status == "current"
    return {
        "version": version,
        "procedure": version.procedure,
        "status": status,
        "current": current,
        "components": components,
        "fees": fees,
        "fee_summary": fee_summary(fees),
        "time_limit": time_limit_display(version),
        "channels": channels,
        "online": Channel.ONLINE in channels,
        "by_post": Channel.POST in channels,
        "in_person": Channel.IN_PERSON in channels,
        "levels": levels,
        "missing": missing,
        "missing_only_time_limit": version.missing_fields == ["time_limit"],
        "where": where_to_apply(procedure=version.procedure) if current else [],
        "other_versions": list(other_versions(version=version)),
        "procedure_url": reverse("portal:procedure", kwargs={"code": version.procedure.code}),
    }


@require_safe
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    version = version_detail(code=code)
    if version is None:
        raise Http404(_("No procedure in force has this code."))
    context = _version_context(request, version)
    return render(request, "portal/procedure_detail.html", context)


@require_safe
def procedure_version(request: HttpRequest, code: str, number: int) -> HttpResponse:
    version = version_detail(code=code, number=number)
    if version is None:
        raise Http404(_("This procedure has no such version."))
    if version_status(version=version) == "current":
        return redirect("portal:procedure", code=code)
    return render(request, "portal/procedure_detail.html", _version_context(request, version))


# --- units ---------------------------------------------------------------------------------------------


def _unit_or_404(code: str) -> AdministrativeUnit:
    unit = unit_in_force(code=code)
    if unit is None:
        raise Http404(_("No administrative unit in force has this code."))
    return unit


def _unit_results(
    request: HttpRequest, unit: AdministrativeUnit, form: ProcedureSearchForm
) -> dict[str, Any]:
    form.is_valid()
    query: str = getattr(form, "cleaned_data", {}).get("q", "")
    if query:
        versions = [hit.version for hit in procedures_search(query=query, unit=unit, limit=SEARCH_LIMIT)]
        return {"query": query, "results": versions, "total": len(versions)}
    versions = list(versions_for_unit(unit=unit))
    return {"query": "", "results": versions, "total": len(versions)}


@require_safe
def unit_page(request: HttpRequest, code: str) -> HttpResponse:
    """The unit's own page: its desks and the procedures it offers, with a search limited to them."""
    unit = _unit_or_404(code)
    results_url = reverse("portal:unit_results", kwargs={"code": unit.code})
    form = ProcedureSearchForm(request.GET or None, results_url=results_url)
    return render(
        request,
        "portal/unit_page.html",
        {
            "unit": unit,
            "form": form,
            "desks": list(desks_of_unit(unit=unit)),
            "results_url": reverse("portal:unit", kwargs={"code": unit.code}),
            **_unit_results(request, unit, form),
        },
    )


@require_safe
def unit_results(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit_or_404(code)
    full_url = reverse("portal:unit", kwargs={"code": unit.code})
    query = _querystring(request)
    if query:
        full_url += "?" + query
    if not request.htmx:  # type: ignore[attr-defined]
        return HttpResponseRedirect(full_url)
    form = ProcedureSearchForm(request.GET, results_url=reverse("portal:unit_results", kwargs={"code": code}))
    response = render(
        request,
        "portal/_procedure_results.html",
        {
            "unit": unit,
            "results_url": reverse("portal:unit", kwargs={"code": unit.code}),
            "heading": 3,
            "oob": True,
            **_unit_results(request, unit, form),
        },
    )
    return replace_url(response, full_url)


# --- the desk's poster -------------------------------------------------------------------------------


def _poster_filename(desk: Desk) -> str:
    slug = "-".join("".join(ch if ch.isalnum() else " " for ch in fold(desk.name)).split())
    return f"thu-tuc-{slug or desk.pk}.pdf"


@require_safe
def desk_poster(request: HttpRequest, desk_id: int) -> HttpResponse:
    """The printable A4 list of the desk's procedures with QR codes (public: it is posted at the desk)."""
    desk = desk_public(desk_id=desk_id)
    if desk is None:
        raise Http404(_("No active one-stop desk has this number."))
    base_url = request.build_absolute_uri("/").rstrip("/")
    version_ids = ",".join(str(pk) for pk in versions_for_unit(unit=desk.unit).values_list("pk", flat=True))
    fingerprint = "|".join(
        [
            base_url,
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            desk.name,
            desk.address,
            desk.phone,
            version_ids,
        ]
    )
    key = f"portal:poster:{desk.pk}:{hashlib.sha256(fingerprint.encode()).hexdigest()}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = desk_poster_pdf(desk=desk, base_url=base_url)
        cache.set(key, pdf, POSTER_CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, _poster_filename(desk)) or "inline"
    return response
