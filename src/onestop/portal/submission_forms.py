"""Forms of the online submission journey, one short question per page."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onestop.dossiers.constants import ReturnMethod
from onestop.organizations.models import Desk


class DeskChoiceForm(forms.Form):
    desk = forms.ModelChoiceField(
        label=_("Where should your dossier go?"),
        queryset=Desk.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose the one-stop desk that receives your dossier.")},
    )

    def __init__(self, *args: Any, desks: list[Desk], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["desk"]
        field.queryset = Desk.objects.filter(pk__in=[desk.pk for desk in desks])  # type: ignore[attr-defined]
        if len(desks) == 1:
            self.initial.setdefault("desk", desks[0].pk)


class ApplicantForm(forms.Form):
    name = forms.CharField(
        label=_("Full name"), max_length=255, widget=forms.TextInput({"autocomplete": "name"})
    )
    id_number = forms.CharField(
        label=_("Personal ID number"),
        max_length=20,
        help_text=_("The 12 digits on the citizen identity card."),
        widget=forms.TextInput({"inputmode": "numeric"}),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=255,
        required=False,
        widget=forms.TextInput({"autocomplete": "street-address"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=15,
        required=False,
        help_text=_("We send the dossier code and every change by SMS."),
        widget=forms.TextInput({"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput({"autocomplete": "email"})
    )
    organization = forms.ChoiceField(label=_("Who is applying?"), required=False, widget=forms.RadioSelect)

    def __init__(self, *args: Any, organizations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations:
            self.fields["organization"].choices = [  # type: ignore[attr-defined]
                ("", _("Myself")),
                *((str(o.pk), o.name) for o in organizations),
            ]
        else:
            del self.fields["organization"]


class ReturnForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How do you want to receive the result?"),
        choices=[
            (
                ReturnMethod.ELECTRONIC,
                _("Electronically: download it here; it is also kept in your data store"),
            ),
            (ReturnMethod.AT_DESK, _("At the one-stop desk")),
            (ReturnMethod.POST, _("By post to my address (you pay the postage when it arrives)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you want to receive the result.")},
    )
    address = forms.CharField(
        label=_("Postal address for the result"),
        max_length=300,
        required=False,
        help_text=_("Only for results sent by post: house number, street, village, commune, province."),
        widget=forms.TextInput({"autocomplete": "street-address"}),
    )


class StoreUploadForm(forms.Form):
    title = forms.CharField(label=_("Name of the document"), max_length=300)
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG)"),
        widget=forms.ClearableFileInput(
            {"accept": "application/pdf,image/jpeg,image/png", "capture": "environment"}
        ),
    )
