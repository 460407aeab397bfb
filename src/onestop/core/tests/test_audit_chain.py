import pytest

from onestop.accounts.models import User
from onestop.core.models import AuditEvent
from onestop.core.selectors import audit_chain_is_intact
from onestop.core.services import audit_record


@pytest.fixture
def subject(db: None) -> User:
    return User.objects.create(username="subject", full_name="Chủ thể")


def test_audit_rows_of_one_subject_form_an_intact_chain(subject: User) -> None:
    audit_record(actor=None, action="a", subject=subject, after={"x": 1})
    audit_record(actor=None, action="b", subject=subject, before={"x": 1}, after={"x": 2})
    events = list(AuditEvent.objects.filter(subject_id=str(subject.pk)).order_by("sequence"))
    assert [event.sequence for event in events] == [1, 2]
    assert events[1].previous_hash == events[0].hash
    assert audit_chain_is_intact(subject=subject)


def test_altering_an_audit_row_in_the_database_breaks_the_chain(subject: User) -> None:
    audit_record(actor=None, action="a", subject=subject, after={"x": 1})
    audit_record(actor=None, action="b", subject=subject, after={"x": 2})
    AuditEvent.objects.filter(subject_id=str(subject.pk), sequence=1).update(after={"x": 99})
    assert not audit_chain_is_intact(subject=subject)


def test_deleting_an_audit_row_in_the_database_breaks_the_chain(subject: User) -> None:
    for action in ("a", "b", "c"):
        audit_record(actor=None, action=action, subject=subject)
    AuditEvent.objects.filter(subject_id=str(subject.pk), sequence=2).delete()
    assert not audit_chain_is_intact(subject=subject)


def test_audit_rows_cannot_be_changed_or_deleted_through_the_model(subject: User) -> None:
    event = audit_record(actor=None, action="a", subject=subject)
    event.action = "changed"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()
