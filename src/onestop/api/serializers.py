"""Input and output shapes of the public API. Output serializers only read; nothing here writes."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from onestop.catalog.constants import (
    DOSSIER_FIELDS,
    Channel,
    ComponentKind,
    FeeCollection,
    ImplementingLevel,
    OnlineLevel,
    ResultType,
)
from onestop.catalog.models import ProcedureVersion
from onestop.organizations.models import AdministrativeUnit
from onestop.workdays.constants import LimitUnit

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
LIMIT_ERRORS: dict[str, Any] = {
    "invalid": _("limit must be a whole number from 1 to 100."),
    "min_value": _("limit must be a whole number from 1 to 100."),
    "max_value": _("limit must be a whole number from 1 to 100."),
    "max_string_length": _("limit must be a whole number from 1 to 100."),
}


class ProcedureListQuerySerializer(serializers.Serializer[Any]):
    search = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=_("What a citizen would type: no diacritics, typos and everyday names are fine."),
        error_messages={"max_length": _("search is limited to 200 characters.")},
    )
    unit = serializers.CharField(
        required=False,
        max_length=5,
        help_text=_("Code of an administrative unit in force: only the procedures it offers."),
        error_messages={"max_length": _("No administrative unit in force has this code.")},
    )
    limit = serializers.IntegerField(
        required=False,
        default=DEFAULT_LIMIT,
        min_value=1,
        max_value=MAX_LIMIT,
        help_text=_("How many procedures to return, 1 to 100."),
        error_messages=LIMIT_ERRORS,
    )
    cursor = serializers.CharField(
        required=False,
        max_length=20,
        help_text=_("Where to continue a list without search: take it from the previous page's next link."),
    )

    def validate_unit(self, value: str) -> AdministrativeUnit:
        unit = AdministrativeUnit.objects.filter(code=value, valid_to__isnull=True).first()
        if unit is None:
            raise serializers.ValidationError(_("No administrative unit in force has this code."))
        return unit


class ProcedureSummarySerializer(serializers.Serializer[ProcedureVersion]):
    code = serializers.CharField(source="procedure.code", help_text=_("National procedure code."))
    name = serializers.CharField()
    field = serializers.CharField(source="field.name", help_text=_("Field (lĩnh vực)."))
    levels = serializers.ListField(child=serializers.ChoiceField(choices=ImplementingLevel.choices))
    channels = serializers.ListField(child=serializers.ChoiceField(choices=Channel.choices))
    online_level = serializers.ChoiceField(choices=OnlineLevel.choices, allow_blank=True)
    version = serializers.IntegerField(source="number")
    effective_from = serializers.DateField()
    accepts_dossiers = serializers.BooleanField()
    url = serializers.SerializerMethodField(help_text=_("This procedure in the API."))
    score = serializers.SerializerMethodField(
        help_text=_("Relevance to the search, 0 to 100; empty without search.")
    )

    def get_url(self, version: ProcedureVersion) -> str:
        from django.urls import reverse

        path = reverse("api:procedure-detail", kwargs={"code": version.procedure.code})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_score(self, version: ProcedureVersion) -> float | None:
        scores: dict[int, float] = self.context.get("scores", {})
        return scores.get(version.pk)


class ProcedurePageSerializer(serializers.Serializer[Any]):
    next = serializers.URLField(
        allow_null=True, help_text=_("The next page of a list without search; empty on the last page.")
    )
    results = ProcedureSummarySerializer(many=True, help_text=_("Best match first when searching."))


class TimeLimitSerializer(serializers.Serializer[ProcedureVersion]):
    value = serializers.IntegerField(source="time_limit_value", allow_null=True)
    unit = serializers.ChoiceField(source="time_limit_unit", choices=LimitUnit.choices, allow_blank=True)
    text = serializers.CharField(source="time_limit_text", help_text=_("As published."))


class FeeSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    amount_vnd = serializers.IntegerField(allow_null=True)
    online_amount_vnd = serializers.IntegerField(allow_null=True)
    exemptions = serializers.CharField()
    note = serializers.CharField()
    collected_at = serializers.ChoiceField(choices=FeeCollection.choices)


class ComponentSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    copies = serializers.CharField()
    kind = serializers.ChoiceField(choices=ComponentKind.choices)
    # DRF's metaclass takes declared fields off the class, so this does not clobber Field.required.
    required = serializers.BooleanField(  # type: ignore[assignment]
        allow_null=True, help_text=_("Empty: depends on the case.")
    )
    case = serializers.CharField()
    form_name = serializers.CharField()


class ProcedureDetailSerializer(ProcedureSummarySerializer):
    score = None  # type: ignore[assignment]  # no ranking on a single procedure
    time_limit = TimeLimitSerializer(source="*")
    fees = FeeSerializer(many=True)
    components = ComponentSerializer(many=True)
    result = serializers.CharField(source="result_name")
    result_type = serializers.ChoiceField(choices=ResultType.choices, allow_blank=True)
    applicants = serializers.CharField()
    agency = serializers.CharField(source="agency_text", help_text=_("Competent agency, as published."))
    legal_basis = serializers.ListField(child=serializers.CharField())
    legal_basis_text = serializers.CharField()
    missing_fields = serializers.ListField(
        child=serializers.ChoiceField(choices=[(name, name) for name in DOSSIER_FIELDS]),
        help_text=_("What a dossier needs but is not published; the procedure takes no dossiers until then."),
    )


class NotFoundSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
