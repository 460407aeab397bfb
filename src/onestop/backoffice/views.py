"""Staff pages: thin views over organisation selectors, always scoped to the acting user."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from onestop.backoffice.access import staff_required
from onestop.organizations.constants import Role
from onestop.organizations.models import StaffPost
from onestop.organizations.selectors import (
    agencies_visible_to,
    desks_visible_to,
    posts_of_user,
    staff_post_get,
    staff_posts_visible_to,
    units_visible_to,
)

# What each role's home shows first; later features add their entries here.
ROLE_TASKS: dict[str, list[str]] = {
    Role.DESK_OFFICER: ["reception", "dossiers", "index", "staff_list", "unit_list", "helper_report"],
    Role.SPECIALIST: ["dossiers", "index", "unit_list"],
    Role.AGENCY_LEADER: ["dossiers", "index", "staff_list", "unit_list", "helper_report"],
    Role.UNIT_ADMIN: ["index", "staff_list", "unit_list", "catalog", "calendar", "helper_report"],
    Role.INSPECTOR: ["dossiers", "index", "staff_list", "unit_list", "helper_report"],
    Role.SYSTEM_ADMIN: ["index", "staff_list", "unit_list", "catalog", "calendar", "admin", "helper_report"],
    Role.COMMUNITY_HELPER: ["helped_citizens", "unit_list"],
}


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    posts = list(posts_of_user(user=request.user))
    tasks: list[str] = []
    for post in posts:
        for task in ROLE_TASKS.get(post.role, []):
            if task not in tasks:
                tasks.append(task)
    return render(request, "backoffice/home.html", {"posts": posts, "tasks": tasks})


@staff_required
def staff_list(request: HttpRequest) -> HttpResponse:
    posts = staff_posts_visible_to(user=request.user)
    return render(request, "backoffice/staff_list.html", {"posts": posts})


@staff_required
def staff_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    try:
        post = staff_post_get(user=request.user, post_id=post_id)
    except StaffPost.DoesNotExist as missing:
        # Out of scope and missing look the same, so ids of other communes reveal nothing.
        raise Http404 from missing
    return render(request, "backoffice/staff_detail.html", {"post": post})


@staff_required
def unit_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "backoffice/unit_list.html",
        {
            "units": units_visible_to(user=request.user),
            "agencies": agencies_visible_to(user=request.user),
            "desks": desks_visible_to(user=request.user),
        },
    )
