"""Writes of dossiers: creation at the desk or online, and every workflow action, each in one transaction
with its history row, audit of personal data and outbox messages."""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from onestop.catalog.constants import FeeCollection
from onestop.catalog.models import Component, ProcedureAssignment, ProcedureVersion, ProcessStep
from onestop.catalog.selectors import version_parts
from onestop.core.services import audit_record, outbox_write
from onestop.core.text import nfc
from onestop.datastore.models import Origin
from onestop.datastore.services import document_keep
from onestop.dossiers.codes import next_dossier_code
from onestop.dossiers.constants import (
    ChannelCode,
    FileKind,
    ReturnMethod,
    State,
    SubmitterKind,
    SupplementRule,
    SupplementStage,
)
from onestop.dossiers.exchange import exchange_record
from onestop.dossiers.files import CheckedFile, check_upload, stored_as_checked
from onestop.dossiers.history import history_append
from onestop.dossiers.models import Dossier, DossierComponent, DossierFile, SupplementRequest
from onestop.dossiers.results import results_check_before_return, results_sign_on_decision
from onestop.dossiers.workflow import STATE_STATUS, Requires, Transition, transition_for
from onestop.indicators.services import record_refresh
from onestop.notifications.tasks import deliver_notifications
from onestop.organizations.constants import Role
from onestop.organizations.models import Desk
from onestop.organizations.scope import PostInForce, covered_unit_ids, posts_in_force
from onestop.payments.selectors import unpaid
from onestop.payments.services import payment_request, payments_status
from onestop.workdays.deadlines import TimeLimit
from onestop.workdays.selectors import calendar_for_unit

SUPPLEMENT_AFTER_APPRAISAL_LIMIT = timedelta(hours=3 * 8)  # 3 working days of receipt
EXTENSION_NOTICE = timedelta(hours=8)  # at least 1 working day before the due time
# A reception supplement request is issued within 8 working hours of an online lodging and within 1 working
# day of a desk or postal one: the same 8 hours of working time.
SUPPLEMENT_AT_RECEPTION_LIMIT = timedelta(hours=8)


@dataclass
class ApplicantData:
    name: str
    id_number: str
    address: str = ""
    phone: str = ""
    email: str = ""
    account: Any = None
    organization: Any = None


@dataclass
class SubmitterData:
    kind: str = SubmitterKind.SELF
    name: str = ""
    id_number: str = ""
    account: Any = None


@dataclass
class ComponentIntake:
    component: Component
    provided: bool = True
    scan: UploadedFile | None = None
    checked: CheckedFile | None = None  # a file already checked (an online draft's upload or store document)
    reused: bool = False
    from_data_store: bool = False
    from_national_database: bool = False


@dataclass
class Outcome:
    """The desk's decision on a dossier presented at reception."""

    action: str  # receive | request_supplement | refuse_reception
    items: list[dict[str, str]] = field(default_factory=list)  # supplement: {"name", "reason"}
    reasons: str = ""  # refusal


# ---------------------------------------------------------------------------------------------------------
# Permissions


def dossier_post_for(*, actor: Any, dossier: Dossier, role: str) -> PostInForce | None:
    """The actor's active post with ``role`` whose scope holds the dossier; None for the applicant."""
    if role == Role.CITIZEN:
        if actor is not None and dossier.applicant_id == getattr(actor, "pk", None):
            return None
        raise PermissionDenied(_("Only the applicant may do this."))
    unit_id = dossier.agency_unit_id if role in {Role.SPECIALIST, Role.AGENCY_LEADER} else dossier.unit_id
    covered = covered_unit_ids(user=actor, roles={role})
    if isinstance(covered, frozenset) and unit_id not in covered:
        raise PermissionDenied(_("Your posts do not allow this action on this dossier."))
    posts = posts_in_force(user=actor, roles={role})
    if not posts:  # a system administrator acting through an unrestricted scope
        raise PermissionDenied(_("Your posts do not allow this action on this dossier."))
    return posts[0]


def _desk_post(*, actor: Any, desk: Desk) -> PostInForce:
    covered = covered_unit_ids(user=actor, roles={Role.DESK_OFFICER})
    if isinstance(covered, frozenset) and desk.unit_id not in covered:
        raise PermissionDenied(_("You are not an officer of this desk."))
    posts = posts_in_force(user=actor, roles={Role.DESK_OFFICER})
    if not posts:
        raise PermissionDenied(_("You are not an officer of this desk."))
    return posts[0]


# ---------------------------------------------------------------------------------------------------------
# Creation


def _competent_agency(*, version: ProcedureVersion, desk: Desk) -> Any:
    assignment = (
        ProcedureAssignment.objects.filter(procedure=version.procedure, unit=desk.unit)
        .select_related("agency")
        .first()
        or ProcedureAssignment.objects.filter(procedure=version.procedure, unit=desk.unit.parent_id)
        .select_related("agency")
        .first()
    )
    if assignment is None:
        raise ValidationError(_("No agency handles this procedure in %(unit)s.") % {"unit": desk.unit.name})
    return assignment.agency


def dossier_file_store(
    *,
    dossier: Dossier,
    checked: CheckedFile,
    kind: str,
    actor: Any,
    component: DossierComponent | None = None,
    label: str = "",
) -> DossierFile:
    stored = DossierFile(
        dossier=dossier,
        kind=kind,
        component=component,
        step_position=dossier.step_position,
        label=nfc(label),
        original_name=nfc(checked.name)[:255],
        content_type=checked.content_type,
        size=len(checked.content),
        pages=checked.pages,
        sha256=checked.sha256,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    stored.file.save(f"{dossier.code}-{checked.sha256[:12]}", ContentFile(checked.content), save=False)
    stored.save()
    return stored


def _file_entry(stored: DossierFile) -> dict[str, Any]:
    return {"id": stored.pk, "kind": stored.kind, "name": stored.original_name, "sha256": stored.sha256}


def _enqueue_delivery() -> None:
    deliver_notifications.enqueue()


def _notify(dossier: Dossier, *, event: str, created: bool = False) -> None:
    """Outbox rows for a status change: the applicant's notice and the national portal record.

    ``created``: the dossier was made in this transaction, so it has no index record to replace."""
    labels = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            labels[language] = str(State(dossier.state).label)
    outbox_write(
        topic="applicant_notice",
        key=dossier.code,
        payload={
            "event": event,
            "code": dossier.code,
            "state": dossier.state,
            "state_labels": labels,
            "due_at": dossier.due_at,
            "account": dossier.applicant_id,
            "phone": dossier.applicant_phone,
            "email": dossier.applicant_email,
            "tracking_path": reverse("portal:dossier_status", args=[dossier.token]),
        },
    )
    transaction.on_commit(_enqueue_delivery)
    record = exchange_record(dossier)
    outbox_write(topic="dvcqg_sync", key=dossier.code, payload=record)
    record_refresh(dossier=dossier, record=record, created=created)


_RELATED_FIELDS = [
    field.name for field in Dossier._meta.concrete_fields if field.is_relation and field.many_to_one
]


@transaction.atomic
def dossier_create(
    *,
    actor: Any,
    desk: Desk,
    version: ProcedureVersion,
    applicant: ApplicantData,
    channel: int,
    components: Sequence[ComponentIntake],
    submitter: SubmitterData | None = None,
    lodged_at: datetime | None = None,
    return_requested: str = "",
    return_address: str = "",
) -> Dossier:
    """Record a dossier presented online, at the desk or by post; it starts as NEW.

    For post, ``lodged_at`` is the time of the hand-over record, which counts as the lodging time.
    """
    if not version.accepts_dossiers:
        raise ValidationError(_("This procedure takes no dossiers until its missing details are published."))
    if not nfc(applicant.name) or not nfc(applicant.id_number):
        raise ValidationError(_("Give the applicant's name and ID number."))
    if channel == ChannelCode.POST and lodged_at is None:
        raise ValidationError(_("A postal dossier needs the time of the hand-over record."))
    if lodged_at is not None and timezone.is_naive(lodged_at):
        raise ValidationError(_("The hand-over time needs a time zone."))
    if return_requested and return_requested not in ReturnMethod.values:
        raise ValidationError(_("Choose how the result is returned."))
    if return_requested == ReturnMethod.POST and not nfc(return_address).strip():
        raise ValidationError({"return_address": [_("Give the address the result is posted to.")]})
    submitter = submitter or SubmitterData()
    agency = _competent_agency(version=version, desk=desk)
    now = timezone.now()
    dossier = Dossier(
        code=next_dossier_code(agency=desk.agency, day=timezone.localdate(lodged_at or now)),
        token=secrets.token_urlsafe(24),
        procedure_version=version,
        applicant=applicant.account,
        applicant_organization=applicant.organization,
        applicant_name=nfc(applicant.name),
        applicant_id_number=nfc(applicant.id_number),
        applicant_address=nfc(applicant.address),
        applicant_phone=nfc(applicant.phone),
        applicant_email=nfc(applicant.email).lower(),
        submitter_kind=submitter.kind,
        submitter=submitter.account,
        submitter_name=nfc(submitter.name),
        submitter_id_number=nfc(submitter.id_number),
        channel=channel,
        desk=desk,
        unit=desk.unit,
        agency=agency,
        agency_unit=agency.unit,
        state=State.NEW,
        dvcqg_status=STATE_STATUS[State.NEW],
        received_at=lodged_at,
        return_requested=return_requested,
        return_address=nfc(return_address).strip() if return_requested == ReturnMethod.POST else "",
    )
    # Every file is checked before anything is written, so a bad one leaves no half-saved dossier or file.
    scans = [
        intake.checked or (check_upload(intake.scan) if intake.scan is not None else None)
        for intake in components
    ]
    # The related rows were read from the database, and it enforces the unique code and token: checking
    # them again would cost a query each.
    dossier.full_clean(exclude=["received_at", *_RELATED_FIELDS], validate_unique=False)
    dossier.save()
    stored: list[DossierFile] = []
    for position, (intake, scan) in enumerate(zip(components, scans, strict=True), 1):
        component = DossierComponent.objects.create(
            dossier=dossier,
            procedure_component=intake.component,
            position=position,
            name=intake.component.name,
            provided=intake.provided or scan is not None,
            digitised=scan is not None,
            reused=intake.reused,
            from_data_store=intake.from_data_store,
            from_national_database=intake.from_national_database,
        )
        if scan is not None:
            stored.append(
                dossier_file_store(
                    dossier=dossier, checked=scan, kind=FileKind.COMPONENT, actor=actor, component=component
                )
            )
    history_append(
        dossier=dossier,
        actor=actor,
        post_id=None,
        action="submit",
        from_state="",
        after={
            "code": dossier.code,
            "channel": channel,
            "procedure": version.procedure.code,
            "version": version.number,
        },
        files=[_file_entry(f) for f in stored],
    )
    _notify(dossier, event="submitted", created=True)
    return dossier


@transaction.atomic
def dossier_present_at_desk(
    *,
    actor: Any,
    desk: Desk,
    version: ProcedureVersion,
    applicant: ApplicantData,
    components: Sequence[ComponentIntake],
    outcome: Outcome,
    submitter: SubmitterData | None = None,
    channel: int = ChannelCode.IN_PERSON,
    lodged_at: datetime | None = None,
) -> Dossier:
    """A paper dossier at the desk: record it and, in the same transaction, receive it, ask for a
    supplement or refuse it (forms 01, 02, 03)."""
    _desk_post(actor=actor, desk=desk)
    dossier = dossier_create(
        actor=actor,
        desk=desk,
        version=version,
        applicant=applicant,
        channel=channel,
        components=components,
        submitter=submitter,
        lodged_at=lodged_at,
    )
    return dossier_act(
        actor=actor, dossier=dossier, action=outcome.action, items=outcome.items, reasons=outcome.reasons
    )


# ---------------------------------------------------------------------------------------------------------
# Workflow actions


@dataclass
class ActionContext:
    actor: Any
    dossier: Dossier
    transition: Transition
    now: datetime
    note: str
    params: dict[str, Any]


def _steps(dossier: Dossier) -> tuple[ProcessStep, ...]:
    return version_parts(version_id=dossier.procedure_version_id).steps


def _time_limit(dossier: Dossier) -> TimeLimit:
    version = dossier.procedure_version
    return TimeLimit(version.time_limit_value or 0, version.time_limit_unit)  # type: ignore[arg-type]


def _start_clock(ctx: ActionContext, *, from_moment: datetime) -> None:
    calendar = calendar_for_unit(unit=ctx.dossier.unit)
    ctx.dossier.counted_from = calendar.counted_receipt(from_moment)
    ctx.dossier.due_at = calendar.due_at(from_moment, _time_limit(ctx.dossier))


def _enter_step(ctx: ActionContext, position: int | None) -> None:
    dossier = ctx.dossier
    dossier.step_position = position
    step = next((s for s in _steps(dossier) if s.position == position), None)
    if step is None:
        dossier.step_due_at = None
        return
    hours = step.budget_value * (8 if step.budget_unit == "working_days" else 1)
    calendar = calendar_for_unit(unit=dossier.agency_unit)
    dossier.step_due_at = calendar.add_working_time(calendar.counted_receipt(ctx.now), timedelta(hours=hours))


def _next_step(dossier: Dossier, *, roles: set[str]) -> ProcessStep | None:
    return next(
        (s for s in _steps(dossier) if s.position > (dossier.step_position or 0) and s.role in roles), None
    )


def _on_receive(ctx: ActionContext) -> None:
    dossier = ctx.dossier
    dossier.received_at = dossier.received_at or ctx.now
    _start_clock(ctx, from_moment=dossier.received_at)
    first = _steps(dossier)[0] if _steps(dossier) else None
    _enter_step(ctx, first.position if first else None)


def _supplement_items(ctx: ActionContext) -> list[dict[str, str]]:
    items = [
        {"name": nfc(str(item.get("name", ""))), "reason": nfc(str(item.get("reason", "")))}
        for item in ctx.params.get("items") or []
    ]
    if not items or any(not item["name"] or not item["reason"] for item in items):
        raise ValidationError(_("List every document to add or fix, each with its reason, in one request."))
    return items


def _check_reception_supplement_in_time(ctx: ActionContext) -> None:
    """Counted from the lodging, or from the applicant's last answer to a supplement request."""
    dossier = ctx.dossier
    answered = (
        dossier.supplement_requests.filter(completed_at__isnull=False).order_by("-completed_at").first()
    )
    lodged = answered.completed_at if answered else (dossier.received_at or dossier.created_at)
    assert lodged is not None  # noqa: S101 - a saved dossier has its creation time
    calendar = calendar_for_unit(unit=dossier.unit)
    if calendar.working_time_between(lodged, ctx.now) > SUPPLEMENT_AT_RECEPTION_LIMIT:
        raise ValidationError(
            _(
                "A supplement at reception must be requested within 8 working hours of lodging; "
                "receive the dossier, or refuse it with the reasons."
            )
        )


def _on_request_supplement(ctx: ActionContext) -> None:
    dossier = ctx.dossier
    stage = SupplementStage.RECEPTION if ctx.transition.source == State.NEW else SupplementStage.APPRAISAL
    if stage == SupplementStage.RECEPTION:
        _check_reception_supplement_in_time(ctx)
    if stage == SupplementStage.APPRAISAL:
        calendar = calendar_for_unit(unit=dossier.unit)
        assert dossier.counted_from is not None  # noqa: S101 - set when the dossier was received
        if calendar.working_time_between(dossier.counted_from, ctx.now) > SUPPLEMENT_AFTER_APPRAISAL_LIMIT:
            raise ValidationError(
                _("A supplement after appraisal must be requested within 3 working days of receipt.")
            )
        dossier.paused_at = ctx.now
    SupplementRequest.objects.create(
        dossier=dossier,
        stage=stage,
        requested_at=ctx.now,
        requested_by=ctx.actor,
        items=_supplement_items(ctx),
    )


def _on_supplement_received(ctx: ActionContext) -> None:
    dossier = ctx.dossier
    request = dossier.supplement_requests.filter(completed_at__isnull=True).order_by("-requested_at").first()
    if request is not None:
        request.completed_at = ctx.now
        request.save(update_fields=["completed_at"])
    if ctx.transition.source != State.SUPPLEMENT_IN_PROCESSING:
        return
    if dossier.supplement_rule == SupplementRule.RESTART:
        _start_clock(ctx, from_moment=ctx.now)
    elif dossier.paused_at and dossier.due_at:
        calendar = calendar_for_unit(unit=dossier.unit)
        paused = calendar.working_time_between(dossier.paused_at, ctx.now)
        dossier.due_at = calendar.add_working_time(dossier.due_at, paused)
    dossier.paused_at = None


def _on_suspend(ctx: ActionContext) -> None:
    if not nfc(ctx.params.get("reasons") or ""):
        raise ValidationError(_("Give the reason for the suspension."))
    ctx.dossier.paused_at = ctx.now


def _on_resume(ctx: ActionContext) -> None:
    """Add the suspended working time to the due time (and to the current step's)."""
    dossier = ctx.dossier
    if dossier.paused_at is None:
        return
    calendar = calendar_for_unit(unit=dossier.unit)
    paused = calendar.working_time_between(dossier.paused_at, ctx.now)
    if dossier.due_at:
        dossier.due_at = calendar.add_working_time(dossier.due_at, paused)
    if dossier.step_due_at:
        dossier.step_due_at = calendar.add_working_time(dossier.step_due_at, paused)
    dossier.paused_at = None


def _on_finish(ctx: ActionContext) -> None:
    ctx.dossier.finished_at = ctx.now
    if ctx.transition.action in {"refuse_reception", "refuse", "stop"} and not nfc(
        ctx.params.get("reasons") or ""
    ):
        raise ValidationError(_("Give the reasons; they are printed on the notice to the applicant."))


def _on_assign(ctx: ActionContext) -> None:
    assignee = ctx.params.get("assignee")
    covered = covered_unit_ids(user=assignee, roles={Role.SPECIALIST}) if assignee else frozenset()
    if assignee is None or (isinstance(covered, frozenset) and ctx.dossier.agency_unit_id not in covered):
        raise ValidationError(_("Choose a specialist of the competent agency."))
    ctx.dossier.assignee = assignee
    step = _next_step(ctx.dossier, roles={Role.SPECIALIST})
    _enter_step(ctx, step.position if step else None)


def _on_complete_step(ctx: ActionContext) -> None:
    step = _next_step(ctx.dossier, roles={Role.SPECIALIST})
    if step is None:
        raise ValidationError(_("This was the last specialist step: submit the dossier for approval."))
    if ctx.transition.action == "hand_off" and not step.handoff_agency:
        raise ValidationError(_("The next step is not an inter-agency hand-off."))
    _enter_step(ctx, step.position)


def _on_submit_for_approval(ctx: ActionContext) -> None:
    step = _next_step(ctx.dossier, roles={Role.AGENCY_LEADER})
    _enter_step(ctx, step.position if step else None)


def _on_send_back(ctx: ActionContext) -> None:
    previous = [s for s in _steps(ctx.dossier) if s.role == Role.SPECIALIST]
    _enter_step(ctx, previous[-1].position if previous else None)


def _on_decide(ctx: ActionContext) -> None:
    _on_finish(ctx)
    step = _next_step(ctx.dossier, roles={Role.DESK_OFFICER})
    _enter_step(ctx, step.position if step else None)


def _on_return(ctx: ActionContext) -> None:
    dossier = ctx.dossier
    if unpaid(dossier).exists():
        raise ValidationError(_("The fees must be paid before the result is returned."))
    method = ctx.params.get("method") or ReturnMethod.AT_DESK
    if method not in ReturnMethod.values:
        raise ValidationError(_("Choose how the result is returned."))
    waybill = nfc(ctx.params.get("waybill") or "")
    if method == ReturnMethod.POST and not waybill:
        raise ValidationError(_("Give the waybill number of the postal return."))
    dossier.return_method = method
    dossier.waybill_number = waybill
    dossier.returned_at = ctx.now
    _enter_step(ctx, None)


def _on_extend(ctx: ActionContext) -> None:
    dossier = ctx.dossier
    if dossier.extended_at is not None:
        raise ValidationError(_("A dossier can be extended only once."))
    new_due = ctx.params.get("new_due_at")
    reason = nfc(ctx.params.get("reasons") or "")
    if not reason or new_due is None:
        raise ValidationError(_("Give the reason for the delay and the new return date."))
    if dossier.due_at is None or new_due <= dossier.due_at:
        raise ValidationError(_("The new return date must be after the current due time."))
    calendar = calendar_for_unit(unit=dossier.unit)
    if calendar.working_time_between(ctx.now, dossier.due_at) < EXTENSION_NOTICE:
        raise ValidationError(_("An extension must be asked at least 1 working day before the due time."))
    dossier.original_due_at = dossier.due_at
    dossier.due_at = new_due
    dossier.extended_at = ctx.now
    dossier.extension_reason = reason


def _noop(ctx: ActionContext) -> None:
    del ctx


HANDLERS = {
    "receive": _on_receive,
    "request_supplement": _on_request_supplement,
    "refuse_reception": _on_finish,
    "supplement_received": _on_supplement_received,
    "answer_supplement": _on_supplement_received,
    "withdraw": _on_finish,
    "transfer": _noop,
    "assign": _on_assign,
    "complete_step": _on_complete_step,
    "hand_off": _on_complete_step,
    "submit_for_approval": _on_submit_for_approval,
    "send_back": _on_send_back,
    "approve": _on_decide,
    "refuse": _on_decide,
    "return_result": _on_return,
    "stop": _on_finish,
    "extend": _on_extend,
    "suspend": _on_suspend,
    "resume": _on_resume,
}


def _store_copies(dossier: Dossier, *, kind: str, origin: str, actor: Any) -> None:
    """Copy the dossier's files of ``kind`` into the applicant's personal data store."""
    if dossier.applicant is None:
        return
    for stored in dossier.files.filter(kind=kind).select_related("component"):
        title = stored.component.name if stored.component else stored.label
        document_keep(
            owner=dossier.applicant,
            title=title or dossier.procedure_version.result_name or stored.original_name,
            checked=stored_as_checked(stored),
            origin=origin,
            actor=actor,
            source_dossier=dossier,
        )


def _after_files(ctx: ActionContext) -> None:
    """Once an action's files are stored: a decision signs the results; results and desk scans reach the
    applicant's data store."""
    if ctx.transition.action in {"approve", "refuse"}:
        results_sign_on_decision(actor=ctx.actor, dossier=ctx.dossier)
    elif ctx.transition.action == "return_result":
        results_check_before_return(dossier=ctx.dossier)
        _store_copies(ctx.dossier, kind=FileKind.RESULT, origin=Origin.E_RESULT, actor=ctx.actor)
    elif ctx.transition.action == "receive" and ctx.dossier.channel != ChannelCode.ONLINE:
        _store_copies(ctx.dossier, kind=FileKind.COMPONENT, origin=Origin.DIGITISED, actor=ctx.actor)


# The moment each collection stage's fees are asked for (catalog Fee.collected_at).
FEE_STAGES = {
    "receive": FeeCollection.AT_RECEPTION,
    "supplement_received": FeeCollection.AT_SUPPLEMENT,
    "answer_supplement": FeeCollection.AT_SUPPLEMENT,
    "approve": FeeCollection.AT_RETURN,
}


def _request_fees(ctx: ActionContext) -> None:
    """Ask for the fees the procedure collects at this moment; the national status shows 6 until paid.

    Called once the dossier has its new state and before it is saved, so one save writes both."""
    stage = FEE_STAGES.get(ctx.transition.action)
    if stage is not None:
        payment_request(actor=ctx.actor, dossier=ctx.dossier, stage=stage, sync=False)
    ctx.dossier.dvcqg_status, ctx.dossier.paid_online = payments_status(ctx.dossier)


def _check_required_files(ctx: ActionContext, uploads: Sequence[UploadedFile]) -> None:
    dossier = ctx.dossier
    if Requires.STEP_OUTPUTS in ctx.transition.requires:
        step = next((s for s in _steps(dossier) if s.position == dossier.step_position), None)
        needed = len(step.required_outputs) if step else 0
        attached = dossier.files.filter(
            kind=FileKind.STEP_OUTPUT, step_position=dossier.step_position
        ).count()
        if attached + len(uploads) < needed:
            raise ValidationError(
                _("This step must attach: %(files)s.")
                % {"files": ", ".join(step.required_outputs if step else [])}
            )
    if Requires.UPLOADS in ctx.transition.requires and not uploads:
        raise ValidationError(_("Attach the documents that were asked for."))
    if (
        Requires.RESULT in ctx.transition.requires
        and not uploads
        and not dossier.files.filter(kind=FileKind.RESULT).exists()
    ):
        raise ValidationError(_("Attach the result document first."))


def dossier_act_found(
    *, actor: Any, dossier: Dossier, action: str, files: Sequence[UploadedFile] = (), **params: Any
) -> Dossier:
    """``dossier_act`` on a dossier looked up without recording the read (``dossier_readable_by`` with
    ``record_view=False``): a done action is recorded by its history row; a refused one writes no history,
    yet its refusal tells of the dossier, so it is recorded as a read."""
    try:
        return dossier_act(actor=actor, dossier=dossier, action=action, files=files, **params)
    except (PermissionDenied, ValidationError):
        audit_record(actor=actor, action="dossier.viewed", subject=dossier)
        raise


@transaction.atomic
def dossier_act(
    *,
    actor: Any,
    dossier: Dossier,
    action: str,
    note: str = "",
    files: Sequence[UploadedFile] = (),
    **params: Any,
) -> Dossier:
    """Perform a workflow ``action`` on ``dossier`` as ``actor``: check the table, the role and scope, the
    required files; apply the action's rules; write history and outbox rows."""
    # The rows every action reads come with the dossier (more joins cost the planner more than they save);
    # only the dossier's own row is locked.
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("unit", "agency_unit", "procedure_version__procedure")
        .get(pk=dossier.pk)
    )
    transition = transition_for(action=action, source=dossier.state)
    if transition is None:
        raise ValidationError(
            _("“%(action)s” is not possible while the dossier is “%(state)s”.")
            % {"action": action, "state": State(dossier.state).label}
        )
    post = dossier_post_for(actor=actor, dossier=dossier, role=transition.role)
    ctx = ActionContext(
        actor=actor, dossier=dossier, transition=transition, now=timezone.now(), note=nfc(note), params=params
    )
    _check_required_files(ctx, files)
    checked = [check_upload(upload) for upload in files]
    before = {"state": dossier.state, "due_at": dossier.due_at, "step": dossier.step_position}
    HANDLERS[action](ctx)
    kind = (
        FileKind.RESULT
        if Requires.RESULT in transition.requires
        else FileKind.COMPONENT
        if Requires.UPLOADS in transition.requires
        else FileKind.STEP_OUTPUT
    )
    stored = [dossier_file_store(dossier=dossier, checked=item, kind=kind, actor=actor) for item in checked]
    _after_files(ctx)
    dossier.state = transition.target
    _request_fees(ctx)
    dossier.save()
    history_append(
        dossier=dossier,
        actor=actor,
        post_id=post.pk if post else None,
        action=action,
        from_state=transition.source,
        note=ctx.note or nfc(params.get("reasons") or ""),
        before=before,
        after={
            "state": dossier.state,
            "due_at": dossier.due_at,
            "step": dossier.step_position,
            **{
                key: value
                for key, value in params.items()
                if key in {"items", "method", "waybill", "new_due_at"}
            },
            **({"assignee": params["assignee"].pk} if params.get("assignee") else {}),
        },
        files=[_file_entry(f) for f in stored],
    )
    _notify(dossier, event=action)
    return dossier
