"""Reads of the catalog. The catalog is public information, so these take no user scope."""

import functools
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from onestop.catalog.constants import DISCLOSURE_FIELDS, OnlineLevel
from onestop.catalog.content import ComponentData, FeeData, StepData, VersionContent
from onestop.catalog.models import (
    Component,
    Fee,
    Procedure,
    ProcedureAssignment,
    ProcedureVersion,
    ProcessStep,
)
from onestop.core.cache_versions import cache_version, cache_version_bump
from onestop.organizations.constants import Role
from onestop.organizations.models import AdministrativeUnit
from onestop.organizations.scope import AllUnits, covered_unit_ids


def versions_in_force(*, on: date | None = None) -> QuerySet[ProcedureVersion]:
    """The version of every procedure in force on ``on`` (today by default)."""
    day = on or timezone.localdate()
    return (
        ProcedureVersion.objects.filter(effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=day))
        .select_related("procedure", "field")
    )


def version_in_force(*, procedure: Procedure, on: date | None = None) -> ProcedureVersion | None:
    return versions_in_force(on=on).filter(procedure=procedure).order_by("-number").first()


CATALOG_VERSION_KEY = "catalog:version"


def catalog_version() -> int:
    return cache_version(CATALOG_VERSION_KEY)


def catalog_changed() -> None:
    """Forget cached facts about procedures (called whenever a version is published or assigned)."""
    cache_version_bump(CATALOG_VERSION_KEY)


@dataclass(frozen=True)
class VersionParts:
    """A version's components, fees and steps, each in position order."""

    components: tuple[Component, ...]
    fees: tuple[Fee, ...]
    steps: tuple[ProcessStep, ...]


def version_parts(*, version_id: int) -> VersionParts:
    """The parts every dossier event of the version reads (steps, fees, components), read once."""
    return _version_parts(version_id)


# A version's parts are written with it and never change (an edit is a new version), so each process keeps
# them in memory, unpickled: every action reads them several times.
@functools.lru_cache(maxsize=4096)
def _version_parts(version_id: int) -> VersionParts:
    return VersionParts(
        components=tuple(Component.objects.filter(version_id=version_id).order_by("position")),
        fees=tuple(Fee.objects.filter(version_id=version_id).order_by("position")),
        steps=tuple(ProcessStep.objects.filter(version_id=version_id).order_by("position")),
    )


def version_parts_forget() -> None:
    """Drop the parts kept in this process: for tests, whose rolled-back rows give their ids to others."""
    _version_parts.cache_clear()


def version_in_force_by_code(*, code: str) -> ProcedureVersion | None:
    """The version of procedure ``code`` in force today, without its parts (see ``version_parts``)."""
    return versions_in_force().filter(procedure__code=code).order_by("-number").first()


def version_detail(*, code: str, number: int | None = None) -> ProcedureVersion | None:
    """A version with its components, fees and steps; the one in force unless ``number`` is given."""
    versions = ProcedureVersion.objects.filter(procedure__code=code).prefetch_related(
        Prefetch("components", queryset=Component.objects.order_by("position")),
        Prefetch("fees", queryset=Fee.objects.order_by("position")),
        Prefetch("steps", queryset=ProcessStep.objects.order_by("position")),
    )
    if number is not None:
        return versions.select_related("procedure", "field").filter(number=number).first()
    in_force = versions_in_force().values("pk")
    return versions.select_related("procedure", "field").filter(pk__in=in_force).order_by("-number").first()


def content_from_version(version: ProcedureVersion) -> VersionContent:
    """The editable content of ``version``, to derive the next version from."""
    simple = {
        item.name: getattr(version, item.name)
        for item in fields(VersionContent)
        if item.name not in {"field_name", "components", "fees", "steps"}
    }
    return VersionContent(
        field_name=version.field.name,
        components=[
            ComponentData(
                name=c.name,
                copies=c.copies,
                kind=c.kind,
                required=c.required,
                case=c.case,
                form_name=c.form_name,
            )
            for c in version.components.order_by("position")
        ],
        fees=[
            FeeData(
                name=f.name,
                amount_vnd=f.amount_vnd,
                online_amount_vnd=f.online_amount_vnd,
                exemptions=f.exemptions,
                note=f.note,
                collected_at=f.collected_at,
            )
            for f in version.fees.order_by("position")
        ],
        steps=[
            StepData(
                name=s.name,
                role=s.role,
                budget_value=s.budget_value,
                budget_unit=s.budget_unit,
                required_outputs=list(s.required_outputs),
                handoff_agency=s.handoff_agency,
            )
            for s in version.steps.order_by("position")
        ],
        **simple,
    )


def disclosure_missing(*, version: ProcedureVersion) -> list[str]:
    """What indicator 1.3 requires to be disclosed but this version lacks."""
    present = {
        "name": bool(version.name),
        "steps": bool(version.steps_text) or version.steps.exists(),
        "channels": bool(version.channels),
        "components": version.components.exists(),
        "time_limit": bool(version.time_limit_text or version.time_limit_unit),
        "applicants": bool(version.applicants),
        "agency": bool(version.agency_text) or version.procedure.assignments.exists(),
    }
    missing = [name for name in DISCLOSURE_FIELDS if not present[name]]
    if version.online_level == OnlineLevel.PARTIAL and not version.partial_online_reason:
        # Since Decree 224/2026 a partly-online procedure must publish why.
        missing.append("partial_online_reason")
    return missing


def assignments_for_unit(*, unit: AdministrativeUnit) -> QuerySet[ProcedureAssignment]:
    return ProcedureAssignment.objects.filter(unit=unit).select_related("procedure", "agency")


def versions_for_unit(*, unit: AdministrativeUnit, on: date | None = None) -> QuerySet[ProcedureVersion]:
    """The procedures a unit offers (assigned to it), in the versions in force."""
    return (
        versions_in_force(on=on)
        .filter(procedure__assignments__unit=unit)
        .order_by("field__name_folded", "name_folded")
    )


def versions_editable_by(*, user: Any) -> QuerySet[ProcedureVersion]:
    """Procedures in force an administrator may edit: all for system administrators, else those assigned
    in the units their administrator posts cover."""
    covered = covered_unit_ids(user=user, roles={Role.UNIT_ADMIN, Role.SYSTEM_ADMIN})
    versions = versions_in_force()
    if isinstance(covered, AllUnits):
        return versions.order_by("procedure__code")
    return versions.filter(procedure__assignments__unit_id__in=covered).distinct().order_by("procedure__code")


def version_history(*, code: str) -> QuerySet[ProcedureVersion]:
    return (
        ProcedureVersion.objects.filter(procedure__code=code).select_related("created_by").order_by("-number")
    )
