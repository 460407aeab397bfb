"""Login with a second factor for staff; registration, verification codes, password reset and profile."""

import base64
from urllib.parse import urlencode

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
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_safe
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from onestop.accounts.forms import (
    AddressForm,
    LoginForm,
    OrganizationForm,
    PasswordResetConfirmForm,
    PasswordResetRequestForm,
    PreferenceForm,
    RegistrationForm,
    TokenForm,
    VerificationCodeForm,
)
from onestop.accounts.models import User, VerificationCode
from onestop.accounts.selectors import account_is_verified, organizations_of, verification_code_live
from onestop.accounts.services import (
    citizen_register,
    organization_register,
    password_reset_request,
    password_reset_with_code,
    profile_address_save,
    totp_device_confirm,
    totp_device_start,
    verification_code_check,
    verification_code_send,
)
from onestop.core.forms import form_add_service_errors
from onestop.core.text import mask
from onestop.notifications.models import Preference
from onestop.notifications.services import preference_save
from onestop.organizations.selectors import user_is_staff_member

RESET_LOGIN_SESSION_KEY = "accounts_password_reset_login"
WRONG_CODE = _lazy(
    "This code is wrong or has expired. Enter the code in our latest message, or ask for a new one."
)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _account(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - views behind login_required
    return user


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
        if not account_is_verified(user=user):
            # A citizen who has not confirmed their phone or e-mail yet: a code is waiting, or a new one goes.
            if verification_code_live(user=user, purpose=VerificationCode.Purpose.REGISTER) is None:
                try:
                    verification_code_send(user=user, purpose=VerificationCode.Purpose.REGISTER)
                except ValidationError as error:
                    messages.error(self.request, " ".join(error.messages))
            return HttpResponseRedirect(_with_next(reverse("accounts:confirm"), self.get_success_url()))
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
    """Step 1 of 2: who you are; a code goes to your phone or e-mail."""
    form = RegistrationForm(request.POST or None)
    next_url = _safe_next(request, "")
    if request.method == "POST" and form.is_valid():
        try:
            user = citizen_register(**form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Your account is created. Your login name is %(name)s.") % {"name": user.username}
            )
            return redirect(_with_next(reverse("accounts:confirm"), next_url))
    return render(request, "accounts/register.html", {"form": form, "next": next_url})


@login_required
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest) -> HttpResponse:
    """Step 2 of 2: the 6-digit code that proves the phone number or e-mail is yours."""
    user = _account(request)
    next_url = _safe_next(request, reverse("portal:home"))
    if account_is_verified(user=user):
        return redirect(next_url)
    form = VerificationCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if verification_code_check(
            user=user, purpose=VerificationCode.Purpose.REGISTER, code=form.cleaned_data["code"]
        ):
            messages.success(request, _("Thank you. Your account is confirmed."))
            return redirect(next_url)
        form.add_error("code", WRONG_CODE)
    live = verification_code_live(user=user, purpose=VerificationCode.Purpose.REGISTER)
    return render(request, "accounts/confirm.html", {"form": form, "code": live, "next": next_url})


@login_required
@require_http_methods(["POST"])
def confirm_resend(request: HttpRequest) -> HttpResponse:
    user = _account(request)
    next_url = _safe_next(request, "")
    if not account_is_verified(user=user):
        try:
            sent = verification_code_send(user=user, purpose=VerificationCode.Purpose.REGISTER)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("We sent a new code to %(recipient)s.") % {"recipient": sent.recipient}
            )
    return redirect(_with_next(reverse("accounts:confirm"), next_url))


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    """Forgotten password, step 1 of 2: the phone number or e-mail of the account."""
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        login = form.cleaned_data["login"]
        password_reset_request(login=login)
        request.session[RESET_LOGIN_SESSION_KEY] = login
        return redirect("accounts:password_reset_confirm")
    return render(request, "accounts/password_reset.html", {"form": form})


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request: HttpRequest) -> HttpResponse:
    """Forgotten password, step 2 of 2: the code we sent, and the new password twice."""
    login = request.session.get(RESET_LOGIN_SESSION_KEY)
    if not login:
        return redirect("accounts:password_reset")
    form = PasswordResetConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            changed = password_reset_with_code(
                login=login, code=form.cleaned_data["code"], new_password=form.cleaned_data["new_password1"]
            )
        except ValidationError as error:
            form_add_service_errors(form, error, rename={"new_password": "new_password1"})
        else:
            if changed:
                del request.session[RESET_LOGIN_SESSION_KEY]
                messages.success(request, _("Your password is changed. Log in with your new password."))
                return redirect("accounts:login")
            form.add_error("code", WRONG_CODE)
    return render(request, "accounts/password_reset_confirm.html", {"form": form, "login": login})


@login_required
@require_safe
def profile(request: HttpRequest) -> HttpResponse:
    user = _account(request)
    preference = Preference.objects.filter(user=user).first() or Preference(user=user)
    context = {
        "account": user,
        "masked_personal_id": mask(user.personal_id) if user.personal_id else "",
        "verified": account_is_verified(user=user),
        "preference": preference,
        "organizations": organizations_of(user=user),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def address_edit(request: HttpRequest) -> HttpResponse:
    user = _account(request)
    form = AddressForm(request.POST or None, initial={"address": user.address})
    if request.method == "POST" and form.is_valid():
        try:
            profile_address_save(user=user, address=form.cleaned_data["address"])
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Your address is saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/address_edit.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def preferences_edit(request: HttpRequest) -> HttpResponse:
    user = _account(request)
    current = Preference.objects.filter(user=user).first() or Preference(user=user)
    form = PreferenceForm(
        request.POST or None,
        initial={"email": current.email, "sms": current.sms, "language": current.language},
    )
    if request.method == "POST" and form.is_valid():
        preference_save(user=user, **form.cleaned_data)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/preferences_edit.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def organization_new(request: HttpRequest) -> HttpResponse:
    """Register a business or other organisation you act for."""
    user = _account(request)
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = organization_register(representative=user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is registered. You can now apply on its behalf.") % {"name": organization},
            )
            return redirect("accounts:profile")
    return render(request, "accounts/organization_new.html", {"form": form})
