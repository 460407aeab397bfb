"""The working calendar: dated exceptions to the Monday-Friday week, and working hours per unit."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from onestop.workdays.constants import EntryKind, EntrySource


class CalendarEntry(models.Model):
    """One date that differs from the ordinary week: a holiday, a day off in lieu, or a working Saturday."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    decision = models.CharField(
        _("deciding document"),
        max_length=255,
        help_text=_("The document that set this day, e.g. Thông báo 6150/TB-BLĐTBXH."),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=EntrySource.choices, default=EntrySource.MANUAL
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar entry")
        verbose_name_plural = _("calendar entries")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EntryKind.values), name="calendar_entry_kind_valid"),
            models.CheckConstraint(
                condition=Q(source__in=EntrySource.values), name="calendar_entry_source_valid"
            ),
            models.CheckConstraint(
                condition=~Q(source=EntrySource.MANUAL, decision=""), name="calendar_entry_manual_decision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"


class WorkingHours(models.Model):
    """The working periods of a unit's day; the row without a unit overrides the built-in default."""

    unit = models.ForeignKey(
        "organizations.AdministrativeUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="working_hours",
        help_text=_("Empty: the system-wide default. Units without their own hours use their parent's."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        constraints = [
            # Coalesce so that there is also at most one system default (NULL unit) row.
            models.UniqueConstraint(
                Coalesce("unit", models.Value(0), output_field=models.BigIntegerField()),
                name="working_hours_one_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return str(self.unit) if self.unit_id else str(_("System default"))


class WorkingPeriod(models.Model):
    """One period of work in a day, e.g. 07:30-11:30."""

    hours = models.ForeignKey(
        WorkingHours, verbose_name=_("working hours"), on_delete=models.CASCADE, related_name="periods"
    )
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))

    class Meta:
        verbose_name = _("working period")
        verbose_name_plural = _("working periods")
        ordering = ["hours", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="working_period_ordered"),
            models.UniqueConstraint(fields=["hours", "start"], name="working_period_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"
