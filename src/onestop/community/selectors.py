"""Reads of the community teams; every function takes the acting helper or official and filters by them."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from onestop.accounts.models import User
from onestop.community.constants import REPORT_ROLES
from onestop.community.models import Consent, HelpedDossier, HelpedRegistration, HelperAssignment, Village
from onestop.core.text import fold
from onestop.organizations.constants import Role, UnitLevel
from onestop.organizations.models import AdministrativeUnit, StaffPost
from onestop.organizations.scope import AllUnits, active_posts, covered_unit_ids
from onestop.workdays.constants import TZ

HELPER_ROLES = frozenset({Role.COMMUNITY_HELPER})


def helper_communes(*, helper: Any) -> QuerySet[AdministrativeUnit]:
    """Communes in force that the helper's active community-helper posts cover."""
    covered = covered_unit_ids(user=helper, roles=set(HELPER_ROLES))
    communes = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, valid_to__isnull=True)
    if not isinstance(covered, AllUnits):
        communes = communes.filter(pk__in=covered)
    return communes.order_by("name_folded")


def helper_covers(*, helper: Any, commune: AdministrativeUnit) -> bool:
    """Whether the helper holds an active community-helper post covering ``commune`` today."""
    covered = covered_unit_ids(user=helper, roles=set(HELPER_ROLES))
    return isinstance(covered, AllUnits) or commune.pk in covered


def user_is_helper(*, user: Any) -> bool:
    return active_posts(user=user).filter(role=Role.COMMUNITY_HELPER).exists()


def villages_of_helper(*, helper: Any) -> QuerySet[Village]:
    """The villages of the communes the helper serves (the choices when registering someone)."""
    return (
        Village.objects.filter(commune__in=helper_communes(helper=helper))
        .select_related("commune")
        .order_by("commune__name_folded", "name_folded")
    )


def helper_assignment_current(*, helper: Any, on: date | None = None) -> HelperAssignment | None:
    """The helper's assignment in force (the village they usually serve), if any."""
    day = on or datetime.now(tz=TZ).date()
    return (
        HelperAssignment.objects.filter(helper=helper, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("commune", "village")
        .order_by("-valid_from", "-pk")
        .first()
    )


def consent_for(*, helper: Any, citizen: Any) -> Consent | None:
    """The citizen's consent in force for this helper, if any."""
    if getattr(helper, "pk", None) is None or getattr(citizen, "pk", None) is None:
        return None
    return (
        Consent.objects.filter(helper=helper, citizen=citizen, withdrawn_at__isnull=True)
        .select_related("commune", "village")
        .first()
    )


def helper_may_act_for(*, helper: Any, citizen: Any) -> bool:
    """A consent in force, given while serving a commune the helper still serves through an active post."""
    consent = consent_for(helper=helper, citizen=citizen)
    return consent is not None and helper_covers(helper=helper, commune=consent.commune)


@dataclass(frozen=True)
class HelpedCitizen:
    """A person a helper registered or who consented to a helper, with the state of that consent."""

    person: User
    consent: Consent | None  # the one in force
    withdrawn_at: datetime | None  # when the latest withdrawn consent ended
    registered_by_helper: bool
    village: Village | None

    @property
    def may_act(self) -> bool:
        return self.consent is not None


def citizens_of_helper(*, helper: Any) -> QuerySet[User]:
    """People whom the helper registered or who gave the helper a consent (in force or not), by name.

    Being listed is no permission: acting for someone needs :func:`helper_may_act_for`.
    """
    if getattr(helper, "pk", None) is None:
        return User.objects.none()
    return User.objects.filter(
        Q(pk__in=Consent.objects.filter(helper=helper).values("citizen_id"))
        | Q(pk__in=HelpedRegistration.objects.filter(helper=helper).values("citizen_id"))
    ).order_by("full_name", "pk")


def helped_citizens(*, helper: Any) -> list[HelpedCitizen]:
    """:func:`citizens_of_helper` with the state of each person's consent, for the helper's home page."""
    consents = list(
        Consent.objects.filter(helper=helper).select_related("village").order_by("given_at", "pk")
    )
    registrations = {
        registration.citizen_id: registration
        for registration in HelpedRegistration.objects.filter(helper=helper).select_related("village")
    }
    latest: dict[int, Consent] = {}
    for consent in consents:
        latest[consent.citizen_id] = consent  # one consent in force at a time, so the last is the newest
    result = []
    for person in citizens_of_helper(helper=helper):
        registration = registrations.get(person.pk)
        last = latest.get(person.pk)
        village = last.village if last is not None else registration.village if registration else None
        result.append(
            HelpedCitizen(
                person=person,
                consent=last if last is not None and last.withdrawn_at is None else None,
                withdrawn_at=last.withdrawn_at if last is not None else None,
                registered_by_helper=registration is not None,
                village=village,
            )
        )
    return sorted(result, key=lambda row: (fold(row.person.full_name), row.person.pk))


# The helper report ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HelperLine:
    """One helper (in one commune): accounts registered and dossiers helped."""

    commune: AdministrativeUnit
    helper: User
    accounts_registered: int
    dossiers_helped: int


@dataclass(frozen=True)
class VillageLine:
    """One village of a commune (``village`` None: help recorded without a village)."""

    commune: AdministrativeUnit
    village: Village | None
    accounts_registered: int
    dossiers_helped: int


@dataclass(frozen=True)
class HelperVillageLine:
    """One helper in one village: the finest breakdown the report has."""

    commune: AdministrativeUnit
    helper: User
    village: Village | None
    accounts_registered: int
    dossiers_helped: int


@dataclass(frozen=True)
class HelperReport:
    rows: list[HelperVillageLine]
    by_helper: list[HelperLine]
    by_village: list[VillageLine]
    accounts_registered: int
    dossiers_helped: int


def user_may_see_helper_report(*, user: Any) -> bool:
    return active_posts(user=user).filter(role__in=REPORT_ROLES).exists()


def report_communes(*, user: Any) -> QuerySet[AdministrativeUnit]:
    """Communes in force whose helper report the user may see."""
    covered = covered_unit_ids(user=user, roles=set(REPORT_ROLES))
    communes = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, valid_to__isnull=True)
    if not isinstance(covered, AllUnits):
        communes = communes.filter(pk__in=covered)
    return communes.order_by("name_folded")


def _commune_filter(*, user: Any, unit: AdministrativeUnit | None, field: str) -> Q:
    covered = covered_unit_ids(user=user, roles=set(REPORT_ROLES))
    query = Q() if isinstance(covered, AllUnits) else Q(**{f"{field}_id__in": covered})
    if unit is not None:
        query &= (
            Q(**{field: unit}) | Q(**{f"{field}__parent": unit}) | Q(**{f"{field}__parent__parent": unit})
        )
    return query


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=TZ)


Counts = list[int]  # [accounts registered, dossiers helped]


def _help_counts(*, in_scope: Q, when: Q) -> dict[tuple[int, int, int | None], Counts]:
    """(commune, helper, village) → counts, from the two tables of help given."""
    counts: dict[tuple[int, int, int | None], Counts] = defaultdict(lambda: [0, 0])
    for index, records in enumerate(
        (HelpedRegistration.objects.filter(in_scope, when), HelpedDossier.objects.filter(in_scope, when))
    ):
        grouped = records.values("commune_id", "helper_id", "village_id").annotate(n=Count("pk")).order_by()
        for row in grouped:
            counts[(row["commune_id"], row["helper_id"], row["village_id"])][index] += row["n"]
    return dict(counts)


def _serving_helpers(*, user: Any, unit: AdministrativeUnit | None) -> list[tuple[int, int]]:
    """(commune, helper) of the community-helper posts in force today at the communes in scope."""
    today = datetime.now(tz=TZ).date()
    return list(
        StaffPost.objects.filter(_commune_filter(user=user, unit=unit, field="unit"))
        .filter(role=Role.COMMUNITY_HELPER, unit__level=UnitLevel.COMMUNE, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .values_list("unit_id", "user_id")
    )


def helper_report(
    *,
    user: Any,
    unit: AdministrativeUnit | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> HelperReport:
    """Accounts registered and dossiers helped, per helper and per village, in the communes ``user`` covers.

    ``unit`` narrows to one commune (or the communes under a province); the dates are calendar days in
    Vietnam, both included. Helpers serving today and listed villages show even with nothing to count.
    The counts come from the community tables (one row per account or dossier helped), never from dossiers.
    """
    in_scope = _commune_filter(user=user, unit=unit, field="commune")
    when = Q()
    if date_from is not None:
        when &= Q(created_at__gte=_day_start(date_from))
    if date_to is not None:
        when &= Q(created_at__lt=_day_start(date_to + timedelta(days=1)))
    counts = _help_counts(in_scope=in_scope, when=when)
    per_helper: dict[tuple[int, int], Counts] = {
        key: [0, 0] for key in _serving_helpers(user=user, unit=unit)
    }
    per_village: dict[tuple[int, int | None], Counts] = {
        key: [0, 0] for key in Village.objects.filter(in_scope).values_list("commune_id", "pk")
    }
    for (commune_id, helper_id, village_id), (accounts, dossiers) in counts.items():
        for line in (
            per_helper.setdefault((commune_id, helper_id), [0, 0]),
            per_village.setdefault((commune_id, village_id), [0, 0]),
        ):
            line[0] += accounts
            line[1] += dossiers

    communes = AdministrativeUnit.objects.in_bulk(
        {key[0] for key in per_helper} | {key[0] for key in per_village}
    )
    helpers = User.objects.in_bulk({key[1] for key in per_helper})
    villages = Village.objects.in_bulk({key[1] for key in per_village if key[1] is not None})

    def commune_name(commune_id: int) -> str:
        return communes[commune_id].name_folded

    def helper_name(helper_id: int) -> tuple[str, int]:
        return (fold(helpers[helper_id].full_name), helper_id)

    def village_name(village_id: int | None) -> tuple[int, str]:
        return (1, "") if village_id is None else (0, villages[village_id].name_folded)

    def village(village_id: int | None) -> Village | None:
        return None if village_id is None else villages[village_id]

    rows = [
        HelperVillageLine(
            commune=communes[c],
            helper=helpers[h],
            village=village(v),
            accounts_registered=accounts,
            dossiers_helped=dossiers,
        )
        for (c, h, v), (accounts, dossiers) in sorted(
            counts.items(),
            key=lambda item: (commune_name(item[0][0]), helper_name(item[0][1]), village_name(item[0][2])),
        )
    ]
    by_helper = [
        HelperLine(
            commune=communes[c], helper=helpers[h], accounts_registered=accounts, dossiers_helped=dossiers
        )
        for (c, h), (accounts, dossiers) in sorted(
            per_helper.items(), key=lambda item: (commune_name(item[0][0]), helper_name(item[0][1]))
        )
    ]
    by_village = [
        VillageLine(
            commune=communes[c], village=village(v), accounts_registered=accounts, dossiers_helped=dossiers
        )
        for (c, v), (accounts, dossiers) in sorted(
            per_village.items(), key=lambda item: (commune_name(item[0][0]), village_name(item[0][1]))
        )
        # "No village given" shows only when some help was recorded without one.
        if v is not None or accounts or dossiers
    ]
    return HelperReport(
        rows=rows,
        by_helper=by_helper,
        by_village=by_village,
        accounts_registered=sum(line.accounts_registered for line in by_helper),
        dossiers_helped=sum(line.dossiers_helped for line in by_helper),
    )
