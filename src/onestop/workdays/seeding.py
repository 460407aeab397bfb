"""Calendar rows derived from the ``holidays`` package; pure, shared by the data migration and the service.

The data migration imports :func:`rows_for_year`, so keep its signature and output shape stable.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date

import holidays

from onestop.workdays.constants import SEED_DECISION, EntryKind


@dataclass(frozen=True)
class SeedRow:
    date: date
    kind: str
    name: str
    name_en: str


def seed_decision() -> str:
    return f"{SEED_DECISION} {holidays.__version__}"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _is_day_off(name_vi: str) -> bool:
    # "… (nghỉ bù)" is an observed holiday, "Ngày nghỉ (thay cho …)" a day off swapped with a Saturday.
    lowered = name_vi.lower()
    return "nghỉ bù" in lowered or lowered.startswith("ngày nghỉ")


def rows_for_year(year: int) -> list[SeedRow]:
    """Holidays, days off in lieu and working weekend days of ``year``, sorted by date."""
    names_vi = holidays.country_holidays("VN", years=year, language="vi")
    names_en = holidays.country_holidays("VN", years=year, language="en_US")
    rows: list[SeedRow] = []
    for day in sorted(names_vi):
        vi = [_nfc(name) for name in names_vi.get_list(day)]
        en = [_nfc(name) for name in names_en.get_list(day)]
        kind = EntryKind.DAY_OFF if all(_is_day_off(name) for name in vi) else EntryKind.HOLIDAY
        rows.append(SeedRow(day, kind.value, "; ".join(vi), "; ".join(en)))
    # weekend_workdays holds the swaps of every year the package knows, not only ``year``.
    workdays = sorted(
        d for d in holidays.country_holidays("VN", years=year).weekend_workdays if d.year == year
    )
    holiday_dates = {row.date for row in rows}
    for day in workdays:
        if day in holiday_dates:
            continue
        marker = f"{day:%d/%m/%Y}"
        swapped = next((row.date for row in rows if marker in row.name), None)
        if swapped is None:
            name, name_en = "Ngày làm việc bù", "Compensatory working day"
        else:
            name = f"Ngày làm việc bù (cho ngày nghỉ {swapped:%d/%m/%Y})"
            name_en = f"Compensatory working day (for the day off on {swapped.isoformat()})"
        rows.append(SeedRow(day, EntryKind.WORKING_DAY.value, name, name_en))
    rows.sort(key=lambda row: row.date)
    return rows
