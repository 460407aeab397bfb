"""Pages of the community teams: the helper's citizens, registering one, and the commune's report."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from onestop.backoffice.access import staff_required
from onestop.community.forms import RegisterCitizenForm, ReportFilterForm
from onestop.community.selectors import (
    helped_citizens,
    helper_assignment_current,
    helper_report,
    report_communes,
    user_is_helper,
    user_may_see_helper_report,
    villages_of_helper,
)
from onestop.community.services import helper_register_citizen
from onestop.core.forms import form_add_service_errors
from onestop.core.text import mask

View = Callable[..., HttpResponseBase]


def helper_required(view: View) -> View:
    """Pages for people holding an active community-helper post."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
        if not user_is_helper(user=request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@require_safe
@helper_required
def home(request: HttpRequest) -> HttpResponse:
    # Only enough of a person's numbers to tell two namesakes apart.
    rows = [
        {
            "citizen": citizen,
            "masked_id": mask(citizen.person.personal_id, keep_end=4) if citizen.person.personal_id else "",
            "masked_phone": mask(citizen.person.phone) if citizen.person.phone else "",
        }
        for citizen in helped_citizens(helper=request.user)
    ]
    return render(
        request,
        "community/home.html",
        {
            "rows": rows,
            "assignment": helper_assignment_current(helper=request.user),
            "catalog_url": reverse("portal:procedures"),
        },
    )


@require_http_methods(["GET", "POST"])
@helper_required
def register_citizen(request: HttpRequest) -> HttpResponse:
    assignment = helper_assignment_current(helper=request.user)
    form = RegisterCitizenForm(
        request.POST or None,
        villages=villages_of_helper(helper=request.user),
        initial_village=assignment.village if assignment else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            citizen = helper_register_citizen(
                helper=request.user,
                full_name=data["full_name"],
                personal_id=data["personal_id"],
                phone=data["phone"],
                email=data["email"],
                village=data["village"],
                consent_method=data["consent_method"],
                note=data["note"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You may not register people in this commune."))
        else:
            messages.success(
                request,
                _(
                    "The account of %(name)s is created; their login name is %(login)s. To set a password "
                    "they choose “Forgot password” and enter the code we send them."
                )
                % {"name": citizen.full_name, "login": citizen.username},
            )
            return redirect("community:home")
    return render(request, "community/register_citizen.html", {"form": form})


@require_safe
@staff_required
def report(request: HttpRequest) -> HttpResponse:
    if not user_may_see_helper_report(user=request.user):
        raise PermissionDenied
    communes = report_communes(user=request.user)
    form = ReportFilterForm(request.GET or None, communes=communes)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {
            "unit": form.cleaned_data["unit"],
            "date_from": form.cleaned_data["date_from"],
            "date_to": form.cleaned_data["date_to"],
        }
    result = helper_report(user=request.user, **filters) if not form.errors else None
    return render(
        request,
        "community/report.html",
        {"form": form, "report": result, "several_communes": communes.count() > 1},
    )
