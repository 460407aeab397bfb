"""One test per edge of the workflow table: from its source state, the action leads to its target."""

from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from onestop.dossiers.constants import State
from onestop.dossiers.models import Dossier
from onestop.dossiers.tests.conftest import act
from onestop.dossiers.workflow import STATE_STATUS, TRANSITIONS, Transition, validate_workflow
from onestop.organizations.constants import Role

ROLE_ACTOR = {
    Role.DESK_OFFICER: "desk",
    Role.SPECIALIST: "specialist",
    Role.AGENCY_LEADER: "leader",
    Role.CITIZEN: "citizen",
}
PARAMS: dict[str, dict[str, Any]] = {
    "request_supplement": {"items": [{"name": "Tờ khai", "reason": "Thiếu chữ ký"}]},
    "refuse_reception": {"reasons": "Không thuộc thẩm quyền"},
    "withdraw": {},
    "assign": {"assignee": "specialist"},
    "complete_step": {"files": 1},
    "submit_for_approval": {"files": 1},
    "approve": {"files": 1},
    "refuse": {"files": 1, "reasons": "Không đủ điều kiện"},
    "return_result": {"method": "post", "waybill": "EB123456789VN"},
    "stop": {"reasons": "Người nộp xin dừng"},
    "suspend": {"reasons": "Chờ kết quả xác minh của Công an"},
    "answer_supplement": {"files": 1},
}


@pytest.mark.parametrize("edge", TRANSITIONS, ids=lambda t: f"{t.source}--{t.action}->{t.target}")
def test_workflow_edge(
    edge: Transition, people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(edge.source)
    params = dict(PARAMS.get(edge.action, {}))
    if edge.action == "hand_off":
        params = {"files": 1}  # the next step of the test procedure is the hand-off to the police
    if edge.action == "extend":
        params = {"reasons": "Cần xác minh thêm", "new_due_at": dossier.due_at + timedelta(days=7)}
    history_before = dossier.history.count()
    result = act(people, dossier, ROLE_ACTOR[edge.role], edge.action, params)
    assert result.state == edge.target
    assert result.dvcqg_status == STATE_STATUS[edge.target]
    row = result.history.order_by("-sequence").first()
    assert row is not None
    assert result.history.count() == history_before + 1
    assert (row.action, row.from_state, row.to_state) == (edge.action, edge.source, edge.target)


def test_workflow_table_is_valid() -> None:
    validate_workflow()


def test_a_dead_end_state_is_refused_at_start_up() -> None:
    without_transfer = tuple(
        t for t in TRANSITIONS if t.action not in {"transfer", "stop"} or t.source != State.RECEIVED
    )
    with pytest.raises(ImproperlyConfigured, match="received is a dead end"):
        validate_workflow(without_transfer)
    validate_workflow()


def test_an_outgoing_edge_from_a_terminal_state_is_refused() -> None:
    broken = (*TRANSITIONS, Transition("reopen", State.RETURNED, Role.DESK_OFFICER, State.RECEIVED))
    with pytest.raises(ImproperlyConfigured, match="terminal state returned"):
        validate_workflow(broken)
    validate_workflow()
