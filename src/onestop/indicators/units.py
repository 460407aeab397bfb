"""Units as the index sees them: a recorded code on a day, the in-force unit it counts under, its province."""

from dataclasses import dataclass
from datetime import date

from onestop.organizations.constants import UnitLevel
from onestop.organizations.models import AdministrativeUnit, Agency, UnitSuccession

LEVEL_ORDER: dict[str, int] = {UnitLevel.COMMUNE: 0, UnitLevel.DISTRICT: 1, UnitLevel.PROVINCE: 2}


@dataclass(frozen=True)
class UnitRow:
    id: int
    code: str
    level: str
    parent_id: int | None
    valid_from: date | None
    valid_to: date | None


class UnitResolver:
    """All units and succession links loaded once, so an import of many records asks the database nothing."""

    def __init__(self) -> None:
        self.units = {
            row[0]: UnitRow(*row)
            for row in AdministrativeUnit.objects.values_list(
                "id", "code", "level", "parent_id", "valid_from", "valid_to"
            )
        }
        self.by_code: dict[str, list[UnitRow]] = {}
        for unit in self.units.values():
            self.by_code.setdefault(unit.code, []).append(unit)
        self.successors: dict[int, list[tuple[bool, int]]] = {}
        for predecessor, successor, partial in UnitSuccession.objects.values_list(
            "predecessor_id", "successor_id", "partial"
        ):
            self.successors.setdefault(predecessor, []).append((partial, successor))
        self.agencies = {
            e_id: (agency_id, unit_id)
            for e_id, agency_id, unit_id in Agency.objects.values_list("e_id", "id", "unit_id")
        }
        self._current: dict[int, int] = {}

    def at(self, code: str, day: date) -> UnitRow | None:
        """The unit with ``code`` in force on ``day`` (codes were reused across the 2025 reform)."""
        for unit in self.by_code.get(code, []):
            if (unit.valid_from is None or unit.valid_from <= day) and (
                unit.valid_to is None or day <= unit.valid_to
            ):
                return unit
        return None

    def current(self, unit_id: int) -> int:
        """The in-force unit that took over ``unit_id``: whole successors first, the most local first."""
        if unit_id in self._current:
            return self._current[unit_id]
        seen: set[int] = set()
        cursor = unit_id
        while self.units[cursor].valid_to is not None and cursor not in seen:
            seen.add(cursor)
            links = self.successors.get(cursor)
            if not links:
                break
            links = sorted(links, key=lambda link: (link[0], LEVEL_ORDER.get(self.units[link[1]].level, 9)))
            cursor = links[0][1]
        self._current[unit_id] = cursor
        return cursor

    def province(self, unit_id: int) -> int:
        cursor = self.units[unit_id]
        while cursor.level != UnitLevel.PROVINCE and cursor.parent_id is not None:
            cursor = self.units[cursor.parent_id]
        return cursor.id

    def descendants(self, unit_id: int) -> set[int]:
        children: dict[int, list[int]] = {}
        for unit in self.units.values():
            if unit.parent_id is not None:
                children.setdefault(unit.parent_id, []).append(unit.id)
        found, frontier = {unit_id}, [unit_id]
        while frontier:
            frontier = [
                child for parent in frontier for child in children.get(parent, []) if child not in found
            ]
            found.update(frontier)
        return found
