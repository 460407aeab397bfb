"""The data migration seeds 2024-2027 from the holidays package."""

import importlib
import unicodedata
from datetime import date

import pytest
from django.apps import apps

from onestop.workdays.constants import EntryKind, EntrySource
from onestop.workdays.models import CalendarEntry

pytestmark = pytest.mark.django_db


migration = importlib.import_module("onestop.workdays.migrations.0002_seed_calendar")


@pytest.fixture(autouse=True)
def calendar_seeded(db: None) -> None:
    """Overrides the service re-seeding: the rows here must come from the migration's own code."""
    if not CalendarEntry.objects.exists():  # flushed by a transactional test: run the migration again
        migration.seed(apps, None)


def _kinds(year: int) -> dict[date, str]:
    return dict(CalendarEntry.objects.filter(date__year=year).values_list("date", "kind"))


@pytest.mark.smoke
def test_2026_holidays_swaps_and_days_off() -> None:
    holiday, day_off, working_day = EntryKind.HOLIDAY, EntryKind.DAY_OFF, EntryKind.WORKING_DAY

    assert _kinds(2026) == {
        date(2026, 1, 1): holiday,
        date(2026, 2, 16): holiday,
        date(2026, 2, 17): holiday,
        date(2026, 2, 18): holiday,
        date(2026, 2, 19): holiday,
        date(2026, 2, 20): holiday,
        date(2026, 4, 26): holiday,  # a Sunday: harmless, it is not a working day anyway
        date(2026, 4, 27): day_off,
        date(2026, 4, 30): holiday,
        date(2026, 5, 1): holiday,
        date(2026, 8, 22): working_day,
        date(2026, 8, 31): day_off,
        date(2026, 9, 1): holiday,
        date(2026, 9, 2): holiday,
        date(2026, 11, 24): holiday,
    }


def test_every_seeded_year_is_present() -> None:
    for year in (2024, 2025, 2026, 2027):
        assert date(year, 1, 1) in _kinds(year)
        assert date(year, 4, 30) in _kinds(year)
        assert date(year, 9, 2) in _kinds(year)
    assert not CalendarEntry.objects.filter(date__year=2028).exists()


def test_other_years_swaps() -> None:
    assert _kinds(2024)[date(2024, 5, 4)] == EntryKind.WORKING_DAY
    assert _kinds(2024)[date(2024, 4, 29)] == EntryKind.DAY_OFF
    assert _kinds(2025)[date(2025, 4, 26)] == EntryKind.WORKING_DAY
    assert _kinds(2025)[date(2025, 5, 2)] == EntryKind.DAY_OFF
    assert _kinds(2027)[date(2027, 5, 3)] == EntryKind.DAY_OFF


def test_names_decision_and_source() -> None:
    tet = CalendarEntry.objects.get(date=date(2026, 2, 17))
    swap = CalendarEntry.objects.get(date=date(2026, 8, 22))
    day_off = CalendarEntry.objects.get(date=date(2026, 8, 31))

    assert (tet.name, tet.name_en) == ("Tết Nguyên Đán", "Lunar New Year")
    assert swap.name == "Ngày làm việc bù (cho ngày nghỉ 31/08/2026)"
    assert day_off.name == "Ngày nghỉ (thay cho ngày 22/08/2026)"
    assert tet.source == EntrySource.SEEDED
    assert tet.decision.startswith("holidays package (VN)")


def test_names_are_stored_in_nfc() -> None:
    for name, name_en in CalendarEntry.objects.values_list("name", "name_en"):
        assert unicodedata.is_normalized("NFC", name)
        assert unicodedata.is_normalized("NFC", name_en)


def test_the_migration_reverses_and_keeps_manual_entries() -> None:
    CalendarEntry.objects.filter(date=date(2026, 11, 24)).update(source=EntrySource.MANUAL, decision="QĐ 1")
    seeded = CalendarEntry.objects.filter(source=EntrySource.SEEDED).count()

    migration.unseed(apps, None)
    assert list(CalendarEntry.objects.values_list("date", flat=True)) == [date(2026, 11, 24)]

    migration.seed(apps, None)
    assert CalendarEntry.objects.filter(source=EntrySource.SEEDED).count() == seeded
    assert CalendarEntry.objects.get(date=date(2026, 11, 24)).decision == "QĐ 1"
