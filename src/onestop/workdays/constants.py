"""Choices and defaults of the working calendar."""

from datetime import time
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.translation import gettext_lazy as _

# Deadlines are computed on Vietnamese wall-clock time whatever the server's zone.
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# A dossier received strictly after this time counts as received the next working day.
RECEIPT_CUTOFF = time(15, 0)

# Used when neither the unit, its ancestors nor the system default have hours configured.
DEFAULT_PERIODS: tuple[tuple[time, time], ...] = ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))

SEED_DECISION = "holidays package (VN)"


class EntryKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday")
    DAY_OFF = "day_off", _("Compensatory day off")
    WORKING_DAY = "working_day", _("Working day (swapped)")


class EntrySource(models.TextChoices):
    SEEDED = "seeded", _("Seeded from the holidays package")
    MANUAL = "manual", _("Entered by an administrator")


class LimitUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    WORKING_HOURS = "working_hours", _("working hours")
    SAME_DAY = "same_day", _("same day")


class Completion(models.TextChoices):
    EARLY = "early", _("Early")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
