from onestop.dossiers.models import Dossier
from onestop.dossiers.workflow import TERMINAL_STATES


def test_the_open_queue_index_leaves_out_exactly_the_terminal_states() -> None:
    index = next(index for index in Dossier._meta.indexes if index.name == "dossier_open_due")
    assert index.condition is not None
    ((lookup, states),) = index.condition.children
    assert index.condition.negated
    assert lookup == "state__in"
    assert set(states) == set(TERMINAL_STATES)
