"""Writes of the working calendar; each validates, changes state and writes its audit row atomically."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from onestop.accounts.models import User
from onestop.core.services import audit_record
from onestop.core.text import nfc
from onestop.organizations.models import AdministrativeUnit
from onestop.workdays.constants import EntryKind, EntrySource
from onestop.workdays.models import CalendarEntry, WorkingHours, WorkingPeriod
from onestop.workdays.seeding import rows_for_year, seed_decision
from onestop.workdays.selectors import calendar_changed
from onestop.workdays.validators import Period, validate_periods

# Years the holidays package can sensibly compute for Viet Nam.
SEED_YEARS = range(2000, 2101)


def _entry_snapshot(entry: CalendarEntry) -> dict[str, Any]:
    return {
        "date": entry.date.isoformat(),
        "kind": entry.kind,
        "name": entry.name,
        "name_en": entry.name_en,
        "decision": entry.decision,
        "source": entry.source,
    }


def calendar_entry_save(
    *,
    actor: User | None,
    day: date,
    kind: str,
    name: str,
    name_en: str = "",
    decision: str,
) -> CalendarEntry:
    """Create or replace the entry on ``day`` as a manual entry, recording the deciding document.

    A manual entry is never overwritten by seeding; a ``working_day`` entry on a weekday is the way to
    cancel a wrongly seeded holiday for good.
    """
    name, name_en, decision = nfc(name), nfc(name_en), nfc(decision)
    errors: dict[str, Any] = {}
    if kind not in EntryKind.values:
        errors["kind"] = _("Choose holiday, day off or working day.")
    if not name:
        errors["name"] = _("Give the name of the day.")
    if not decision:
        errors["decision"] = _("Record the document that decided this day, e.g. Thông báo 6150/TB-BLĐTBXH.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        entry = CalendarEntry.objects.select_for_update().filter(date=day).first()
        before = _entry_snapshot(entry) if entry else None
        if entry is None:
            entry = CalendarEntry(date=day)
        entry.kind = kind
        entry.name = name
        entry.name_en = name_en
        entry.decision = decision
        entry.source = EntrySource.MANUAL
        entry.full_clean()
        entry.save()
        audit_record(
            actor=actor,
            action="calendar_entry.update" if before else "calendar_entry.create",
            subject=entry,
            before=before,
            after=_entry_snapshot(entry),
        )
    return entry


def calendar_entry_delete(*, actor: User | None, day: date) -> None:
    """Remove the entry on ``day``: the day follows the ordinary Monday-Friday week again."""
    with transaction.atomic():
        entry = CalendarEntry.objects.select_for_update().filter(date=day).first()
        if entry is None:
            raise ValidationError(
                _("There is no calendar entry on %(day)s."), code="not_found", params={"day": day.isoformat()}
            )
        audit_record(
            actor=actor, action="calendar_entry.delete", subject=entry, before=_entry_snapshot(entry)
        )
        entry.delete()


@dataclass(frozen=True)
class SeedResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    kept_manual: int = 0


def calendar_seed(*, actor: User | None, years: Iterable[int]) -> SeedResult:
    """Bring the seeded entries of ``years`` in line with the holidays package; manual entries stay.

    Idempotent: a second run changes nothing. Seeded entries the package no longer lists are removed.
    """
    counts = {"created": 0, "updated": 0, "deleted": 0, "unchanged": 0, "kept_manual": 0}
    decision = seed_decision()
    for year in sorted(set(years)):
        if year not in SEED_YEARS:
            raise ValidationError(
                _("Seed years between %(first)d and %(last)d, not %(year)d."),
                code="year_out_of_range",
                params={"first": SEED_YEARS[0], "last": SEED_YEARS[-1], "year": year},
            )
    for year in sorted(set(years)):
        rows = {row.date: row for row in rows_for_year(year)}
        with transaction.atomic():
            existing = {
                entry.date: entry
                for entry in CalendarEntry.objects.select_for_update().filter(date__year=year)
            }
            for day, row in rows.items():
                entry = existing.get(day)
                if entry is not None and entry.source == EntrySource.MANUAL:
                    counts["kept_manual"] += 1
                    continue
                values = {"kind": row.kind, "name": row.name, "name_en": row.name_en}
                if entry is not None and all(getattr(entry, key) == value for key, value in values.items()):
                    counts["unchanged"] += 1
                    continue
                before = _entry_snapshot(entry) if entry else None
                if entry is None:
                    entry = CalendarEntry(date=day, source=EntrySource.SEEDED)
                for key, value in values.items():
                    setattr(entry, key, value)
                entry.decision = decision
                entry.full_clean()
                entry.save()
                counts["updated" if before else "created"] += 1
                audit_record(
                    actor=actor,
                    action="calendar_entry.seed",
                    subject=entry,
                    before=before,
                    after=_entry_snapshot(entry),
                )
            for day, entry in existing.items():
                if day not in rows and entry.source == EntrySource.SEEDED:
                    audit_record(
                        actor=actor,
                        action="calendar_entry.delete",
                        subject=entry,
                        before=_entry_snapshot(entry),
                    )
                    entry.delete()
                    counts["deleted"] += 1
    return SeedResult(**counts)


def _hours_snapshot(periods: Sequence[Period]) -> dict[str, Any]:
    return {"periods": [f"{start:%H:%M}-{end:%H:%M}" for start, end in periods]}


def working_hours_set(
    *, actor: User | None, unit: AdministrativeUnit | None, periods: Sequence[Period]
) -> WorkingHours:
    """Replace the working periods of ``unit`` (``None``: the system default for units without their own)."""
    ordered = validate_periods(periods)
    with transaction.atomic():
        hours = _hours_for_update(unit)
        before = None
        if hours is None:
            hours = WorkingHours(unit=unit)
            hours.full_clean()
            hours.save()
        else:
            before = _hours_snapshot(list(hours.periods.values_list("start", "end")))
            hours.periods.all().delete()
            hours.save(update_fields=["updated_at"])
        WorkingPeriod.objects.bulk_create(
            WorkingPeriod(hours=hours, start=start, end=end) for start, end in ordered
        )
        calendar_changed()  # bulk_create sends no signal
        audit_record(
            actor=actor,
            action="working_hours.set",
            subject=hours,
            before=before,
            after=_hours_snapshot(ordered),
        )
    return hours


def working_hours_clear(*, actor: User | None, unit: AdministrativeUnit | None) -> None:
    """Remove the unit's own hours, so it inherits its parent's (the system default's, for ``None``)."""
    with transaction.atomic():
        hours = _hours_for_update(unit)
        if hours is None:
            raise ValidationError(_("These working hours are not configured."), code="not_found")
        before = _hours_snapshot(list(hours.periods.values_list("start", "end")))
        audit_record(actor=actor, action="working_hours.clear", subject=hours, before=before)
        hours.delete()


def _hours_for_update(unit: AdministrativeUnit | None) -> WorkingHours | None:
    rows = WorkingHours.objects.select_for_update()
    return (rows.filter(unit__isnull=True) if unit is None else rows.filter(unit=unit)).first()
