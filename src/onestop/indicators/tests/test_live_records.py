"""A dossier handled in OneStop keeps its exchange record, and so the index, current at every event."""

from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from onestop.catalog.constants import OnlineLevel
from onestop.catalog.selectors import content_from_version
from onestop.catalog.services import procedure_version_create
from onestop.dossiers.constants import State
from onestop.dossiers.models import Dossier
from onestop.dossiers.tests import conftest as dossier_fixtures
from onestop.indicators.constants import RecordSource
from onestop.indicators.models import DossierRecord
from onestop.indicators.selectors import Period, compute_index, losses, subject_by_code
from onestop.indicators.services import record_refresh

_working_monday = dossier_fixtures._working_monday
people = dossier_fixtures.people
test_procedure = dossier_fixtures.test_procedure
dossier_in = dossier_fixtures.dossier_in
act = dossier_fixtures.act

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
TZ = timezone.get_current_timezone()


def finish_late(people: Any, dossier: Any) -> Any:
    """Thursday of the next week, past the 5-working-day limit: the remaining steps, approval and return."""
    with time_machine.travel(datetime(2026, 3, 12, 9, 0, tzinfo=TZ), tick=True):
        for who, action, params in [
            ("specialist", "complete_step", {"files": 1}),
            ("specialist", "submit_for_approval", {"files": 1}),
            ("leader", "approve", {"files": 1}),
            ("desk", "return_result", {"method": "desk"}),
        ]:
            dossier = act(people, dossier, who, action, params)
    return dossier


@pytest.mark.django_db
def test_a_dossier_has_no_record_until_it_is_received(dossier_in: Any) -> None:
    dossier = dossier_in(State.NEW)
    assert not DossierRecord.objects.filter(dossier=dossier).exists()
    received = dossier_in(State.RECEIVED)
    record = DossierRecord.objects.get(dossier=received)
    assert (record.source, record.code, record.status) == (RecordSource.LIVE, received.code, 2)
    assert record.on_time is None
    assert record.late_after == received.due_at


@pytest.mark.django_db
def test_returning_a_dossier_late_lowers_the_on_time_rate_and_lists_it(people: Any, dossier_in: Any) -> None:
    dossier = dossier_in(State.IN_PROGRESS)
    subject = subject_by_code("11203", period=MARCH)
    assert subject is not None
    before = compute_index(subject, MARCH).indicator("2.1")
    assert (before.numerator, before.denominator) == (1, 1)  # type: ignore[union-attr]

    dossier = finish_late(people, dossier)

    record = DossierRecord.objects.get(dossier=dossier)
    assert (record.status, record.on_time, record.handler) == (10, False, people.specialist)
    assert record.quality_score is not None
    after = compute_index(subject, MARCH).indicator("2.1")
    assert (after.numerator, after.denominator) == (0, 1)  # type: ignore[union-attr]
    listed = losses(user=people.leader, subject=subject, period=MARCH, key="2.1")
    assert [r.code for r in listed] == [dossier.code]


@pytest.mark.django_db
def test_an_officer_of_another_commune_sees_none_of_its_dossiers(people: Any, dossier_in: Any) -> None:
    dossier = finish_late(people, dossier_in(State.IN_PROGRESS))
    subject = subject_by_code("11203", period=MARCH)
    assert subject is not None
    assert list(losses(user=people.other_desk, subject=subject, period=MARCH, key="2.1")) == []
    assert DossierRecord.objects.filter(dossier=dossier).exists()


@pytest.mark.django_db
def test_the_index_links_a_live_dossier_to_its_page(dossier_in: Any, staff_client: Any) -> None:
    dossier = dossier_in(State.RECEIVED)
    response = staff_client("chutich.ninhgiang").get(f"/chi-so/ho-so/{dossier.code}/")
    assert response["Location"] == f"/staff/dossiers/{dossier.pk}/"


@pytest.mark.django_db
def test_a_newly_published_version_shows_in_the_next_live_record(
    dossier_in: Any, test_procedure: Any
) -> None:
    dossier = dossier_in(State.RECEIVED)
    assert DossierRecord.objects.get(dossier=dossier).full_online_eligible is (
        test_procedure.online_level == OnlineLevel.FULL
    )
    other = OnlineLevel.PARTIAL if test_procedure.online_level == OnlineLevel.FULL else OnlineLevel.FULL
    procedure_version_create(
        actor=None,
        code=test_procedure.procedure.code,
        content=replace(content_from_version(test_procedure), online_level=other, partial_online_reason="Ký"),
    )
    record_refresh(dossier=Dossier.objects.get(pk=dossier.pk))
    assert DossierRecord.objects.get(dossier=dossier).full_online_eligible is (other == OnlineLevel.FULL)
