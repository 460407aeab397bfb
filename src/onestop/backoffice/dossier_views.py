"""Desk reception, work queues and the dossier page: thin views over dossier services and selectors."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onestop.accounts.models import User
from onestop.backoffice.access import staff_required
from onestop.backoffice.dossier_forms import ActionForm, QueueFilterForm, ReceptionForm
from onestop.backoffice.queue_rows import QueueLine, queue_lines
from onestop.catalog.search import procedures_search
from onestop.catalog.selectors import version_detail, versions_for_unit
from onestop.dossiers.constants import State, SubmitterKind
from onestop.dossiers.documents import dossier_form_pdf, forms_available, register_pdf, register_xlsx
from onestop.dossiers.models import Dossier
from onestop.dossiers.results import results_remote_signing_start
from onestop.dossiers.selectors import (
    QueuePage,
    available_actions,
    dossier_open,
    dossiers_visible_to,
    queue,
    queue_page,
)
from onestop.dossiers.services import (
    ApplicantData,
    ComponentIntake,
    Outcome,
    SubmitterData,
    dossier_act,
    dossier_present_at_desk,
)
from onestop.dossiers.workflow import ACTION_LABELS
from onestop.organizations.constants import Role
from onestop.organizations.models import Desk
from onestop.organizations.scope import AllUnits, active_posts, covered_unit_ids
from onestop.payments.selectors import payments_of
from onestop.payments.views import DeskPaymentForm
from onestop.signing.selectors import signs_from_phone

QUEUES = [
    ("mine", _("My work")),
    ("unit", _("My units")),
    ("due_soon", _("Due within a working day")),
    ("late", _("Late")),
]


def _my_desk(request: HttpRequest) -> Desk:
    post = active_posts(user=request.user).filter(role=Role.DESK_OFFICER).select_related("desk").first()
    if post is None or post.desk is None:
        raise PermissionDenied(_("Only a one-stop desk officer receives dossiers."))
    return post.desk


@staff_required
def dossier_queue(request: HttpRequest) -> HttpResponse:
    name = request.GET.get("queue", "mine")
    if name not in dict(QUEUES):
        name = "mine"
    form = QueueFilterForm(request.GET)
    page: QueuePage | None = None
    rows: list[QueueLine] = []
    status = 200
    if form.is_valid():
        dossiers = queue(
            user=request.user,
            name=name,
            state=form.cleaned_data["state"],
            procedure_id=form.cleaned_data["procedure"],
            search=form.cleaned_data["q"],
        )
        try:
            page = queue_page(dossiers=dossiers, after=form.cleaned_data["after"])
            rows = queue_lines(page.rows, queue=name)
        except ValidationError as error:
            form.add_error("after", error)
    if page is None:
        status = 400
    filters = request.GET.copy()
    filters.pop("after", None)
    return render(
        request,
        "backoffice/dossier_queue.html",
        {
            "page": page,
            "rows": rows,
            "form": form,
            "filters": filters,
            "queues": [(key, str(label)) for key, label in QUEUES],
            "current": name,
        },
        status=status,
    )


@staff_required
def reception_start(request: HttpRequest) -> HttpResponse:
    desk = _my_desk(request)
    query = request.GET.get("q", "").strip()
    if query:
        versions = [hit.version for hit in procedures_search(query=query, unit=desk.unit, limit=15)]
    else:
        versions = list(versions_for_unit(unit=desk.unit)[:200])
    template = "backoffice/_reception_procedures.html" if request.htmx else "backoffice/reception_start.html"  # type: ignore[attr-defined]
    return render(request, template, {"desk": desk, "versions": versions, "query": query})


def _applicant_account(id_number: str, name: str) -> User:
    """Find the applicant by ID number, or record them (an account they can claim later, no password)."""
    user = User.objects.filter(personal_id=id_number).first()
    if user is None:
        user = User(username=f"cd{id_number}", personal_id=id_number, full_name=name)
        user.set_unusable_password()
        user.save()
    return user


@staff_required
@require_http_methods(["GET", "POST"])
def reception(request: HttpRequest, code: str) -> HttpResponse:
    desk = _my_desk(request)
    version = version_detail(code=code)
    if version is None or not versions_for_unit(unit=desk.unit).filter(pk=version.pk).exists():
        raise Http404
    components = list(version.components.all())
    form = ReceptionForm(request.POST or None, request.FILES or None, components=components)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        intakes = [
            ComponentIntake(component=component, provided=data[tick], scan=data[scan])
            for component, tick, scan in form.component_fields
        ]
        try:
            dossier = dossier_present_at_desk(
                actor=request.user,
                desk=desk,
                version=version,
                applicant=ApplicantData(
                    name=data["applicant_name"],
                    id_number=data["applicant_id_number"],
                    address=data["applicant_address"],
                    phone=data["applicant_phone"],
                    email=data["applicant_email"],
                    account=_applicant_account(data["applicant_id_number"], data["applicant_name"]),
                ),
                submitter=SubmitterData(
                    kind=data["submitter_kind"],
                    name=data["submitter_name"],
                    id_number=data["submitter_id_number"],
                ),
                components=intakes,
                outcome=Outcome(
                    action=data["outcome"], items=form.supplement_list(), reasons=data["reasons"]
                ),
                channel=int(data["channel"]),
                lodged_at=data["lodged_at"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Dossier %(code)s is recorded.") % {"code": dossier.code})
            return redirect("backoffice:dossier_detail", pk=dossier.pk)
    return render(request, "backoffice/reception.html", {"desk": desk, "version": version, "form": form})


def _assignees(dossier: Dossier) -> list[User]:
    candidates = User.objects.filter(posts__role=Role.SPECIALIST).distinct().order_by("full_name")
    chosen = []
    for user in candidates:
        covered = covered_unit_ids(user=user, roles={Role.SPECIALIST})
        if isinstance(covered, AllUnits) or dossier.agency_unit_id in covered:
            chosen.append(user)
    return chosen


@staff_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        dossier = dossier_open(user=request.user, pk=pk)
    except Dossier.DoesNotExist as missing:
        raise Http404 from missing
    return render(
        request,
        "backoffice/dossier_detail.html",
        {
            "dossier": dossier,
            "state": State(dossier.state).label,
            "actions": available_actions(user=request.user, dossier=dossier),
            "assignees": _assignees(dossier) if dossier.state == State.AT_AGENCY else [],
            "form": ActionForm(),
            "history": [
                (row, ACTION_LABELS.get(row.action, row.action))
                for row in dossier.history.select_related("actor").order_by("sequence")
            ],
            "files": dossier.files.order_by("uploaded_at"),
            "components": dossier.components.all(),
            "supplements": dossier.supplement_requests.all(),
            "submitter_self": dossier.submitter_kind == SubmitterKind.SELF,
            "forms": forms_available(dossier),
            "payments": payments_of(dossier),
            "payment_form": DeskPaymentForm(),
            "phone_signing": dossier.state == State.AWAITING_APPROVAL
            and signs_from_phone(user=request.user, agency=dossier.agency),
        },
    )


@staff_required
@require_POST
def dossier_sign_remote(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = dossiers_visible_to(user=request.user).filter(pk=pk).first()
    if dossier is None:
        raise Http404
    try:
        sent = results_remote_signing_start(
            actor=request.user, dossier=dossier, files=request.FILES.getlist("attachments")
        )
    except (ValidationError, PermissionDenied) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    else:
        messages.success(
            request, _("%(count)d signing request(s) sent to your phone.") % {"count": len(sent)}
        )
    return redirect("backoffice:dossier_detail", pk=pk)


@staff_required
@require_POST
def dossier_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    dossier = dossiers_visible_to(user=request.user).filter(pk=pk).first()
    if dossier is None:
        raise Http404
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the values you entered."))
        return redirect("backoffice:dossier_detail", pk=pk)
    data = form.cleaned_data
    params: dict[str, Any] = {"reasons": data["reasons"]}
    if data["items"]:
        params["items"] = [
            {"name": name.strip(), "reason": reason.strip()}
            for name, _sep, reason in (
                line.partition("—") for line in data["items"].splitlines() if line.strip()
            )
        ]
    if data["assignee"]:
        params["assignee"] = User.objects.filter(pk=data["assignee"]).first()
    if data["new_due_at"]:
        params["new_due_at"] = data["new_due_at"]
    if data["method"]:
        params.update(method=data["method"], waybill=data["waybill"])
    try:
        dossier_act(
            actor=request.user,
            dossier=dossier,
            action=action,
            note=data["note"],
            files=request.FILES.getlist("attachments"),
            **params,
        )
    except (ValidationError, PermissionDenied) as error:
        for message in getattr(error, "messages", [str(error)]):
            messages.error(request, message)
    else:
        messages.success(request, _("Done."))
    return redirect("backoffice:dossier_detail", pk=pk)


@staff_required
def dossier_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    dossier = dossiers_visible_to(user=request.user).filter(pk=pk).first()
    stored = dossier.files.filter(pk=file_id).first() if dossier else None
    if stored is None:
        raise Http404
    return FileResponse(
        stored.file.open("rb"), content_type=stored.content_type, filename=stored.original_name
    )


def _tracking_url(request: HttpRequest, dossier: Dossier) -> str:
    return request.build_absolute_uri(reverse("portal:dossier_status", args=[dossier.token]))


@staff_required
def dossier_form(request: HttpRequest, pk: int, number: str) -> HttpResponse:
    dossier = dossiers_visible_to(user=request.user).filter(pk=pk).first()
    if dossier is None or number not in forms_available(dossier):
        raise Http404
    pdf = dossier_form_pdf(
        actor=request.user, dossier=dossier, number=number, tracking_url=_tracking_url(request, dossier)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="mau-{number}-{dossier.code}.pdf"'
    return response


def _register_rows(request: HttpRequest) -> tuple[list[Dossier], str, str]:
    desk = _my_desk(request)
    today = timezone.localdate()
    start = parse_date(request.GET.get("from", "")) or today.replace(day=1)
    end = parse_date(request.GET.get("to", "")) or today
    dossiers = list(
        dossiers_visible_to(user=request.user)
        .filter(desk=desk, received_at__date__gte=start, received_at__date__lte=end)
        .order_by("received_at", "pk")
    )
    return dossiers, desk.name, f"{start:%d/%m/%Y} - {end:%d/%m/%Y}"


@staff_required
def register(request: HttpRequest, fmt: str) -> HttpResponse:
    """Form 07, the register of the officer's desk for a period (?from=YYYY-MM-DD&to=YYYY-MM-DD)."""
    dossiers, desk, period = _register_rows(request)
    if fmt == "pdf":
        response = HttpResponse(
            register_pdf(dossiers=dossiers, desk=desk, period=period), content_type="application/pdf"
        )
        response["Content-Disposition"] = 'inline; filename="so-theo-doi-ho-so.pdf"'
        return response
    response = HttpResponse(
        register_xlsx(dossiers=dossiers, desk=desk, period=period),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="so-theo-doi-ho-so.xlsx"'
    return response
