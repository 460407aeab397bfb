"""Staff catalog editor for unit and system administrators: thin views over catalog services."""

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onestop.backoffice.access import staff_required
from onestop.backoffice.catalog_forms import (
    ComponentFormSet,
    FeeFormSet,
    StepFormSet,
    SynonymForm,
    VersionForm,
)
from onestop.catalog.content import ComponentData, FeeData, StepData, VersionContent
from onestop.catalog.exports import catalog_xlsx
from onestop.catalog.models import Synonym
from onestop.catalog.selectors import (
    content_from_version,
    version_detail,
    version_history,
    versions_editable_by,
)
from onestop.catalog.services import (
    procedure_version_create,
    require_catalog_editor,
    synonym_delete,
    synonym_save,
)
from onestop.core.forms import form_add_service_errors
from onestop.core.text import fold
from onestop.organizations.selectors import units_visible_to

REQUIRED_TO_VALUE = {"yes": True, "no": False, "case": None}
VALUE_TO_REQUIRED = {True: "yes", False: "no", None: "case"}


def _editable_or_404(request: HttpRequest, code: str) -> Any:
    version = versions_editable_by(user=request.user).filter(procedure__code=code).first()
    if version is None:
        raise Http404
    return version_detail(code=code, number=version.number)


@staff_required
def catalog_list(request: HttpRequest) -> HttpResponse:
    require_catalog_editor(actor=request.user)
    versions = versions_editable_by(user=request.user).select_related("field")
    query = request.GET.get("q", "").strip()
    if query:
        versions = versions.filter(search_text__contains=fold(query))
    units = units_visible_to(user=request.user).filter(procedure_assignments__isnull=False).distinct()
    return render(
        request, "backoffice/catalog_list.html", {"versions": versions, "query": query, "units": units}
    )


@staff_required
def catalog_detail(request: HttpRequest, code: str, number: int | None = None) -> HttpResponse:
    current = _editable_or_404(request, code)
    version = current if number is None else version_detail(code=code, number=number)
    if version is None:
        raise Http404
    return render(
        request,
        "backoffice/catalog_detail.html",
        {"version": version, "current": current, "history": version_history(code=code)},
    )


def _initial(content: VersionContent) -> dict[str, Any]:
    return {
        **{key: value for key, value in vars(content).items() if key not in {"components", "fees", "steps"}},
        "effective_from": timezone.localdate(),
    }


@staff_required
@require_http_methods(["GET", "POST"])
def catalog_edit(request: HttpRequest, code: str) -> HttpResponse:
    current = _editable_or_404(request, code)
    content = content_from_version(current)
    data = request.POST if request.method == "POST" else None
    form = VersionForm(data, initial=_initial(content))
    components = ComponentFormSet(
        data,
        prefix="components",
        initial=[{**vars(c), "required": VALUE_TO_REQUIRED[c.required]} for c in content.components],
    )
    fees = FeeFormSet(data, prefix="fees", initial=[vars(f) for f in content.fees])
    steps = StepFormSet(
        data,
        prefix="steps",
        initial=[{**vars(s), "required_outputs": "\n".join(s.required_outputs)} for s in content.steps],
    )
    if request.method == "POST" and all(f.is_valid() for f in (form, components, fees, steps)):
        new_content = _content_from_forms(content, form, components, fees, steps)
        try:
            version = procedure_version_create(
                actor=request.user,
                code=code,
                content=new_content,
                effective_from=form.cleaned_data["effective_from"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)d of %(code)s takes effect on %(date)s.")
                % {
                    "number": version.number,
                    "code": code,
                    "date": version.effective_from.strftime("%d/%m/%Y"),
                },
            )
            return redirect("backoffice:catalog_detail", code=code)
    return render(
        request,
        "backoffice/catalog_edit.html",
        {
            "version": current,
            "form": form,
            "formsets": [
                (_("Components"), components),
                (_("Fees"), fees),
                (_("Internal process steps"), steps),
            ],
        },
    )


def _kept(formset: Any) -> list[dict[str, Any]]:
    # Blank extra forms validate to {}; deleted ones carry DELETE.
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


def _content_from_forms(
    content: VersionContent, form: VersionForm, components: Any, fees: Any, steps: Any
) -> VersionContent:
    fields = {key: value for key, value in form.cleaned_data.items() if key != "effective_from"}
    fields["time_limit_value"] = fields["time_limit_value"] or None
    return replace(
        content,
        **fields,
        demo_values=[],
        components=[
            ComponentData(
                name=c["name"],
                copies=c["copies"],
                kind=c["kind"],
                required=REQUIRED_TO_VALUE[c["required"]],
                form_name=c["form_name"],
            )
            for c in _kept(components)
        ],
        fees=[
            FeeData(
                name=f["name"],
                amount_vnd=f["amount_vnd"],
                online_amount_vnd=f["online_amount_vnd"],
                exemptions=f["exemptions"],
                collected_at=f["collected_at"],
            )
            for f in _kept(fees)
        ],
        steps=[
            StepData(
                name=s["name"],
                role=s["role"],
                budget_value=s["budget_value"],
                budget_unit=s["budget_unit"],
                required_outputs=[
                    line.strip() for line in s["required_outputs"].splitlines() if line.strip()
                ],
                handoff_agency=s["handoff_agency"],
            )
            for s in _kept(steps)
        ],
    )


@staff_required
@require_http_methods(["GET", "POST"])
def synonyms(request: HttpRequest) -> HttpResponse:
    require_catalog_editor(actor=request.user)
    form = SynonymForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            synonym_save(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The synonym is saved; search uses it at once."))
            return redirect("backoffice:synonyms")
    return render(request, "backoffice/synonyms.html", {"form": form, "synonyms": Synonym.objects.all()})


@staff_required
@require_POST
def synonym_remove(request: HttpRequest, pk: int) -> HttpResponse:
    synonym_delete(actor=request.user, synonym=get_object_or_404(Synonym, pk=pk))
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponse("")
    return redirect("backoffice:synonyms")


@staff_required
def catalog_export(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = units_visible_to(user=request.user).filter(code=unit_code).first()
    if unit is None:
        raise Http404
    response = HttpResponse(
        catalog_xlsx(unit=unit),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="thu-tuc-{unit.code}.xlsx"'
    return response
