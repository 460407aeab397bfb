"""An officer of one commune can neither list, open nor act on another commune's dossiers."""

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied

from onestop.core.models import AuditEvent
from onestop.dossiers.constants import State
from onestop.dossiers.models import Dossier
from onestop.dossiers.selectors import dossier_open, dossiers_visible_to, queue
from onestop.dossiers.services import dossier_act


@pytest.mark.smoke
def test_officer_of_another_commune_cannot_list_open_or_act(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(State.NEW)
    assert not dossiers_visible_to(user=people.other_desk).filter(pk=dossier.pk).exists()
    assert not queue(user=people.other_desk, name="unit").exists()
    with pytest.raises(Dossier.DoesNotExist):
        dossier_open(user=people.other_desk, pk=dossier.pk)
    with pytest.raises(PermissionDenied):
        dossier_act(actor=people.other_desk, dossier=dossier, action="receive")
    dossier.refresh_from_db()
    assert dossier.state == State.NEW


def test_officer_of_the_commune_lists_and_opens_it_and_the_viewing_is_logged(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(State.NEW)
    assert list(queue(user=people.desk, name="unit")) == [dossier]
    dossier_open(user=people.desk, pk=dossier.pk)
    assert AuditEvent.objects.filter(
        actor=people.desk, action="dossier.viewed", subject_id=str(dossier.pk)
    ).exists()


def test_the_applicant_cannot_act_as_the_desk(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(State.NEW)
    with pytest.raises(PermissionDenied):
        dossier_act(actor=people.citizen, dossier=dossier, action="receive")


def test_a_specialist_cannot_approve(people: SimpleNamespace, dossier_in: Callable[[State], Dossier]) -> None:
    dossier = dossier_in(State.AWAITING_APPROVAL)
    with pytest.raises(PermissionDenied):
        dossier_act(actor=people.specialist, dossier=dossier, action="approve")


def test_queues_split_mine_due_soon_and_late(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    import time_machine

    dossier = dossier_in(State.IN_PROGRESS)  # 5 working days from Monday 2 March: due Monday 9 March 17:00
    assert dossier in queue(user=people.specialist, name="mine")
    assert dossier not in queue(user=people.specialist, name="due_soon")
    with time_machine.travel("2026-03-09T08:00:00+07:00"):
        assert dossier in queue(user=people.specialist, name="due_soon")
        assert dossier not in queue(user=people.specialist, name="late")
    with time_machine.travel("2026-03-10T08:00:00+07:00"):
        assert dossier in queue(user=people.specialist, name="late")
