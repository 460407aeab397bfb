"""Procedure search. (Placeholder: substring match on the folded text; replaced by the ranked search.)"""

from dataclasses import dataclass

from onestop.catalog.models import ProcedureVersion
from onestop.catalog.selectors import versions_for_unit, versions_in_force
from onestop.core.text import fold
from onestop.organizations.models import AdministrativeUnit


@dataclass(frozen=True)
class SearchHit:
    version: ProcedureVersion
    score: float


def procedures_search(
    *, query: str, unit: AdministrativeUnit | None = None, limit: int = 20
) -> list[SearchHit]:
    """Procedures in force matching ``query`` (best first), among a unit's procedures when ``unit`` is given."""
    versions = versions_for_unit(unit=unit) if unit is not None else versions_in_force()
    words = fold(query).split()
    hits = [
        SearchHit(
            version=version, score=sum(word in version.search_text for word in words) / max(len(words), 1)
        )
        for version in versions
    ]
    hits = [hit for hit in hits if hit.score > 0]
    hits.sort(key=lambda hit: (-hit.score, hit.version.procedure.code))
    return hits[:limit]
