"""Searching within a unit finds only the procedures assigned to that unit."""

import pytest

from onestop.catalog.models import ProcedureAssignment
from onestop.catalog.search import procedures_search
from onestop.demo.loader import DemoResult
from onestop.organizations.constants import UnitLevel
from onestop.organizations.models import AdministrativeUnit


@pytest.mark.smoke
def test_unit_search_keeps_to_the_procedures_assigned_to_the_unit(demo_catalog: DemoResult) -> None:
    commune = (
        AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, procedure_assignments__isnull=False)
        .distinct()
        .order_by("code")
        .first()
    )
    assert commune is not None
    assigned = set(ProcedureAssignment.objects.filter(unit=commune).values_list("procedure__code", flat=True))
    everywhere = [hit.version.procedure.code for hit in procedures_search(query="giay phep", limit=100)]

    in_commune = [
        hit.version.procedure.code for hit in procedures_search(query="giay phep", unit=commune, limit=100)
    ]

    assert in_commune
    assert set(in_commune) <= assigned
    assert in_commune == [code for code in everywhere if code in assigned]
    assert set(everywhere) - assigned, "the query should also match procedures the commune does not offer"


def test_unit_without_procedures_finds_nothing(demo_catalog: DemoResult) -> None:
    unit = AdministrativeUnit.objects.create(
        code="99998", name="Xã Mới Lập", name_folded="xa moi lap", level=UnitLevel.COMMUNE
    )

    assert procedures_search(query="dang ky khai sinh", unit=unit) == []
