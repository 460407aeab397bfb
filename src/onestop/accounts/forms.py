from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

CODE_ATTRS = {"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*", "autofocus": True}


def _digits(value: str) -> str:
    code = value.strip().replace(" ", "")
    if not code.isdigit():
        raise forms.ValidationError(_("The code has digits only."))
    return code


class CodeField(forms.CharField):
    """A 6-digit one-time code; spaces typed or pasted inside it are ignored."""

    default_error_messages = {
        "required": _("Enter the 6-digit code."),
        "min_length": _("The code has 6 digits."),
        "max_length": _("The code has 6 digits."),
    }

    def __init__(self, *, label: StrOrPromise, **kwargs: Any) -> None:
        super().__init__(
            label=label, min_length=6, max_length=6, widget=forms.TextInput(attrs=CODE_ATTRS), **kwargs
        )

    def to_python(self, value: Any) -> str:
        code = str(super().to_python(value)).replace(" ", "")
        if code and not code.isdigit():
            raise forms.ValidationError(_("The code has digits only."), code="digits")
        return code


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Phone number, e-mail or login name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )

    def clean_token(self) -> str:
        return _digits(self.cleaned_data["token"])


class RegistrationForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    personal_id = forms.CharField(
        label=_("Personal ID number"),
        max_length=12,
        help_text=_("The 12 digits on your citizen identity card."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("At least 10 characters; not only digits; not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class VerificationCodeForm(forms.Form):
    code = CodeField(label=_("6-digit code"))


class PasswordResetRequestForm(forms.Form):
    login = forms.CharField(
        label=_("Phone number or e-mail"),
        max_length=254,
        help_text=_("The one you registered with. You can also enter your login name."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
        error_messages={"required": _("Enter your phone number or e-mail.")},
    )


class PasswordResetConfirmForm(forms.Form):
    code = CodeField(label=_("6-digit code"))
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        help_text=_("At least 10 characters; not only digits; not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Enter a new password.")},
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Enter the new password a second time.")},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("The two passwords are not the same."))
        return cleaned


class AddressForm(forms.Form):
    address = forms.CharField(
        label=_("Address"),
        max_length=255,
        required=False,
        help_text=_("House number, street or hamlet, commune, province."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )


class PreferenceForm(forms.Form):
    email = forms.BooleanField(label=_("Send me notices by e-mail"), required=False)
    sms = forms.BooleanField(label=_("Send me notices by SMS"), required=False)
    language = forms.ChoiceField(label=_("Language of notices"), choices=settings.LANGUAGES)


class OrganizationForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=14,
        help_text=_("10 digits, or 10 digits, a hyphen and 3 digits for a branch."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    address = forms.CharField(
        label=_("Address of the head office"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
