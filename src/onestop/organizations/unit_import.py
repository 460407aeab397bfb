"""Import administrative units from the optional, GPL-licensed ``vietnam-provinces`` package.

Loads the 34 provinces and 3,321 communes in force since 1 July 2025 and, optionally, the 63 provinces,
696 districts and ~10,000 communes that ended on 30 June 2025, with succession links from old to new.
The package is imported lazily here only, so OneStop itself runs without it.
"""

import datetime as dt
import importlib
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q

from onestop.core.services import audit_record
from onestop.core.text import fold, nfc
from onestop.organizations.constants import UnitLevel
from onestop.organizations.models import AdministrativeUnit, UnitSuccession
from onestop.organizations.scope import unit_tree_changed

REFORM_DATE = dt.date(2025, 7, 1)
LEGACY_END = dt.date(2025, 6, 30)
MISSING_PACKAGE_MESSAGE = (
    "The vietnam-provinces package is not installed; install the 'provinces' extra: uv sync --extra provinces"
)
BATCH_SIZE = 1000
CODE_WIDTHS = {UnitLevel.PROVINCE: 2, UnitLevel.DISTRICT: 3, UnitLevel.COMMUNE: 5}

# (level, code, in force). Codes are reused across the reform, so being in force is part of the identity.
UnitKey = tuple[str, str, bool]
LinkKey = tuple[UnitKey, UnitKey]

# Report field prefix per group of units; also the order in which groups are written (parents first).
_GROUPS: dict[tuple[str, bool], str] = {
    (UnitLevel.PROVINCE, True): "provinces",
    (UnitLevel.PROVINCE, False): "legacy_provinces",
    (UnitLevel.DISTRICT, False): "districts",
    (UnitLevel.COMMUNE, True): "communes",
    (UnitLevel.COMMUNE, False): "legacy_communes",
}


class UnitSourceMissingError(RuntimeError):
    """The optional ``vietnam-provinces`` package is not installed."""


@dataclass
class ImportReport:
    """What one import changed; running it again on the same data reports only zeros."""

    provinces_created: int = 0
    provinces_updated: int = 0
    communes_created: int = 0
    communes_updated: int = 0
    legacy_provinces_created: int = 0
    legacy_provinces_updated: int = 0
    districts_created: int = 0
    districts_updated: int = 0
    legacy_communes_created: int = 0
    legacy_communes_updated: int = 0
    links_created: int = 0
    links_updated: int = 0
    # Old communes the source lists but maps to no new commune (dissolved before the 2025 reform).
    legacy_communes_without_successor: int = 0
    source_version: str = ""
    data_version: str = ""

    @property
    def changed(self) -> bool:
        return any(value for name, value in asdict(self).items() if name.endswith(("_created", "_updated")))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class _UnitRow:
    key: UnitKey
    name: str
    division_type: str
    parent: UnitKey | None


@dataclass
class _Source:
    rows: list[_UnitRow] = field(default_factory=list)
    links: dict[LinkKey, bool] = field(default_factory=dict)  # value: partial
    legacy_communes_without_successor: int = 0
    version: str = ""
    data_version: str = ""


@dataclass
class _Spread:
    """Where the communes of each old district and province went (by package codes)."""

    district_communes: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    district_partial: dict[int, bool] = field(default_factory=lambda: defaultdict(bool))
    district_provinces: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    province_provinces: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))


def _key(level: str, code: int, *, in_force: bool) -> UnitKey:
    return (level, str(int(code)).zfill(CODE_WIDTHS[UnitLevel(level)]), in_force)


def _base_name(name: str, division_type: str) -> str:
    """Folded name without its division prefix: "Huyện Côn Đảo" and "Đặc khu Côn Đảo" → "con dao"."""
    folded, prefix = fold(name), fold(division_type) + " "
    return folded.removeprefix(prefix)


def _partly_merged_codes() -> frozenset[int]:
    """Old commune codes only part of whose territory moved; the package exposes this flag nowhere public."""
    try:
        table = importlib.import_module("vietnam_provinces._ward_conversion_2025").OLD_TO_NEW
    except (ImportError, AttributeError):
        return frozenset()
    return frozenset(code for code, entry in table.items() if entry.old_ward.is_partly_merged)


def _read_package(*, include_legacy: bool) -> _Source:
    # importlib rather than import statements: mypy would otherwise analyse megabytes of data tables.
    try:
        vietnam_provinces = importlib.import_module("vietnam_provinces")
        legacy = importlib.import_module("vietnam_provinces.legacy")
    except ImportError as exc:
        raise UnitSourceMissingError(MISSING_PACKAGE_MESSAGE) from exc
    Province, Ward = vietnam_provinces.Province, vietnam_provinces.Ward  # noqa: N806 - the package's names
    LegacyProvince, LegacyDistrict, LegacyWard = legacy.Province, legacy.District, legacy.Ward  # noqa: N806

    source = _Source(
        version=str(getattr(vietnam_provinces, "__version__", "")),
        data_version=str(getattr(vietnam_provinces, "__data_version__", "")),
    )
    provinces, wards = list(Province.iter_all()), list(Ward.iter_all())
    for p in provinces:
        source.rows.append(_row(UnitLevel.PROVINCE, p, in_force=True, parent=None))
    for w in wards:
        parent = _key(UnitLevel.PROVINCE, w.province_code, in_force=True)
        source.rows.append(_row(UnitLevel.COMMUNE, w, in_force=True, parent=parent))
    if not include_legacy:
        return source

    old_provinces = list(LegacyProvince.iter_all())
    old_districts = list(LegacyDistrict.iter_all())
    old_wards = list(LegacyWard.iter_all())
    for op in old_provinces:
        source.rows.append(_row(UnitLevel.PROVINCE, op, in_force=False, parent=None))
    for od in old_districts:
        parent = _key(UnitLevel.PROVINCE, od.province_code, in_force=False)
        source.rows.append(_row(UnitLevel.DISTRICT, od, in_force=False, parent=parent))
    for ow in old_wards:
        parent = _key(UnitLevel.DISTRICT, ow.district_code, in_force=False)
        source.rows.append(_row(UnitLevel.COMMUNE, ow, in_force=False, parent=parent))

    spread = _commune_links(source, wards, old_districts, old_wards)
    _district_and_province_links(source, spread, provinces, wards, old_districts)
    return source


def _row(level: str, item: Any, *, in_force: bool, parent: UnitKey | None) -> _UnitRow:
    key = _key(level, item.code, in_force=in_force)
    return _UnitRow(key, nfc(item.name), nfc(item.division_type.value), parent)


def _commune_links(
    source: _Source, wards: list[Any], old_districts: list[Any], old_wards: list[Any]
) -> _Spread:
    """Link each old commune to the new communes it went to; gather where districts and provinces went."""
    successors: dict[int, list[int]] = defaultdict(list)
    for w in wards:  # the public API lists sources per new commune
        for old in w.get_legacy_sources():
            successors[int(old.code)].append(int(w.code))
    new_province = {int(w.code): int(w.province_code) for w in wards}
    district_of = {int(w.code): int(w.district_code) for w in old_wards}
    province_of = {int(d.code): int(d.province_code) for d in old_districts}
    partly = _partly_merged_codes()
    spread = _Spread()
    for old_code, new_codes in successors.items():
        partial = old_code in partly or len(new_codes) > 1
        old_key = _key(UnitLevel.COMMUNE, old_code, in_force=False)
        for new_code in new_codes:
            source.links[(old_key, _key(UnitLevel.COMMUNE, new_code, in_force=True))] = partial
        if (district := district_of.get(old_code)) is None:
            continue
        provinces = {new_province[c] for c in new_codes}
        spread.district_communes[district].update(new_codes)
        spread.district_partial[district] |= partial
        spread.district_provinces[district].update(provinces)
        # Follow the legacy hierarchy: the package's own province table has a stray Tiền Giang → Tây Ninh
        # entry caused by one mis-coded commune.
        spread.province_provinces[province_of[district]].update(provinces)
    source.legacy_communes_without_successor = sum(1 for w in old_wards if int(w.code) not in successors)
    return spread


def _district_and_province_links(
    source: _Source, spread: _Spread, provinces: list[Any], wards: list[Any], old_districts: list[Any]
) -> None:
    for p in provinces:  # fallback for an old province none of whose communes the table maps
        for old in p.get_legacy_sources():
            if int(old.code) not in spread.province_provinces:
                spread.province_provinces[int(old.code)].add(int(p.code))
    by_base_name = {
        (int(w.province_code), _base_name(w.name, w.division_type.value)): int(w.code) for w in wards
    }
    for d in old_districts:
        code = int(d.code)
        if code not in spread.district_provinces:
            # Island districts had no communes (Côn Đảo, Lý Sơn, ...); each became a special zone.
            spread.district_provinces[code] = spread.province_provinces.get(int(d.province_code), set())
            base = _base_name(d.name, d.division_type.value)
            for province_code in spread.district_provinces[code]:
                if (match := by_base_name.get((province_code, base))) is not None:
                    spread.district_communes[code].add(match)
        old_key = _key(UnitLevel.DISTRICT, code, in_force=False)
        new_provinces, new_communes = spread.district_provinces[code], spread.district_communes[code]
        for province_code in new_provinces:
            source.links[(old_key, _key(UnitLevel.PROVINCE, province_code, in_force=True))] = (
                len(new_provinces) > 1
            )
        for commune_code in new_communes:
            source.links[(old_key, _key(UnitLevel.COMMUNE, commune_code, in_force=True))] = (
                len(new_communes) > 1 or spread.district_partial[code]
            )
    for old_code, new_codes in spread.province_provinces.items():
        old_key = _key(UnitLevel.PROVINCE, old_code, in_force=False)
        for new_code in new_codes:
            source.links[(old_key, _key(UnitLevel.PROVINCE, new_code, in_force=True))] = len(new_codes) > 1


def _unit_key(unit: AdministrativeUnit) -> UnitKey:
    return (unit.level, unit.code, unit.valid_to is None)


def _sync_units(
    rows: list[_UnitRow], existing: dict[UnitKey, AdministrativeUnit], ids: dict[UnitKey, int]
) -> tuple[int, int]:
    """Create missing units and update changed ones; record their ids. Returns (created, updated)."""
    to_create: list[AdministrativeUnit] = []
    to_update: list[AdministrativeUnit] = []
    for row in rows:
        level, code, in_force = row.key
        parent_id = ids.get(row.parent) if row.parent else None
        wanted = (row.name, fold(row.name), row.division_type, parent_id)
        unit = existing.get(row.key)
        if unit is None:
            to_create.append(
                AdministrativeUnit(
                    code=code,
                    name=wanted[0],
                    name_folded=wanted[1],
                    level=level,
                    division_type=wanted[2],
                    parent_id=parent_id,
                    valid_from=REFORM_DATE if in_force else None,
                    valid_to=None if in_force else LEGACY_END,
                )
            )
        elif (unit.name, unit.name_folded, unit.division_type, unit.parent_id) != wanted:
            unit.name, unit.name_folded, unit.division_type, unit.parent_id = wanted
            to_update.append(unit)
    created = AdministrativeUnit.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    AdministrativeUnit.objects.bulk_update(
        to_update, ["name", "name_folded", "division_type", "parent"], batch_size=BATCH_SIZE
    )
    if to_create or to_update:
        unit_tree_changed()  # bulk writes send no signals
    if any(unit.pk is None for unit in created):  # backend without RETURNING: read the ids back
        ids.update({key: unit.pk for key, unit in _existing_units().items()})
    else:
        ids.update({_unit_key(unit): unit.pk for unit in created})
    return len(to_create), len(to_update)


def _existing_units() -> dict[UnitKey, AdministrativeUnit]:
    units: dict[UnitKey, AdministrativeUnit] = {}
    queryset = AdministrativeUnit.objects.filter(Q(valid_to__isnull=True) | Q(valid_to=LEGACY_END)).order_by(
        "pk"
    )
    for unit in queryset.only("code", "name", "name_folded", "level", "division_type", "parent", "valid_to"):
        units.setdefault(_unit_key(unit), unit)
    return units


def _sync_links(links: dict[LinkKey, bool], ids: dict[UnitKey, int]) -> tuple[int, int]:
    """Add missing succession links and fix their partial flag; links not in the source are kept."""
    existing = {
        (pred, succ): (pk, partial)
        for pk, pred, succ, partial in UnitSuccession.objects.filter(
            predecessor__valid_to=LEGACY_END
        ).values_list("pk", "predecessor_id", "successor_id", "partial")
    }
    to_create: list[UnitSuccession] = []
    to_update: list[UnitSuccession] = []
    for (old_key, new_key), partial in links.items():
        pred, succ = ids.get(old_key), ids.get(new_key)
        if pred is None or succ is None:
            continue
        current = existing.get((pred, succ))
        if current is None:
            to_create.append(UnitSuccession(predecessor_id=pred, successor_id=succ, partial=partial))
        elif current[1] != partial:
            to_update.append(
                UnitSuccession(pk=current[0], predecessor_id=pred, successor_id=succ, partial=partial)
            )
    UnitSuccession.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    UnitSuccession.objects.bulk_update(to_update, ["partial"], batch_size=BATCH_SIZE)
    return len(to_create), len(to_update)


def units_import_from_package(*, actor: Any = None, include_legacy: bool = True) -> ImportReport:
    """Load administrative units from ``vietnam-provinces``; idempotent, so safe to run after upgrades.

    Units are matched by level, code and whether they are in force (pre-reform units are those that ended
    on 30 June 2025). Names, division types and parents are updated when the source changed; nothing is
    deleted. Raises :class:`UnitSourceMissingError` when the package is not installed.
    """
    source = _read_package(include_legacy=include_legacy)  # outside the transaction: ~1 s of parsing
    report = ImportReport(
        legacy_communes_without_successor=source.legacy_communes_without_successor,
        source_version=source.version,
        data_version=source.data_version,
    )
    rows_by_group: dict[tuple[str, bool], list[_UnitRow]] = defaultdict(list)
    for row in source.rows:
        rows_by_group[(row.key[0], row.key[2])].append(row)

    with transaction.atomic():
        existing = _existing_units()
        ids = {key: unit.pk for key, unit in existing.items()}
        for group, prefix in _GROUPS.items():
            created, updated = _sync_units(rows_by_group[group], existing, ids)
            setattr(report, f"{prefix}_created", created)
            setattr(report, f"{prefix}_updated", updated)
        report.links_created, report.links_updated = _sync_links(source.links, ids)
        if report.changed:
            # One summary row, on the first province's chain: the import has no subject of its own.
            subject = (
                AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, valid_to__isnull=True)
                .order_by("code")
                .first()
            )
            if subject is not None:
                audit_record(actor=actor, action="units.imported", subject=subject, after=report.as_dict())
    return report
