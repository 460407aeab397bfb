"""Which administrative units a user may see: the one place every scoped query goes through.

A post at a unit covers that unit and every unit below it (a provincial post covers the province's
communes); a system administrator covers everything. Users without a staff post see no unit's records.
"""

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from onestop.core.cache_versions import cache_version, cache_version_bump
from onestop.core.prepared import PreparedQuery
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


@dataclass(frozen=True)
class PostInForce:
    """What scoped reads need of an active post."""

    pk: int
    role: str
    unit_id: int
    desk_id: int | None
    agency_id: int | None


# A user holds a handful of posts over the years: all are read and today's kept, with no date to bind.
_POSTS_OF_USER = PreparedQuery(
    lambda user_id: (
        StaffPost.objects.filter(user_id=user_id)
        .order_by("pk")
        .only("role", "unit_id", "desk_id", "agency_id", "valid_from", "valid_to")
    ),
    -7_305_123_456_790,
)
# The posts read in the current request, by user and day (None outside a request: always read afresh).
_REQUEST_POSTS: ContextVar[dict[tuple[int, date], tuple[PostInForce, ...]] | None] = ContextVar(
    "onestop_request_posts", default=None
)


def posts_in_force(*, user: Any, roles: Iterable[str] | None = None) -> tuple[PostInForce, ...]:
    """The user's posts active today (of ``roles`` if given), in the order they were made.

    Every scoped read of a request asks for them (the staff check, the scope, "my work"): within a request
    they are read once, and any saved or deleted post drops what was read.
    """
    if not getattr(user, "is_authenticated", False):
        return ()
    day = timezone.localdate()
    memo = _REQUEST_POSTS.get()
    key = (user.pk, day)
    posts = memo.get(key) if memo is not None else None
    if posts is None:
        posts = tuple(
            PostInForce(
                pk=post.pk,
                role=post.role,
                unit_id=post.unit_id,
                desk_id=post.desk_id,
                agency_id=post.agency_id,
            )
            for post in _POSTS_OF_USER.run(user.pk)
            if post.valid_from <= day and (post.valid_to is None or post.valid_to >= day)
        )
        if memo is not None:
            memo[key] = posts
    if roles is None:
        return posts
    wanted = set(roles)
    return tuple(post for post in posts if post.role in wanted)


def posts_changed() -> None:
    """Forget the posts read in this request (called whenever a post is written)."""
    memo = _REQUEST_POSTS.get()
    if memo is not None:
        memo.clear()


class RequestPostsMiddleware:
    """Reads each user's posts at most once per request (see ``posts_in_force``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _REQUEST_POSTS.set({})
        try:
            return self.get_response(request)
        finally:
            _REQUEST_POSTS.reset(token)


def covered_unit_ids(*, user: Any, roles: set[str] | None = None) -> frozenset[int] | AllUnits:
    """Ids of the units the user's active posts (optionally of some roles only) cover."""
    covered: set[int] = set()
    for post in posts_in_force(user=user, roles=roles):
        if post.role == Role.SYSTEM_ADMIN:
            return ALL_UNITS
        covered |= units_below(unit_id=post.unit_id)
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
