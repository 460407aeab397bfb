"""Forms of the desk and processing pages: parsing only; the rules live in dossiers.services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onestop.accounts.validators import validate_personal_id
from onestop.dossiers.constants import ReturnMethod, State, SubmitterKind
from onestop.dossiers.workflow import TERMINAL_STATES

OUTCOMES = [
    ("receive", _("Complete: receive it and print the receipt (form 01)")),
    ("request_supplement", _("Incomplete: ask for a supplement (form 02)")),
    ("refuse_reception", _("Not receivable: refuse (form 03)")),
]
CHANNELS = [("1", _("In person")), ("3", _("By post"))]


class QueueFilterForm(forms.Form):
    """The work queue's filters and page position, all from the query string."""

    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), *((v, lbl) for v, lbl in State.choices if v not in TERMINAL_STATES)],
    )
    q = forms.CharField(label=_("Dossier code or applicant"), max_length=100, required=False)
    procedure = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    after = forms.CharField(max_length=41, required=False, widget=forms.HiddenInput)


class ReceptionForm(forms.Form):
    applicant_id_number = forms.CharField(
        label=_("Applicant's personal ID number"),
        max_length=12,
        validators=[validate_personal_id],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autofocus": True}),
    )
    applicant_name = forms.CharField(label=_("Applicant's full name"), max_length=255)
    applicant_address = forms.CharField(label=_("Address"), max_length=255, required=False)
    applicant_phone = forms.CharField(label=_("Phone"), max_length=15, required=False)
    applicant_email = forms.EmailField(label=_("E-mail"), required=False)
    submitter_kind = forms.ChoiceField(label=_("Submitted by"), choices=SubmitterKind.choices)
    submitter_name = forms.CharField(label=_("Submitter's name (if not the applicant)"), required=False)
    submitter_id_number = forms.CharField(label=_("Submitter's ID number"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=CHANNELS, initial="1")
    lodged_at = forms.DateTimeField(
        label=_("Postal hand-over time"),
        required=False,
        help_text=_("For post: the time both signed the hand-over record."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=OUTCOMES, widget=forms.RadioSelect, initial="receive"
    )
    supplement_items = forms.CharField(
        label=_("What to add or fix"),
        required=False,
        help_text=_("One line per item: document — reason."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reasons = forms.CharField(
        label=_("Reasons for refusal"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, components: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.component_fields: list[tuple[Any, str, str]] = []
        for component in components:
            tick, scan = f"provided_{component.pk}", f"scan_{component.pk}"
            self.fields[tick] = forms.BooleanField(label=component.name, required=False)
            self.fields[scan] = forms.FileField(
                label=_("Scan (PDF, JPEG or PNG)"),
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
            )
            self.component_fields.append((component, tick, scan))

    def component_rows(self) -> list[tuple[Any, Any, Any]]:
        return [(component, self[tick], self[scan]) for component, tick, scan in self.component_fields]

    def supplement_list(self) -> list[dict[str, str]]:
        items = []
        for line in self.cleaned_data.get("supplement_items", "").splitlines():
            name, _sep, reason = line.partition("—") if "—" in line else line.partition("-")
            if line.strip():
                items.append({"name": name.strip(), "reason": reason.strip()})
        return items


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ActionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    attachments = forms.FileField(
        label=_("Attach files"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    reasons = forms.CharField(label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    items = forms.CharField(
        label=_("What to add or fix (one line per item: document — reason)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    assignee = forms.IntegerField(required=False, widget=forms.Select)
    new_due_at = forms.DateTimeField(
        label=_("New return date and time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    method = forms.ChoiceField(label=_("Return method"), choices=ReturnMethod.choices, required=False)
    waybill = forms.CharField(label=_("Waybill number"), max_length=40, required=False)
