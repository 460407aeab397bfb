"""The search and filter forms of the public catalog (GET forms: they work without JavaScript)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onestop.catalog.constants import ImplementingLevel
from onestop.catalog.models import Field
from onestop.core.text import nfc
from onestop.organizations.models import Agency
from onestop.portal.selectors import agencies_with_procedures, fields_in_force

# Search as you type: wait for a pause in typing; "search" is the event of the field's clear button.
SEARCH_TRIGGER = "input changed delay:300ms, search"
RESULTS_TARGET = "#procedure-results"


class ProcedureSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search procedures"),
        help_text=_("A few words, for example: khai sinh, chứng thực, sổ đỏ."),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}),
    )

    def __init__(self, *args: Any, results_url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {
                "hx-get": results_url,
                "hx-trigger": SEARCH_TRIGGER,
                "hx-target": RESULTS_TARGET,
                "hx-include": "closest form",
                "hx-sync": "closest form:replace",
                "hx-indicator": RESULTS_TARGET,
                "aria-describedby": "id_q-hint",
                "aria-controls": RESULTS_TARGET.removeprefix("#"),
            }
        )

    def clean_q(self) -> str:
        return nfc(self.cleaned_data["q"])


class ProcedureFilterForm(ProcedureSearchForm):
    field: forms.ModelChoiceField[Field] = forms.ModelChoiceField(
        label=_("Field"),
        queryset=None,  # set per form: "in force" depends on today
        to_field_name="code",
        required=False,
        empty_label=_("All fields"),
    )
    level = forms.ChoiceField(
        label=_("Handled at"),
        choices=[("", _("All levels")), *ImplementingLevel.choices],
        required=False,
    )
    agency: forms.ModelChoiceField[Agency] = forms.ModelChoiceField(
        label=_("Competent agency"),
        queryset=None,
        to_field_name="e_id",
        required=False,
        empty_label=_("All agencies"),
    )

    def __init__(self, *args: Any, results_url: str, **kwargs: Any) -> None:
        super().__init__(*args, results_url=results_url, **kwargs)
        self.fields["field"].queryset = fields_in_force()  # type: ignore[attr-defined]
        self.fields["agency"].queryset = agencies_with_procedures()  # type: ignore[attr-defined]
        for name in ("field", "level", "agency"):
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": results_url,
                    "hx-trigger": "change",
                    "hx-target": RESULTS_TARGET,
                    "hx-include": "closest form",
                    "hx-sync": "closest form:replace",
                    "hx-indicator": RESULTS_TARGET,
                }
            )
