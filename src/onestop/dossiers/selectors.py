"""Reads of dossiers, always scoped to the acting user's units; opening personal data is logged."""

from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from onestop.core.services import audit_record
from onestop.dossiers.constants import FileKind
from onestop.dossiers.models import Dossier, DossierDraft, DossierFile
from onestop.dossiers.workflow import TERMINAL_STATES, Transition, actions_from
from onestop.organizations.constants import STAFF_ROLES, Role
from onestop.organizations.scope import AllUnits, active_posts, covered_unit_ids
from onestop.workdays.selectors import calendar_for_unit

OPEN_EXCLUDED = [*TERMINAL_STATES]


def dossiers_visible_to(*, user: Any) -> QuerySet[Dossier]:
    """Dossiers received by, or handled in, the units the user's staff posts cover."""
    covered = covered_unit_ids(user=user, roles=set(STAFF_ROLES))
    dossiers = Dossier.objects.select_related("procedure_version__procedure", "desk", "agency", "unit")
    if isinstance(covered, AllUnits):
        return dossiers
    return dossiers.filter(Q(unit_id__in=covered) | Q(agency_unit_id__in=covered))


def dossier_open(*, user: Any, pk: int) -> Dossier:
    """One dossier in the user's scope (DoesNotExist outside it); viewing its personal data is audited."""
    dossier = dossiers_visible_to(user=user).get(pk=pk)
    audit_record(actor=user, action="dossier.viewed", subject=dossier)
    return dossier


def dossier_by_token(*, token: str) -> Dossier | None:
    """The public tracking view: reached only with the unguessable token printed in the slip's QR code."""
    if len(token) < 20:
        return None
    return (
        Dossier.objects.select_related("procedure_version__procedure", "unit", "agency", "desk")
        .filter(token=token)
        .first()
    )


def queue(*, user: Any, name: str) -> QuerySet[Dossier]:
    """Work queues: mine, unit (open dossiers of my units), due_soon (within one working day), late."""
    dossiers = dossiers_visible_to(user=user).exclude(state__in=OPEN_EXCLUDED)
    now = timezone.now()
    if name == "mine":
        roles = set(active_posts(user=user).values_list("role", flat=True))
        mine = Q(assignee=user)
        if Role.DESK_OFFICER in roles:
            mine |= Q(state__in=["new", "received", "done", "refused"])
        if Role.AGENCY_LEADER in roles:
            mine |= Q(state__in=["at_agency", "awaiting_approval"])
        dossiers = dossiers.filter(mine)
    elif name == "due_soon":
        horizon = calendar_for_unit().add_working_time(now, timedelta(hours=8))
        dossiers = dossiers.filter(due_at__gt=now, due_at__lte=horizon, finished_at__isnull=True)
    elif name == "late":
        dossiers = dossiers.filter(due_at__lt=now, finished_at__isnull=True)
    return dossiers.order_by("due_at", "pk")


def available_actions(*, user: Any, dossier: Dossier) -> list[Transition]:
    """The table's transitions from the dossier's state whose role the user holds."""
    roles = set(active_posts(user=user).values_list("role", flat=True))
    return [t for t in actions_from(dossier.state) if t.role in roles]


def dossier_readable_by(*, user: Any, code: str) -> Dossier | None:
    """The dossier with ``code`` if the user is its applicant or submitter, or covers its units."""
    own = Dossier.objects.filter(code=code).filter(Q(applicant=user) | Q(submitter=user))
    dossier = own.first() or dossiers_visible_to(user=user).filter(code=code).first()
    if dossier is not None:
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
    is_applicant = getattr(user, "pk", None) in {dossier.applicant_id, dossier.submitter_id}
    if not is_applicant or not dossier.finished_at:
        return DossierFile.objects.none()
    return dossier.files.filter(kind=FileKind.RESULT).order_by("id")
