"""Login with a second factor for staff, registration of citizens."""

import base64

import segno
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from onestop.accounts.forms import LoginForm, RegistrationForm, TokenForm
from onestop.accounts.services import citizen_register, totp_device_confirm, totp_device_start
from onestop.organizations.selectors import user_is_staff_member


def _safe_next(request: HttpRequest, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        auth_login(self.request, user)
        if user_is_staff_member(user=user):
            # Staff hold other people's data: the second factor comes before any staff page.
            target = "accounts:verify" if user_has_device(user) else "accounts:otp_setup"
            return HttpResponseRedirect(
                f"{reverse(target)}?next={_safe_next(self.request, reverse('backoffice:home'))}"
            )
        return HttpResponseRedirect(self.get_success_url())


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Second step of a staff login: a code from the authenticator app."""
    if not user_has_device(request.user):
        return redirect("accounts:otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in TOTPDevice.objects.devices_for_user(request.user, confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return HttpResponseRedirect(_safe_next(request, reverse("backoffice:home")))
        form.add_error("token", _("This code is wrong or has expired. Enter the code your app shows now."))
    return render(request, "accounts/verify.html", {"form": form, "next": _safe_next(request, "")})


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code, then confirm with one code."""
    if user_has_device(request.user):
        return redirect("accounts:verify")
    device = totp_device_start(user=request.user)  # type: ignore[arg-type]
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_device_confirm(user=request.user, device=device, token=form.cleaned_data["token"]):  # type: ignore[arg-type]
            otp_login(request, device)
            messages.success(request, _("Your authenticator app is set up."))
            return HttpResponseRedirect(_safe_next(request, reverse("backoffice:home")))
        form.add_error("token", _("This code is wrong or has expired. Enter the code your app shows now."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#0b0c0c")
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/otp_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": secret, "next": _safe_next(request, "")},
    )


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = citizen_register(**form.cleaned_data)
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                for message in field_errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Your account is ready. Your login name is %(name)s.") % {"name": user.username}
            )
            return redirect("portal:home")
    return render(request, "accounts/register.html", {"form": form})
