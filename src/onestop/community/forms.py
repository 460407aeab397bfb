from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from onestop.accounts.validators import validate_personal_id
from onestop.community.constants import ConsentMethod
from onestop.community.models import Village
from onestop.organizations.models import AdministrativeUnit


class Radios(forms.RadioSelect):
    """Radio buttons whose group "label" is the first button, so the error summary can link to the group."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


class VillageChoiceField(forms.ModelChoiceField[Village]):
    def label_from_instance(self, obj: Village) -> str:
        return f"{obj.name} — {obj.commune.name}" if self.show_commune else obj.name

    show_commune = False


class RegisterCitizenForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        error_messages={"required": _("Enter the person's full name.")},
    )
    personal_id = forms.CharField(
        label=_("Personal ID number"),
        max_length=12,
        help_text=_("The 12 digits on the person's citizen identity card."),
        validators=[validate_personal_id],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Enter the person's 12-digit personal ID number.")},
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        required=False,
        help_text=_(
            "The person's own phone: it becomes their login name, and the code to set a password goes to it."
        ),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Only if the person has no phone number."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    village = VillageChoiceField(
        label=_("Village or residential group"),
        queryset=Village.objects.none(),
        required=False,
        empty_label=_("Choose the village"),
        error_messages={"required": _("Choose the village where the person lives.")},
    )
    consent_method = forms.ChoiceField(
        label=_("How did the person give their consent?"),
        choices=ConsentMethod.choices,
        widget=Radios,
        error_messages={"required": _("Choose how the person gave their consent.")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    consent_given = forms.BooleanField(
        label=_("The citizen agreed that I register and submit for them"),
        error_messages={"required": _("Confirm that the person agreed before you register them.")},
    )

    def __init__(
        self, *args: Any, villages: QuerySet[Village], initial_village: Village | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["village"]
        assert isinstance(field, VillageChoiceField)  # noqa: S101 - declared above
        field.queryset = villages
        field.show_commune = len({village.commune_id for village in villages}) > 1
        # Where the commune has listed its villages, the report needs to know whose the help was.
        field.required = villages.exists()
        if initial_village is not None:
            self.initial.setdefault("village", initial_village.pk)


class ReportFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    unit = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=_("All my communes"),
    )

    def __init__(self, *args: Any, communes: QuerySet[AdministrativeUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = communes

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return cleaned
