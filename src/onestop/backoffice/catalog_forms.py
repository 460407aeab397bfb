"""Forms of the staff catalog editor: they parse input; the rules live in catalog.services."""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from onestop.catalog.constants import (
    BudgetUnit,
    Channel,
    ComponentKind,
    FeeCollection,
    ImplementingLevel,
    OnlineLevel,
    ResultType,
)
from onestop.organizations.constants import POST_ROLES, Role
from onestop.workdays.constants import LimitUnit

REQUIRED_CHOICES = [("yes", _("Always")), ("no", _("If any")), ("case", _("Depends on the case"))]
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    field_name = forms.CharField(label=_("Field"), max_length=200)
    levels = forms.MultipleChoiceField(
        label=_("Implementing levels"), choices=ImplementingLevel.choices, widget=forms.CheckboxSelectMultiple
    )
    channels = forms.MultipleChoiceField(
        label=_("Submission channels"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    online_level = forms.ChoiceField(
        label=_("Online service level"),
        choices=[("", _("Not published")), *OnlineLevel.choices],
        required=False,
    )
    partial_online_reason = forms.CharField(
        label=_("Reason for partial online service"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    time_limit_value = forms.IntegerField(label=_("Time limit"), min_value=0, required=False)
    time_limit_unit = forms.ChoiceField(
        label=_("Time limit unit"), choices=[("", _("Not published")), *LimitUnit.choices], required=False
    )
    time_limit_text = forms.CharField(
        label=_("Published time limit"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    cutoff_applies = forms.BooleanField(label=_("15:00 cut-off applies"), required=False)
    result_name = forms.CharField(label=_("Result"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    result_type = forms.ChoiceField(
        label=_("Result type"), choices=[("", _("Not published")), *ResultType.choices], required=False
    )
    applicants = forms.CharField(
        label=_("Applicants"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    steps_text = forms.CharField(
        label=_("Steps (as published)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    agency_text = forms.CharField(label=_("Competent agency (as published)"), required=False)
    legal_basis_text = forms.CharField(
        label=_("Legal basis"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    publication_decision = forms.CharField(label=_("Publication decision"), max_length=120, required=False)
    publication_decision_date = forms.DateField(
        label=_("Publication decision date"), required=False, widget=DATE_INPUT
    )
    legal_basis_effective_date = forms.DateField(
        label=_("Legal basis effective date"), required=False, widget=DATE_INPUT
    )
    disclosure_date = forms.DateField(label=_("Disclosure date"), required=False, widget=DATE_INPUT)
    effective_from = forms.DateField(
        label=_("The new version takes effect on"),
        widget=DATE_INPUT,
        help_text=_("The current version stays readable."),
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("online_level") == OnlineLevel.PARTIAL and not cleaned.get("partial_online_reason"):
            self.add_error(
                "partial_online_reason",
                _("Give the published reason why this procedure is only partly online (Decree 224/2026)."),
            )
        return cleaned


class ComponentForm(forms.Form):
    name = forms.CharField(label=_("Document"), widget=forms.Textarea(attrs={"rows": 2}))
    copies = forms.CharField(label=_("Copies"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ComponentKind.choices)
    required = forms.ChoiceField(label=_("Required"), choices=REQUIRED_CHOICES)
    form_name = forms.CharField(label=_("Form"), max_length=300, required=False)


class FeeForm(forms.Form):
    name = forms.CharField(label=_("Fee"), max_length=500)
    amount_vnd = forms.IntegerField(
        label=_("Amount (VND)"),
        min_value=0,
        required=False,
        help_text=_("Empty when set by the provincial council."),
    )
    online_amount_vnd = forms.IntegerField(label=_("Amount online (VND)"), min_value=0, required=False)
    exemptions = forms.CharField(label=_("Exemptions"), required=False)
    collected_at = forms.ChoiceField(label=_("Collected"), choices=FeeCollection.choices)


class StepForm(forms.Form):
    name = forms.CharField(label=_("Step"), max_length=300)
    role = forms.ChoiceField(label=_("Role"), choices=[(r.value, r.label) for r in Role if r in POST_ROLES])
    budget_value = forms.IntegerField(label=_("Time budget"), min_value=1)
    budget_unit = forms.ChoiceField(label=_("Unit"), choices=BudgetUnit.choices)
    required_outputs = forms.CharField(
        label=_("Required output files"), required=False, help_text=_("One name per line.")
    )
    handoff_agency = forms.CharField(label=_("Hand-off to agency"), max_length=200, required=False)


ComponentFormSet = formset_factory(ComponentForm, extra=1, can_delete=True)
FeeFormSet = formset_factory(FeeForm, extra=1, can_delete=True)
StepFormSet = formset_factory(StepForm, extra=1, can_delete=True)


class SynonymForm(forms.Form):
    term = forms.CharField(label=_("Everyday word"), max_length=120, help_text=_("e.g. sổ đỏ, CCCD"))
    expansion = forms.CharField(
        label=_("Stands for"), max_length=300, help_text=_("e.g. giấy chứng nhận quyền sử dụng đất")
    )
