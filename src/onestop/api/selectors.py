"""Reads behind the API's procedure list."""

from django.db.models import QuerySet

from onestop.catalog.models import ProcedureVersion
from onestop.catalog.selectors import versions_for_unit, versions_in_force
from onestop.organizations.models import AdministrativeUnit


def versions_by_code(
    *, unit: AdministrativeUnit | None = None, after: str | None = None
) -> QuerySet[ProcedureVersion]:
    """Versions in force ordered by procedure code (a unit's only, when given), after code ``after``.

    Keyset pagination on the unique code: pages stay stable and cheap however deep the client goes.
    """
    versions = versions_for_unit(unit=unit) if unit is not None else versions_in_force()
    if after:
        versions = versions.filter(procedure__code__gt=after)
    return versions.order_by("procedure__code")
