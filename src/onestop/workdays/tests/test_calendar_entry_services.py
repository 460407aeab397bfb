"""Administrators edit the calendar through services that require the deciding document and audit."""

import unicodedata
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from onestop.accounts.models import User
from onestop.core.models import AuditEvent
from onestop.core.selectors import audit_chain_is_intact
from onestop.workdays.constants import EntryKind, EntrySource
from onestop.workdays.models import CalendarEntry
from onestop.workdays.selectors import calendar_for_unit, due_at
from onestop.workdays.services import calendar_entry_delete, calendar_entry_save
from onestop.workdays.tests.utils import at

pytestmark = pytest.mark.django_db

DECISION = "Thông báo 6150/TB-BLĐTBXH"


def _audit(entry: CalendarEntry) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(subject_type="workdays.calendarentry", subject_id=str(entry.pk)))


@pytest.mark.smoke
def test_a_manual_holiday_moves_a_deadline(admin_user: User) -> None:
    received = at(2026, 3, 10, 9, 0)
    assert due_at(received_at=received, limit="3 working days") == at(2026, 3, 13, 17, 0)

    calendar_entry_save(
        actor=admin_user,
        day=date(2026, 3, 12),
        kind=EntryKind.HOLIDAY,
        name="Nghỉ đột xuất",
        decision=DECISION,
    )

    assert due_at(received_at=received, limit="3 working days") == at(2026, 3, 16, 17, 0)


def test_a_manual_working_saturday_moves_a_deadline(admin_user: User) -> None:
    received = at(2026, 3, 13, 9, 0)
    assert due_at(received_at=received, limit="1 working day") == at(2026, 3, 16, 17, 0)

    calendar_entry_save(
        actor=admin_user, day=date(2026, 3, 14), kind=EntryKind.WORKING_DAY, name="Làm bù", decision=DECISION
    )

    assert due_at(received_at=received, limit="1 working day") == at(2026, 3, 14, 17, 0)


def test_save_creates_a_manual_entry_with_an_audit_row(admin_user: User) -> None:
    entry = calendar_entry_save(
        actor=admin_user,
        day=date(2026, 3, 12),
        kind=EntryKind.DAY_OFF,
        name="Nghỉ bù",
        name_en="Day off",
        decision=DECISION,
    )

    assert entry.source == EntrySource.MANUAL
    assert entry.decision == DECISION
    [event] = _audit(entry)
    assert event.action == "calendar_entry.create"
    assert event.actor == admin_user
    assert event.before is None
    assert event.after == {
        "date": "2026-03-12",
        "kind": "day_off",
        "name": "Nghỉ bù",
        "name_en": "Day off",
        "decision": DECISION,
        "source": "manual",
    }


def test_save_over_a_seeded_entry_makes_it_manual_and_records_before(admin_user: User) -> None:
    entry = calendar_entry_save(
        actor=admin_user,
        day=date(2026, 4, 27),
        kind=EntryKind.DAY_OFF,
        name="Nghỉ bù Giỗ Tổ Hùng Vương",
        decision="Công văn 1234/LĐTBXH",
    )

    assert CalendarEntry.objects.filter(date=date(2026, 4, 27)).count() == 1
    assert entry.source == EntrySource.MANUAL
    [event] = _audit(entry)
    assert event.action == "calendar_entry.update"
    assert event.before is not None
    assert event.before["source"] == "seeded"
    assert event.after is not None
    assert event.after["decision"] == "Công văn 1234/LĐTBXH"


@pytest.mark.parametrize("decision", ["", "   "])
def test_the_deciding_document_is_required(admin_user: User, decision: str) -> None:
    with pytest.raises(ValidationError) as raised:
        calendar_entry_save(
            actor=admin_user, day=date(2026, 3, 12), kind=EntryKind.HOLIDAY, name="Nghỉ", decision=decision
        )

    assert "decision" in raised.value.message_dict
    assert "Record the document that decided this day" in raised.value.message_dict["decision"][0]
    assert not CalendarEntry.objects.filter(date=date(2026, 3, 12)).exists()


def test_unknown_kind_and_empty_name_are_refused(admin_user: User) -> None:
    with pytest.raises(ValidationError) as raised:
        calendar_entry_save(
            actor=admin_user, day=date(2026, 3, 12), kind="festival", name=" ", decision=DECISION
        )

    assert set(raised.value.message_dict) == {"kind", "name"}


def test_text_is_stored_in_nfc(admin_user: User) -> None:
    decomposed = unicodedata.normalize("NFD", "Nghỉ lễ đặc biệt")
    entry = calendar_entry_save(
        actor=admin_user,
        day=date(2026, 3, 12),
        kind=EntryKind.HOLIDAY,
        name=decomposed,
        decision=f" {DECISION} ",
    )

    entry.refresh_from_db()
    assert entry.name == "Nghỉ lễ đặc biệt"
    assert entry.decision == DECISION


def test_delete_restores_the_ordinary_week_and_is_audited(admin_user: User) -> None:
    received = at(2026, 11, 23, 10, 0)
    entry = CalendarEntry.objects.get(date=date(2026, 11, 24))
    assert due_at(received_at=received, limit="1 working day") == at(2026, 11, 25, 17, 0)

    calendar_entry_delete(actor=admin_user, day=date(2026, 11, 24))

    assert due_at(received_at=received, limit="1 working day") == at(2026, 11, 24, 17, 0)
    [event] = AuditEvent.objects.filter(subject_type="workdays.calendarentry", subject_id=str(entry.pk))
    assert event.action == "calendar_entry.delete"
    assert event.before is not None
    assert event.before["name"] == "Ngày Văn hóa Việt Nam"
    assert event.after is None


def test_deleting_a_missing_entry_is_refused(admin_user: User) -> None:
    with pytest.raises(ValidationError, match="There is no calendar entry"):
        calendar_entry_delete(actor=admin_user, day=date(2026, 3, 12))


def test_every_change_extends_one_audit_chain(admin_user: User) -> None:
    for name in ("Nghỉ", "Nghỉ lễ", "Nghỉ lễ đặc biệt"):
        entry = calendar_entry_save(
            actor=admin_user, day=date(2026, 3, 12), kind=EntryKind.HOLIDAY, name=name, decision=DECISION
        )

    assert [event.sequence for event in _audit(entry)] == [1, 2, 3]
    assert audit_chain_is_intact(subject=entry)


def test_a_working_day_entry_cancels_a_seeded_holiday(admin_user: User) -> None:
    calendar_entry_save(
        actor=admin_user,
        day=date(2026, 11, 24),
        kind=EntryKind.WORKING_DAY,
        name="Làm việc",
        decision=DECISION,
    )

    assert calendar_for_unit().is_working_day(date(2026, 11, 24))
