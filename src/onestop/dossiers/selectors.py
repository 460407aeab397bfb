"""Reads of dossiers, always scoped to the acting user's units; opening personal data is logged."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from onestop.core.prepared import PreparedQuery
from onestop.core.services import audit_record
from onestop.dossiers.constants import FileKind, State
from onestop.dossiers.models import Dossier, DossierDraft, DossierFile, DossierHistory
from onestop.dossiers.workflow import TERMINAL_STATES, Transition, actions_from
from onestop.organizations.constants import STAFF_ROLES, Role
from onestop.organizations.scope import AllUnits, covered_unit_ids, posts_in_force
from onestop.workdays.selectors import calendar_for_unit

OPEN_EXCLUDED = [*TERMINAL_STATES]


def dossiers_visible_to(*, user: Any) -> QuerySet[Dossier]:
    """Dossiers received by, or handled in, the units the user's staff posts cover."""
    covered = covered_unit_ids(user=user, roles=set(STAFF_ROLES))
    dossiers = Dossier.objects.select_related("procedure_version__procedure", "desk", "agency", "unit")
    if isinstance(covered, AllUnits):
        return dossiers
    return dossiers.filter(Q(unit_id__any_of=covered) | Q(agency_unit_id__any_of=covered))


def dossier_open(*, user: Any, pk: int) -> Dossier:
    """One dossier in the user's scope (DoesNotExist outside it); viewing its personal data is audited."""
    dossier = dossiers_visible_to(user=user).get(pk=pk)
    audit_record(actor=user, action="dossier.viewed", subject=dossier)
    return dossier


# Values that no token or dossier id takes: where the prepared queries bind theirs.
_TOKEN_MARKER = "\x00token"  # noqa: S105 - not a secret
_DOSSIER_MARKER = -7_305_123_456_789

# The public page is the busiest read: the dossier row and the three names it shows beside it, compiled once.
_BY_TOKEN = PreparedQuery(
    lambda token: Dossier.objects.annotate(
        procedure_name=F("procedure_version__name"), agency_name=F("agency__name"), desk_name=F("desk__name")
    ).filter(token=token)[:1],
    _TOKEN_MARKER,
)
_TIMELINE = PreparedQuery(
    lambda dossier_id: (
        DossierHistory.objects.filter(dossier_id=dossier_id)
        .order_by("sequence")
        .only("occurred_at", "action")
    ),
    _DOSSIER_MARKER,
)


@dataclass(frozen=True)
class TrackedDossier:
    """A dossier as the public page reads it: its row and the names shown beside it (its related objects
    are not loaded: reading ``dossier.desk`` would cost a query)."""

    dossier: Dossier
    procedure_name: str
    agency_name: str
    desk_name: str


def dossier_by_token(*, token: str) -> TrackedDossier | None:
    """The public tracking view: reached only with the unguessable token printed in the slip's QR code."""
    if len(token) < 20 or "\x00" in token:
        return None
    found = next(iter(_BY_TOKEN.run(token)), None)
    if found is None:
        return None
    names = found.__dict__
    return TrackedDossier(
        dossier=found,
        procedure_name=names["procedure_name"],
        agency_name=names["agency_name"],
        desk_name=names["desk_name"],
    )


def dossier_timeline(*, dossier: Dossier) -> list[tuple[datetime, str]]:
    """When each step of the dossier happened and its action, in order."""
    return [(step.occurred_at, step.action) for step in _TIMELINE.run(dossier.pk)]


DESK_STATES = [State.NEW, State.RECEIVED, State.DONE, State.REFUSED]
LEADER_STATES = [State.AT_AGENCY, State.AWAITING_APPROVAL]
QUEUE_PAGE_SIZE = 50
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_CURSOR = re.compile(r"^(?:(\d{1,19})|-)\.(\d{1,19})$")


def _mine(user: Any) -> Q:
    """Dossiers assigned to the user, waiting at the user's desks or for the user's agencies' leaders."""
    mine = Q(assignee=user)
    # By id, not the default unit-code order: that needs a join and the order does not matter here.
    for post in posts_in_force(user=user):
        if post.role == Role.DESK_OFFICER and post.desk_id:
            mine |= Q(desk_id=post.desk_id, state__in=DESK_STATES)
        elif post.role == Role.AGENCY_LEADER and post.agency_id:
            mine |= Q(agency_id=post.agency_id, state__in=LEADER_STATES)
    return mine


def queue(
    *, user: Any, name: str, state: str = "", procedure_id: int | None = None, search: str = ""
) -> QuerySet[Dossier]:
    """Work queues: mine, unit (open dossiers of my units), due_soon (within one working day), late.

    Ordered by due time, dossiers without one (not yet received) last.
    """
    dossiers = dossiers_visible_to(user=user).exclude(state__in=OPEN_EXCLUDED)
    now = timezone.now()
    if name == "mine":
        dossiers = dossiers.filter(_mine(user))
    elif name == "due_soon":
        horizon = calendar_for_unit().add_working_time(now, timedelta(hours=8))
        dossiers = dossiers.filter(due_at__gt=now, due_at__lte=horizon, finished_at__isnull=True)
    elif name == "late":
        dossiers = dossiers.filter(due_at__lt=now, finished_at__isnull=True)
    if state:
        dossiers = dossiers.filter(state=state)
    if procedure_id:
        dossiers = dossiers.filter(procedure_version__procedure_id=procedure_id)
    if search := unicodedata.normalize("NFC", search.strip()):
        dossiers = dossiers.filter(Q(code=search.upper()) | Q(applicant_name__icontains=search))
    return dossiers.order_by(F("due_at").asc(nulls_last=True), "pk")


@dataclass(frozen=True)
class QueueRow:
    """What a queue lists of one dossier, read as plain values: a page needs no model instances."""

    pk: int
    code: str
    applicant_name: str
    state: str
    deadline_flag: str
    due_at: datetime | None
    procedure_id: int
    procedure_name: str


_QUEUE_COLUMNS = (
    "pk",
    "code",
    "applicant_name",
    "state",
    "deadline_flag",
    "due_at",
    "procedure_version__procedure_id",
    "procedure_version__name",
)


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    next_cursor: str  # empty on the last page


def queue_cursor(row: QueueRow) -> str:
    """An opaque position after ``row`` in due order: microseconds of its due time (or -) and its id."""
    due = "-" if row.due_at is None else str((row.due_at - _EPOCH) // _MICROSECOND)
    return f"{due}.{row.pk}"


def queue_page(*, dossiers: QuerySet[Dossier], after: str = "", size: int = QUEUE_PAGE_SIZE) -> QueuePage:
    """One page of a queue by keyset: the next ``size`` dossiers after the cursor, never an OFFSET.

    Dated and undated dossiers are read by separate index-ordered queries, so each page costs the same
    however deep it is.
    """
    due_after: datetime | None = None
    pk_after = 0
    undated_only = False
    if after:
        match = _CURSOR.match(after)
        if match is None:
            raise ValidationError(_("This page link is not valid any more; start again from the first page."))
        pk_after = int(match[2])
        if match[1] is None:
            undated_only = True
        else:
            due_after = _EPOCH + int(match[1]) * _MICROSECOND
    columns = dossiers.select_related(None).values_list(*_QUEUE_COLUMNS)
    found: list[tuple[Any, ...]] = []
    if not undated_only:
        dated = columns.filter(due_at__isnull=False)
        if due_after is not None:
            dated = dated.filter(due_at__gte=due_after).exclude(due_at=due_after, pk__lte=pk_after)
        found = list(dated[: size + 1])
        pk_after = 0
    if len(found) <= size:
        undated = columns.filter(due_at__isnull=True, pk__gt=pk_after).order_by("pk")
        found += list(undated[: size + 1 - len(found)])
    rows = [QueueRow(*values) for values in found[:size]]
    return QueuePage(rows=rows, next_cursor=queue_cursor(rows[-1]) if len(found) > size else "")


def available_actions(*, user: Any, dossier: Dossier) -> list[Transition]:
    """The table's transitions from the dossier's state whose role the user holds."""
    roles = {post.role for post in posts_in_force(user=user)}
    return [t for t in actions_from(dossier.state) if t.role in roles]


def dossier_readable_by(*, user: Any, code: str, record_view: bool = True) -> Dossier | None:
    """The dossier with ``code`` if the user is its applicant or submitter, or covers its units.

    A read is audited; ``record_view=False`` when the caller acts on the dossier at once, and the
    action's history row records who touched it."""
    own = Dossier.objects.filter(code=code).filter(Q(applicant=user) | Q(submitter=user))
    dossier = own.first() or dossiers_visible_to(user=user).filter(code=code).first()
    if dossier is not None and record_view:
        audit_record(actor=user, action="dossier.viewed", subject=dossier)
    return dossier


def dossier_by_code_and_phone(*, code: str, phone_last4: str) -> Dossier | None:
    """Typed lookups need the last 4 digits of the applicant's phone; a wrong pair looks like no dossier."""
    code, digits = code.strip().upper(), phone_last4.strip()
    if len(digits) != 4 or not digits.isdigit() or not code:
        return None
    dossier = Dossier.objects.filter(code=code).only("token", "applicant_phone").first()
    if dossier is None or not dossier.applicant_phone or not dossier.applicant_phone.endswith(digits):
        return None
    return dossier


def dossiers_of_applicant(*, user: Any) -> QuerySet[Dossier]:
    """A citizen's own dossiers: submitted as applicant or on someone's behalf."""
    if not getattr(user, "is_authenticated", False):
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(Q(applicant=user) | Q(submitter=user))
        .select_related("procedure_version", "desk")
        .order_by("-created_at")
    )


def drafts_of(*, user: Any) -> QuerySet[DossierDraft]:
    """Online dossiers being prepared by the user, for themselves or (helpers) for someone else."""
    if not getattr(user, "is_authenticated", False):
        return DossierDraft.objects.none()
    return (
        DossierDraft.objects.filter(Q(owner=user) | Q(submitter=user))
        .select_related("procedure_version__procedure", "desk", "owner", "dossier")
        .order_by("-updated_at")
    )


def draft_of(*, user: Any, draft_id: int) -> DossierDraft | None:
    return drafts_of(user=user).filter(pk=draft_id).first()


def result_files_for_applicant(*, user: Any, dossier: Dossier) -> QuerySet[DossierFile]:
    """The e-results of a decided dossier, for its applicant (or the person who submitted it) only."""
    # An anonymous visitor's pk is None, as is the account of an applicant who applied at the counter.
    is_applicant = bool(getattr(user, "is_authenticated", False)) and user.pk in {
        dossier.applicant_id,
        dossier.submitter_id,
    }
    if not is_applicant or not dossier.finished_at:
        return DossierFile.objects.none()
    return dossier.files.filter(kind=FileKind.RESULT).order_by("id")
