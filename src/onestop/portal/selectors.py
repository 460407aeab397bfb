"""Reads behind the public catalog pages. The catalog and the desks are public information: no scope."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from onestop.catalog.models import Field, Procedure, ProcedureAssignment, ProcedureVersion
from onestop.catalog.selectors import versions_in_force
from onestop.organizations.models import AdministrativeUnit, Agency, Desk
from onestop.organizations.selectors import units_in_force


def fields_in_force() -> QuerySet[Field]:
    """Fields with at least one procedure in force, for the browse filter."""
    return Field.objects.filter(versions__in=versions_in_force()).distinct().order_by("name_folded")


def agencies_with_procedures() -> QuerySet[Agency]:
    """Agencies competent for at least one procedure somewhere, for the browse filter."""
    return (
        Agency.objects.filter(active=True, procedure_assignments__isnull=False)
        .select_related("unit")
        .distinct()
        .order_by("unit__level", "name")
    )


def filter_versions(
    versions: QuerySet[ProcedureVersion],
    *,
    field: Field | None = None,
    level: str = "",
    agency: Agency | None = None,
) -> QuerySet[ProcedureVersion]:
    """Narrow ``versions`` to a field, an implementing level and a competent agency (each optional)."""
    if field is not None:
        versions = versions.filter(field=field)
    if level:
        # ``levels`` is a JSON list of plain ASCII words; a quoted substring works on SQLite and PostgreSQL.
        versions = versions.filter(levels__icontains=f'"{level}"')
    if agency is not None:
        versions = versions.filter(
            procedure__in=Procedure.objects.filter(assignments__agency=agency).values("pk")
        )
    return versions


def browse_versions(
    *, field: Field | None = None, level: str = "", agency: Agency | None = None
) -> QuerySet[ProcedureVersion]:
    """The procedures in force, filtered, grouped by field then by name."""
    return filter_versions(versions_in_force(), field=field, level=level, agency=agency).order_by(
        "field__name_folded", "name_folded"
    )


def unit_in_force(*, code: str) -> AdministrativeUnit | None:
    return units_in_force().filter(code=code).select_related("parent").first()


def desks_of_unit(*, unit: AdministrativeUnit) -> QuerySet[Desk]:
    return (
        Desk.objects.filter(unit=unit, active=True)
        .select_related("unit", "parent")
        .order_by("parent_id", "name")
    )


def desk_public(*, desk_id: int) -> Desk | None:
    """An active desk by id, with its unit, for its public poster."""
    return Desk.objects.filter(pk=desk_id, active=True).select_related("unit").first()


@dataclass(frozen=True)
class WhereToApply:
    unit: AdministrativeUnit
    agency: Agency
    desks: list[Desk]


def where_to_apply(*, procedure: Procedure) -> list[WhereToApply]:
    """For each unit the procedure is assigned to: the competent agency and the unit's active desks."""
    assignments = (
        ProcedureAssignment.objects.filter(procedure=procedure, unit__valid_to__isnull=True)
        .select_related("unit", "agency")
        .order_by("unit__level", "unit__name_folded")
    )
    units = [assignment.unit for assignment in assignments]
    desks_by_unit: dict[int, list[Desk]] = {unit.pk: [] for unit in units}
    for desk in Desk.objects.filter(unit__in=units, active=True).order_by("parent_id", "name"):
        desks_by_unit[desk.unit_id].append(desk)
    return [
        WhereToApply(unit=assignment.unit, agency=assignment.agency, desks=desks_by_unit[assignment.unit_id])
        for assignment in assignments
    ]


def other_versions(*, version: ProcedureVersion) -> QuerySet[ProcedureVersion]:
    """The procedure's other versions, newest first, for the version history links."""
    return (
        ProcedureVersion.objects.filter(procedure_id=version.procedure_id)
        .exclude(pk=version.pk)
        .only("number", "effective_from", "effective_to", "procedure_id")
        .order_by("-number")
    )


def version_status(*, version: ProcedureVersion, on: date | None = None) -> str:
    """``current``, ``superseded`` (replaced before ``on``) or ``future`` (not yet in force)."""
    day = on or timezone.localdate()
    if version.effective_from > day:
        return "future"
    if version.effective_to is not None and version.effective_to <= day:
        return "superseded"
    return "current"
