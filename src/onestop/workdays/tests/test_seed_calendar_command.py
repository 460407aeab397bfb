"""`onestop seed_calendar --years …` seeds later years and never overwrites manual entries."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from onestop.accounts.models import User
from onestop.core.models import AuditEvent
from onestop.workdays.constants import EntryKind, EntrySource
from onestop.workdays.models import CalendarEntry
from onestop.workdays.services import calendar_entry_save, calendar_seed

pytestmark = pytest.mark.django_db


def _seed(*years: str) -> str:
    out = StringIO()
    call_command("seed_calendar", "--years", *years, stdout=out)
    return out.getvalue()


def test_seeds_later_years() -> None:
    output = _seed("2028", "2029")

    kinds = dict(CalendarEntry.objects.filter(date__year=2028).values_list("date", "kind"))
    assert kinds[date(2028, 1, 1)] == EntryKind.HOLIDAY
    assert kinds[date(2028, 11, 24)] == EntryKind.HOLIDAY
    assert CalendarEntry.objects.filter(date__year=2029, date__month=9, date__day=2).exists()
    assert output.startswith("Calendar seeded: ")
    created = CalendarEntry.objects.filter(date__year__in=[2028, 2029]).count()
    assert f"{created} created, 0 updated" in output


def test_seeding_is_audited() -> None:
    result = calendar_seed(actor=None, years=[2028])

    events = AuditEvent.objects.filter(subject_type="workdays.calendarentry", action="calendar_entry.seed")
    assert events.count() == result.created > 0


def test_a_second_run_changes_nothing() -> None:
    _seed("2028")
    before = list(CalendarEntry.objects.values_list("date", "kind", "name", "updated_at"))

    result = calendar_seed(actor=None, years=[2028])

    assert (result.created, result.updated, result.deleted) == (0, 0, 0)
    assert result.unchanged > 0
    assert list(CalendarEntry.objects.values_list("date", "kind", "name", "updated_at")) == before


def test_manual_entries_are_never_overwritten(admin_user: User) -> None:
    calendar_entry_save(
        actor=admin_user,
        day=date(2026, 11, 24),
        kind=EntryKind.WORKING_DAY,
        name="Làm việc",
        decision="QĐ 1/QĐ",
    )

    result = calendar_seed(actor=None, years=[2026])

    entry = CalendarEntry.objects.get(date=date(2026, 11, 24))
    assert (entry.kind, entry.source, entry.decision) == (
        EntryKind.WORKING_DAY,
        EntrySource.MANUAL,
        "QĐ 1/QĐ",
    )
    assert result.kept_manual == 1


def test_reseeding_repairs_and_prunes_seeded_entries() -> None:
    CalendarEntry.objects.filter(date=date(2026, 9, 1)).update(kind=EntryKind.WORKING_DAY)
    CalendarEntry.objects.create(
        date=date(2026, 3, 12),
        kind=EntryKind.HOLIDAY,
        name="Không có",
        decision="x",
        source=EntrySource.SEEDED,
    )

    result = calendar_seed(actor=None, years=[2026])

    assert CalendarEntry.objects.get(date=date(2026, 9, 1)).kind == EntryKind.HOLIDAY
    assert not CalendarEntry.objects.filter(date=date(2026, 3, 12)).exists()
    assert (result.updated, result.deleted, result.created) == (1, 1, 0)


def test_years_out_of_range_are_refused() -> None:
    with pytest.raises(CommandError, match="Seed years between 2000 and 2100"):
        _seed("1800")
