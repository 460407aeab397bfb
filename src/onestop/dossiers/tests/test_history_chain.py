from collections.abc import Callable

import pytest

from onestop.dossiers.constants import State
from onestop.dossiers.history import history_is_intact
from onestop.dossiers.models import Dossier, DossierHistory


def test_history_of_a_processed_dossier_is_an_intact_chain(dossier_in: Callable[[State], Dossier]) -> None:
    dossier = dossier_in(State.DONE)
    actions = list(dossier.history.order_by("sequence").values_list("action", flat=True))
    assert actions == [
        "submit",
        "receive",
        "transfer",
        "assign",
        "complete_step",
        "submit_for_approval",
        "approve",
    ]
    assert history_is_intact(dossier=dossier)


def test_an_edited_history_row_is_detected(dossier_in: Callable[[State], Dossier]) -> None:
    dossier = dossier_in(State.AT_AGENCY)
    DossierHistory.objects.filter(dossier=dossier, sequence=2).update(note="sửa lén")
    assert not history_is_intact(dossier=dossier)


def test_history_rows_cannot_be_saved_twice(dossier_in: Callable[[State], Dossier]) -> None:
    row = dossier_in(State.NEW).history.get()
    row.note = "changed"
    with pytest.raises(RuntimeError):
        row.save()
