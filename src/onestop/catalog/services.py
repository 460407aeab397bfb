"""Writes of the catalog: versions are created, never edited; every change is audited."""

from dataclasses import asdict, replace
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from onestop.catalog.constants import (
    BudgetUnit,
    Channel,
    ComponentKind,
    ImplementingLevel,
    OnlineLevel,
    ResultType,
)
from onestop.catalog.content import VersionContent
from onestop.catalog.models import (
    Component,
    Fee,
    Field,
    Procedure,
    ProcedureAssignment,
    ProcedureVersion,
    ProcessStep,
    Synonym,
)
from onestop.catalog.selectors import catalog_changed
from onestop.core.services import audit_record
from onestop.core.text import fold, nfc
from onestop.organizations.constants import POST_ROLES, Role
from onestop.organizations.models import AdministrativeUnit, Agency
from onestop.organizations.scope import AllUnits, covered_unit_ids
from onestop.workdays.constants import LimitUnit

CATALOG_EDITOR_ROLES: set[str] = {Role.UNIT_ADMIN, Role.SYSTEM_ADMIN}


def require_catalog_editor(*, actor: Any, procedure: Procedure | None = None) -> None:
    """System administrators edit any procedure; unit administrators those assigned in their units.

    ``actor=None`` is the system itself (import and demo commands).
    """
    if actor is None:
        return
    covered = covered_unit_ids(user=actor, roles=CATALOG_EDITOR_ROLES)
    if isinstance(covered, AllUnits):
        return
    if covered and (
        procedure is None
        or ProcedureAssignment.objects.filter(procedure=procedure, unit_id__in=covered).exists()
    ):
        return
    raise PermissionDenied(_("Only an administrator of a unit that uses this procedure may change it."))


def _choice_errors(content: VersionContent) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not nfc(content.name):
        errors["name"] = _("Enter the procedure's name.")
    if not nfc(content.field_name):
        errors["field_name"] = _("Enter the procedure's field.")
    if set(content.levels) - set(ImplementingLevel.values):
        errors["levels"] = _("Unknown implementing level.")
    if set(content.channels) - set(Channel.values):
        errors["channels"] = _("Unknown submission channel.")
    if content.online_level and content.online_level not in OnlineLevel.values:
        errors["online_level"] = _("Unknown online service level.")
    if content.time_limit_unit and content.time_limit_unit not in LimitUnit.values:
        errors["time_limit_unit"] = _("Unknown time limit unit.")
    if content.result_type and content.result_type not in ResultType.values:
        errors["result_type"] = _("Unknown result type.")
    errors.update(_children_errors(content))
    errors.update(_budget_errors(content))
    return errors


def _children_errors(content: VersionContent) -> dict[str, str]:
    errors: dict[str, str] = {}
    for component in content.components:
        if not nfc(component.name) or component.kind not in ComponentKind.values:
            errors["components"] = _("Every component needs a name and a kind.")
    for fee in content.fees:
        if not nfc(fee.name):
            errors["fees"] = _("Every fee needs a name.")
        for amount in (fee.amount_vnd, fee.online_amount_vnd):
            if amount is not None and amount < 0:
                errors["fees"] = _("A fee cannot be negative.")
    for step in content.steps:
        if step.role not in POST_ROLES or step.budget_unit not in BudgetUnit.values or step.budget_value < 1:
            errors["steps"] = _("Every step needs a staff role and a time budget of at least 1.")
    return errors


def _budget_errors(content: VersionContent) -> dict[str, str]:
    """The steps' time budgets must fit inside the legal time limit."""
    if not content.steps or content.missing_fields():
        return {}
    if content.time_limit_unit == LimitUnit.SAME_DAY:
        limit_hours = 8
    elif content.time_limit_unit == LimitUnit.WORKING_HOURS:
        limit_hours = content.time_limit_value or 0
    else:
        limit_hours = 8 * (content.time_limit_value or 0)
    used = sum(
        step.budget_value * (8 if step.budget_unit == BudgetUnit.WORKING_DAYS else 1)
        for step in content.steps
    )
    if used > limit_hours:
        return {
            "steps": _("The steps need %(used)d working hours but the time limit allows %(limit)d.")
            % {"used": used, "limit": limit_hours}
        }
    return {}


def _normalised(content: VersionContent) -> VersionContent:
    return replace(
        content,
        name=nfc(content.name),
        field_name=nfc(content.field_name),
        time_limit_text=nfc(content.time_limit_text),
        result_name=nfc(content.result_name),
        applicants=nfc(content.applicants),
        steps_text=nfc(content.steps_text),
        agency_text=nfc(content.agency_text),
        legal_basis_text=nfc(content.legal_basis_text),
        partial_online_reason=nfc(content.partial_online_reason),
        components=[
            replace(c, name=nfc(c.name), copies=nfc(c.copies), case=nfc(c.case)) for c in content.components
        ],
        fees=[
            replace(f, name=nfc(f.name), note=nfc(f.note), exemptions=nfc(f.exemptions)) for f in content.fees
        ],
        steps=[replace(s, name=nfc(s.name)) for s in content.steps],
    )


def field_for_name(*, name: str) -> Field:
    name = nfc(name)
    existing = Field.objects.filter(name=name).first()
    if existing:
        return existing
    base = slugify(fold(name))[:36] or "field"
    code, suffix = base, 2
    while Field.objects.filter(code=code).exists():
        code, suffix = f"{base}-{suffix}", suffix + 1
    return Field.objects.create(code=code, name=name, name_folded=fold(name))


def _search_text(content: VersionContent, code: str) -> str:
    return fold(" ".join([content.name, content.field_name, content.result_name, code]))


@transaction.atomic
def procedure_version_create(
    *,
    actor: Any,
    code: str,
    content: VersionContent,
    effective_from: date | None = None,
    source_hash: str | None = None,
) -> ProcedureVersion:
    """Publish a new version of procedure ``code`` from ``effective_from`` (today by default).

    The version in force until then stays readable and keeps the dossiers received under it.
    ``source_hash`` marks a version imported from a record; edits inherit their predecessor's.
    """
    content = _normalised(content)
    errors = _choice_errors(content)
    if errors:
        raise ValidationError(errors)
    procedure, _created = Procedure.objects.get_or_create(code=nfc(code))
    require_catalog_editor(actor=actor, procedure=procedure)
    effective_from = effective_from or timezone.localdate()
    current = (
        ProcedureVersion.objects.select_for_update()
        .filter(procedure=procedure, effective_to__isnull=True)
        .first()
    )
    if current is not None:
        if effective_from < current.effective_from:
            raise ValidationError(
                {
                    "effective_from": _("A new version cannot take effect before the current one (%(date)s).")
                    % {"date": current.effective_from.strftime("%d/%m/%Y")}
                }
            )
        current.effective_to = effective_from
        current.save(update_fields=["effective_to"])
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=(current.number + 1) if current else 1,
        effective_from=effective_from,
        field=field_for_name(name=content.field_name),
        name_folded=fold(content.name),
        search_text=_search_text(content, procedure.code),
        missing_fields=content.missing_fields(),
        content_hash=content.content_hash(),
        source_hash=source_hash if source_hash is not None else (current.source_hash if current else ""),
        created_by=actor if getattr(actor, "pk", None) else None,
        **{
            key: value
            for key, value in asdict(content).items()
            if key not in {"field_name", "components", "fees", "steps"}
        },
    )
    Component.objects.bulk_create(
        Component(version=version, position=index, **asdict(item))
        for index, item in enumerate(content.components, 1)
    )
    Fee.objects.bulk_create(
        Fee(version=version, position=index, **asdict(item)) for index, item in enumerate(content.fees, 1)
    )
    ProcessStep.objects.bulk_create(
        ProcessStep(version=version, position=index, **asdict(item))
        for index, item in enumerate(content.steps, 1)
    )
    audit_record(
        actor=actor,
        action="procedure.version_created",
        subject=procedure,
        before={"version": current.number, "hash": current.content_hash} if current else None,
        after={"version": version.number, "effective_from": effective_from, "hash": version.content_hash},
    )
    catalog_changed()
    return version


@transaction.atomic
def procedure_assign(
    *, actor: Any, procedure: Procedure, unit: AdministrativeUnit, agency: Agency
) -> ProcedureAssignment:
    """Make ``agency`` competent for ``procedure`` in ``unit``."""
    if actor is not None:
        covered = covered_unit_ids(user=actor, roles=CATALOG_EDITOR_ROLES)
        if not isinstance(covered, AllUnits) and unit.pk not in covered:
            raise PermissionDenied(_("You are not an administrator of %(unit)s.") % {"unit": unit.name})
    assignment, created = ProcedureAssignment.objects.update_or_create(
        procedure=procedure, unit=unit, defaults={"agency": agency}
    )
    catalog_changed()
    if created:
        audit_record(
            actor=actor,
            action="procedure.assigned",
            subject=procedure,
            after={"unit": unit.code, "agency": agency.e_id},
        )
    return assignment


@transaction.atomic
def synonym_save(*, actor: Any, term: str, expansion: str) -> Synonym:
    require_catalog_editor(actor=actor)
    folded_term = fold(nfc(term))
    expansion = nfc(expansion)
    if not folded_term or not expansion:
        raise ValidationError(_("Give both the everyday word and what it stands for."))
    synonym = Synonym.objects.filter(term=folded_term).first()
    before = {"expansion": synonym.expansion} if synonym else None
    synonym = synonym or Synonym(term=folded_term)
    synonym.expansion = expansion
    synonym.save()
    audit_record(
        actor=actor, action="synonym.saved", subject=synonym, before=before, after={"expansion": expansion}
    )
    return synonym


@transaction.atomic
def synonym_delete(*, actor: Any, synonym: Synonym) -> None:
    require_catalog_editor(actor=actor)
    audit_record(
        actor=actor, action="synonym.deleted", subject=synonym, before={"expansion": synonym.expansion}
    )
    synonym.delete()
