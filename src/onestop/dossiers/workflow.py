"""The dossier workflow as data: every allowed transition in one table, checked when the app starts."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onestop.dossiers.constants import DvcqgStatus, State
from onestop.organizations.constants import Role


class Requires:
    """Files an action cannot happen without."""

    STEP_OUTPUTS = "step_outputs"  # the files the current process step names
    RESULT = "result"  # the result document
    UPLOADS = "uploads"  # at least one file sent with the action itself


ACTION_LABELS: dict[str, Promise] = {
    "submit": _("Submitted"),
    "receive": _("Receive"),
    "request_supplement": _("Request a supplement"),
    "refuse_reception": _("Refuse to receive"),
    "supplement_received": _("Supplement received"),
    "answer_supplement": _("Send the requested documents"),
    "withdraw": _("Withdraw"),
    "transfer": _("Transfer to the agency"),
    "assign": _("Assign a specialist"),
    "complete_step": _("Complete the step"),
    "hand_off": _("Hand off to the next agency"),
    "submit_for_approval": _("Submit for approval"),
    "send_back": _("Send back for rework"),
    "approve": _("Approve the result"),
    "refuse": _("Refuse after appraisal"),
    "return_result": _("Return the result"),
    "stop": _("Stop at the applicant's request"),
    "extend": _("Extend with an apology letter"),
    "suspend": _("Suspend (pause the clock)"),
    "resume": _("Resume processing"),
}


@dataclass(frozen=True)
class Transition:
    action: str
    source: State
    role: Role
    target: State
    requires: tuple[str, ...] = ()

    @property
    def label(self) -> Promise:
        return ACTION_LABELS[self.action]


# The national status each internal state reports (TrangThaiHoSo).
STATE_STATUS: dict[State, DvcqgStatus] = {
    State.NEW: DvcqgStatus.NEW,
    State.SUPPLEMENT_AT_RECEPTION: DvcqgStatus.SUPPLEMENT,
    State.NOT_RECEIVED: DvcqgStatus.NOT_RECEIVED,
    State.RECEIVED: DvcqgStatus.RECEIVED,
    State.AT_AGENCY: DvcqgStatus.PROCESSING,
    State.IN_PROGRESS: DvcqgStatus.PROCESSING,
    State.SUPPLEMENT_IN_PROCESSING: DvcqgStatus.SUPPLEMENT,
    State.AWAITING_APPROVAL: DvcqgStatus.PROCESSING,
    State.SUSPENDED: DvcqgStatus.PROCESSING,
    State.DONE: DvcqgStatus.DONE,
    # A refusal after appraisal is a decision too: processing is over and its letter is the result.
    State.REFUSED: DvcqgStatus.DONE,
    State.STOPPED: DvcqgStatus.STOPPED,
    State.WITHDRAWN: DvcqgStatus.WITHDRAWN,
    State.RETURNED: DvcqgStatus.RETURNED,
}

# States a dossier can be created in: online submission, desk reception, refusal at the desk.
INITIAL_STATES = frozenset({State.NEW, State.RECEIVED, State.NOT_RECEIVED})
TERMINAL_STATES = frozenset({State.NOT_RECEIVED, State.STOPPED, State.WITHDRAWN, State.RETURNED})
# States in which the applicant may still ask to stop (not yet decided).
STOPPABLE = (
    State.RECEIVED,
    State.AT_AGENCY,
    State.IN_PROGRESS,
    State.SUPPLEMENT_IN_PROCESSING,
    State.AWAITING_APPROVAL,
    State.SUSPENDED,
)
EXTENDABLE = (State.AT_AGENCY, State.IN_PROGRESS, State.AWAITING_APPROVAL)

TRANSITIONS: tuple[Transition, ...] = (
    # Reception of an online dossier at the desk.
    Transition("receive", State.NEW, Role.DESK_OFFICER, State.RECEIVED),
    Transition("request_supplement", State.NEW, Role.DESK_OFFICER, State.SUPPLEMENT_AT_RECEPTION),
    Transition("refuse_reception", State.NEW, Role.DESK_OFFICER, State.NOT_RECEIVED),
    Transition("supplement_received", State.SUPPLEMENT_AT_RECEPTION, Role.DESK_OFFICER, State.NEW),
    # The applicant answers a supplement request online with the missing documents.
    Transition(
        "answer_supplement", State.SUPPLEMENT_AT_RECEPTION, Role.CITIZEN, State.NEW, (Requires.UPLOADS,)
    ),
    Transition("withdraw", State.NEW, Role.CITIZEN, State.WITHDRAWN),
    Transition("withdraw", State.SUPPLEMENT_AT_RECEPTION, Role.CITIZEN, State.WITHDRAWN),
    # Processing at the competent agency.
    Transition("transfer", State.RECEIVED, Role.DESK_OFFICER, State.AT_AGENCY),
    Transition("assign", State.AT_AGENCY, Role.AGENCY_LEADER, State.IN_PROGRESS),
    Transition(
        "complete_step", State.IN_PROGRESS, Role.SPECIALIST, State.IN_PROGRESS, (Requires.STEP_OUTPUTS,)
    ),
    Transition("hand_off", State.IN_PROGRESS, Role.SPECIALIST, State.IN_PROGRESS, (Requires.STEP_OUTPUTS,)),
    Transition(
        "submit_for_approval",
        State.IN_PROGRESS,
        Role.SPECIALIST,
        State.AWAITING_APPROVAL,
        (Requires.STEP_OUTPUTS,),
    ),
    Transition("request_supplement", State.IN_PROGRESS, Role.SPECIALIST, State.SUPPLEMENT_IN_PROCESSING),
    Transition("supplement_received", State.SUPPLEMENT_IN_PROCESSING, Role.DESK_OFFICER, State.IN_PROGRESS),
    Transition(
        "answer_supplement",
        State.SUPPLEMENT_IN_PROCESSING,
        Role.CITIZEN,
        State.IN_PROGRESS,
        (Requires.UPLOADS,),
    ),
    Transition("send_back", State.AWAITING_APPROVAL, Role.AGENCY_LEADER, State.IN_PROGRESS),
    # Suspension (e.g. waiting for another agency's verification): the clock pauses until resumed.
    Transition("suspend", State.IN_PROGRESS, Role.AGENCY_LEADER, State.SUSPENDED),
    Transition("resume", State.SUSPENDED, Role.AGENCY_LEADER, State.IN_PROGRESS),
    Transition("approve", State.AWAITING_APPROVAL, Role.AGENCY_LEADER, State.DONE, (Requires.RESULT,)),
    Transition("refuse", State.AWAITING_APPROVAL, Role.AGENCY_LEADER, State.REFUSED, (Requires.RESULT,)),
    # Return of the result (or of the refusal letter).
    Transition("return_result", State.DONE, Role.DESK_OFFICER, State.RETURNED, (Requires.RESULT,)),
    Transition("return_result", State.REFUSED, Role.DESK_OFFICER, State.RETURNED, (Requires.RESULT,)),
    # At the applicant's request, before a decision (form 05).
    *(Transition("stop", state, Role.DESK_OFFICER, State.STOPPED) for state in STOPPABLE),
    # Late: apology letter and a new due time, once (form 04).
    *(Transition("extend", state, Role.AGENCY_LEADER, state) for state in EXTENDABLE),
)

_BY_KEY: dict[tuple[str, State], Transition] = {}


def transition_for(*, action: str, source: str) -> Transition | None:
    return _BY_KEY.get((action, State(source)))


def actions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == state]


def validate_workflow(transitions: tuple[Transition, ...] = TRANSITIONS) -> None:
    """Every state reachable from a start state, terminal states terminal, others leaving, keys unique."""
    errors: list[str] = []
    outgoing: dict[State, list[Transition]] = defaultdict(list)
    keys: set[tuple[str, State]] = set()
    for transition in transitions:
        if transition.action not in ACTION_LABELS:
            errors.append(f"action {transition.action} has no label")
        key = (transition.action, transition.source)
        if key in keys:
            errors.append(f"duplicate transition {key}")
        keys.add(key)
        outgoing[transition.source].append(transition)
    for state in State:
        if state not in STATE_STATUS:
            errors.append(f"state {state} has no national status")
        if state in TERMINAL_STATES and outgoing[state]:
            errors.append(f"terminal state {state} has outgoing transitions")
        if state not in TERMINAL_STATES and not outgoing[state]:
            errors.append(f"state {state} is a dead end")
    reachable = set(INITIAL_STATES)
    frontier = list(INITIAL_STATES)
    while frontier:
        for transition in outgoing[frontier.pop()]:
            if transition.target not in reachable:
                reachable.add(transition.target)
                frontier.append(transition.target)
    errors.extend(f"state {state} is unreachable" for state in set(State) - reachable)
    if errors:
        raise ImproperlyConfigured("Invalid dossier workflow: " + "; ".join(errors))
    _BY_KEY.clear()
    _BY_KEY.update({(t.action, t.source): t for t in transitions})
