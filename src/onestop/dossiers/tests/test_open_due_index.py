from onestop.dossiers.models import Dossier
from onestop.dossiers.workflow import TERMINAL_STATES


def test_the_open_queue_indexes_leave_out_exactly_the_terminal_states() -> None:
    indexes = [index for index in Dossier._meta.indexes if index.name.startswith("dossier_open_")]
    assert {index.name for index in indexes} == {
        "dossier_open_due",
        "dossier_open_desk",
        "dossier_open_agency",
        "dossier_open_assignee",
    }
    for index in indexes:
        _assert_open_only(index)


def _assert_open_only(index: object) -> None:
    assert index.condition is not None  # type: ignore[attr-defined]
    ((lookup, states),) = index.condition.children  # type: ignore[attr-defined]
    assert index.condition.negated  # type: ignore[attr-defined]
    assert lookup == "state__in"
    assert set(states) == set(TERMINAL_STATES)
