"""Admin for the working calendar; every save and delete goes through the services (validation, audit)."""

import re
from datetime import time
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from onestop.accounts.models import User
from onestop.workdays.models import CalendarEntry, WorkingHours
from onestop.workdays.services import (
    calendar_entry_delete,
    calendar_entry_save,
    working_hours_clear,
    working_hours_set,
)
from onestop.workdays.validators import Period, validate_periods

_PERIOD = re.compile(r"([0-9]{1,2}:[0-9]{2})\s*[-\u2013]\s*([0-9]{1,2}:[0-9]{2})")


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@admin.register(CalendarEntry)
class CalendarEntryAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "name", "decision", "source")
    list_filter = ("kind", "source")
    search_fields = ("name", "name_en", "decision")
    date_hierarchy = "date"
    fields = ("date", "kind", "name", "name_en", "decision", "source", "created_at", "updated_at")

    def get_readonly_fields(self, request: HttpRequest, obj: CalendarEntry | None = None) -> tuple[str, ...]:
        # The date is the entry's identity in the services: change it by deleting and adding.
        base = ("source", "created_at", "updated_at")
        return ("date", *base) if obj is not None else base

    def save_model(
        self, request: HttpRequest, obj: CalendarEntry, form: forms.ModelForm, change: bool
    ) -> None:
        entry = calendar_entry_save(
            actor=_actor(request),
            day=obj.date,
            kind=obj.kind,
            name=obj.name,
            name_en=obj.name_en,
            decision=obj.decision,
        )
        obj.pk, obj.source = entry.pk, entry.source

    def delete_model(self, request: HttpRequest, obj: CalendarEntry) -> None:
        calendar_entry_delete(actor=_actor(request), day=obj.date)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarEntry]) -> None:
        for entry in queryset:
            calendar_entry_delete(actor=_actor(request), day=entry.date)


def parse_periods(text: str) -> tuple[Period, ...]:
    """Read "07:30-11:30, 13:00-17:00" into validated, ordered periods."""
    periods: list[Period] = []
    for part in filter(None, (chunk.strip() for chunk in re.split(r"[,;\n]", text))):
        match = _PERIOD.fullmatch(part)
        try:
            if match is not None:
                periods.append((_clock(match[1]), _clock(match[2])))
                continue
        except ValueError:
            pass  # an hour like 25:00: reported below like any unreadable period
        raise ValidationError(
            _('Cannot read the period "%(part)s": write e.g. 07:30-11:30, 13:00-17:00.'),
            code="period_format",
            params={"part": part},
        )
    return validate_periods(periods)


def _clock(text: str) -> time:
    return time.fromisoformat(text.zfill(5))


class WorkingHoursForm(forms.ModelForm):
    periods = forms.CharField(
        label=_("working periods"),
        help_text=_("Comma-separated, e.g. 07:30-11:30, 13:00-17:00."),
        initial="07:30-11:30, 13:00-17:00",
    )

    class Meta:
        model = WorkingHours
        fields = ("unit",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["periods"] = _periods_text(self.instance)

    def clean_periods(self) -> tuple[Period, ...]:
        return parse_periods(self.cleaned_data["periods"])


def _periods_text(hours: WorkingHours) -> str:
    return ", ".join(f"{period.start:%H:%M}-{period.end:%H:%M}" for period in hours.periods.all())


@admin.register(WorkingHours)
class WorkingHoursAdmin(admin.ModelAdmin):
    form = WorkingHoursForm
    list_display = ("__str__", "periods_display", "updated_at")
    raw_id_fields = ("unit",)

    @admin.display(description=_("working periods"))
    def periods_display(self, obj: WorkingHours) -> str:
        return _periods_text(obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[WorkingHours]:
        return super().get_queryset(request).select_related("unit").prefetch_related("periods")

    def get_readonly_fields(self, request: HttpRequest, obj: WorkingHours | None = None) -> tuple[str, ...]:
        return ("unit",) if obj is not None else ()

    def save_model(
        self, request: HttpRequest, obj: WorkingHours, form: forms.ModelForm, change: bool
    ) -> None:
        hours = working_hours_set(actor=_actor(request), unit=obj.unit, periods=form.cleaned_data["periods"])
        obj.pk = hours.pk

    def delete_model(self, request: HttpRequest, obj: WorkingHours) -> None:
        working_hours_clear(actor=_actor(request), unit=obj.unit)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[WorkingHours]) -> None:
        for hours in queryset.select_related("unit"):
            working_hours_clear(actor=_actor(request), unit=hours.unit)
