"""The work queue's table rows as display values, built once per page rather than by template tags per row."""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language

from onestop.dossiers.constants import DeadlineFlag, State
from onestop.dossiers.selectors import QueueRow

PROCEDURE_NAME_CHARS = 90
_PK_SENTINEL = 987654321  # reversed once, then replaced by each row's id
_EMPTY_DUE = "—"
_DUE_FORMAT = "%H:%M %d/%m/%Y"  # the date filter's "H:i d/m/Y"


@dataclass(frozen=True)
class QueueLine:
    pk: int
    href: str
    code: str
    procedure_href: str
    procedure_name: str
    applicant_name: str
    state_label: str
    flag_label: str
    due: str


@lru_cache(maxsize=4096)
def _short_name(name: str, language: str | None) -> str:
    """``truncatechars``: pages repeat the same few hundred names and Truncator walks every character.

    The language is part of the key because the ellipsis is translatable.
    """
    text = unicodedata.normalize("NFC", name)
    if len(text) <= PROCEDURE_NAME_CHARS:
        return text  # what Truncator returns for a text this short
    return Truncator(text).chars(PROCEDURE_NAME_CHARS)


def queue_lines(rows: list[QueueRow], *, queue: str) -> list[QueueLine]:
    """Rows with their dossier and procedure-filter links, labels in the active language, local due time."""
    head, tail = reverse("backoffice:dossier_detail", args=[_PK_SENTINEL]).split(str(_PK_SENTINEL))
    states: dict[str, str] = {}
    flags: dict[str, str] = {"": ""}
    language = get_language()
    lines = []
    for row in rows:
        state = states.get(row.state)
        if state is None:
            state = states[row.state] = str(State(row.state).label)
        flag = flags.get(row.deadline_flag)
        if flag is None:
            flag = flags[row.deadline_flag] = str(DeadlineFlag(row.deadline_flag).label)
        due = _EMPTY_DUE if row.due_at is None else timezone.localtime(row.due_at).strftime(_DUE_FORMAT)
        lines.append(
            QueueLine(
                pk=row.pk,
                href=f"{head}{row.pk}{tail}",
                code=row.code,
                procedure_href=f"?queue={queue}&procedure={row.procedure_id}",
                procedure_name=_short_name(row.procedure_name, language),
                applicant_name=row.applicant_name,
                state_label=state,
                flag_label=flag,
                due=due,
            )
        )
    return lines
