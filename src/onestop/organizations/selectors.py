"""Reads of organisations; every function takes the acting user and filters by their scope."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from onestop.organizations.constants import STAFF_ROLES, UnitLevel
from onestop.organizations.models import AdministrativeUnit, Agency, Desk, StaffPost
from onestop.organizations.scope import active_posts, posts_in_force, scope_queryset


def units_in_force() -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(valid_to__isnull=True)


def provinces_served() -> QuerySet[AdministrativeUnit]:
    """Provinces with at least one one-stop desk, for the public landing page (public data)."""
    return (
        units_in_force()
        .filter(level=UnitLevel.PROVINCE)
        .annotate(
            desk_count=Count("desks", filter=Q(desks__active=True), distinct=True)
            + Count("children__desks", filter=Q(children__desks__active=True), distinct=True)
        )
        .filter(desk_count__gt=0)
        .order_by("name_folded")
    )


def communes_served(*, province: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    return (
        units_in_force()
        .filter(parent=province, level=UnitLevel.COMMUNE, desks__active=True)
        .distinct()
        .order_by("name_folded")
    )


def posts_of_user(*, user: Any) -> QuerySet[StaffPost]:
    return active_posts(user=user).select_related("unit", "agency", "desk").order_by("role")


def user_is_staff_member(*, user: Any) -> bool:
    return bool(posts_in_force(user=user, roles=STAFF_ROLES))


def staff_posts_visible_to(*, user: Any) -> QuerySet[StaffPost]:
    """Staff posts in the units the user covers (the staff directory)."""
    posts = StaffPost.objects.select_related("user", "unit", "agency", "desk")
    return scope_queryset(posts, user=user).order_by("unit__name", "role", "user__full_name")


def staff_post_get(*, user: Any, post_id: int) -> StaffPost:
    """One post in the user's scope; raises StaffPost.DoesNotExist outside it."""
    return staff_posts_visible_to(user=user).get(pk=post_id)


def agencies_visible_to(*, user: Any) -> QuerySet[Agency]:
    return scope_queryset(Agency.objects.select_related("unit"), user=user).order_by("e_id")


def desks_visible_to(*, user: Any) -> QuerySet[Desk]:
    return scope_queryset(Desk.objects.select_related("unit", "agency"), user=user).order_by("name")


def units_visible_to(*, user: Any) -> QuerySet[AdministrativeUnit]:
    return scope_queryset(units_in_force(), user=user, unit_field="id").order_by("level", "name")
