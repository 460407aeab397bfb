"""Which administrative units a user may see: the one place every scoped query goes through.

A post at a unit covers that unit and every unit below it (a provincial post covers the province's
communes); a system administrator covers everything. Users without a staff post see no unit's records.
"""

from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from onestop.core.cache_versions import cache_version, cache_version_bump
from onestop.organizations.constants import Role
from onestop.organizations.models import AdministrativeUnit, StaffPost

MAX_UNIT_DEPTH = 3  # province → (legacy) district → commune
TREE_VERSION_KEY = "scope:tree-version"
TREE_CACHE_SECONDS = 60


class AllUnits:
    """Marker for an unrestricted scope."""

    def __repr__(self) -> str:
        return "AllUnits"


ALL_UNITS = AllUnits()


def active_posts(*, user: Any, on: date | None = None) -> QuerySet[StaffPost]:
    if not getattr(user, "is_authenticated", False):
        return StaffPost.objects.none()
    day = on or timezone.localdate()
    return StaffPost.objects.filter(user=user, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def covered_unit_ids(*, user: Any, roles: set[str] | None = None) -> frozenset[int] | AllUnits:
    """Ids of the units the user's active posts (optionally of some roles only) cover."""
    posts = active_posts(user=user)
    if roles is not None:
        posts = posts.filter(role__in=roles)
    covered: set[int] = set()
    for role, unit_id in posts.values_list("role", "unit_id"):
        if role == Role.SYSTEM_ADMIN:
            return ALL_UNITS
        covered |= units_below(unit_id=unit_id)
    return frozenset(covered)


def units_below(*, unit_id: int) -> frozenset[int]:
    """The unit and every unit under it. The tree changes rarely and every scoped request reads it, so the
    answer is cached for a minute and dropped at once when a unit changes in this process."""
    key = f"scope:below:{cache_version(TREE_VERSION_KEY)}:{unit_id}"
    below: frozenset[int] | None = cache.get(key)
    if below is None:
        found = {unit_id}
        frontier = {unit_id}
        for _level in range(MAX_UNIT_DEPTH):
            if not frontier:
                break
            frontier = set(
                AdministrativeUnit.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
            )
            frontier -= found
            found |= frontier
        below = frozenset(found)
        cache.set(key, below, TREE_CACHE_SECONDS)
    return below


def unit_tree_changed() -> None:
    """Forget the cached unit trees (called whenever units are written)."""
    cache_version_bump(TREE_VERSION_KEY)


def scope_queryset[M: Model](
    queryset: QuerySet[M], *, user: Any, unit_field: str = "unit", roles: set[str] | None = None
) -> QuerySet[M]:
    """Restrict ``queryset`` to rows whose ``unit_field`` lies in the user's scope."""
    covered = covered_unit_ids(user=user, roles=roles)
    if isinstance(covered, AllUnits):
        return queryset
    return queryset.filter(**{f"{unit_field}__in": covered})
