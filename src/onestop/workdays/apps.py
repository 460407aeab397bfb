from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "onestop.workdays"
    label = "workdays"
    verbose_name = _("Working calendar")

    def ready(self) -> None:
        from onestop.workdays.models import CalendarEntry, WorkingHours, WorkingPeriod

        # Deadlines read a cached calendar; any written day, hours or period (admin included) drops it.
        for model in (CalendarEntry, WorkingHours, WorkingPeriod):
            post_save.connect(_calendar_changed, sender=model, dispatch_uid=f"calendar-save-{model.__name__}")
            post_delete.connect(
                _calendar_changed, sender=model, dispatch_uid=f"calendar-del-{model.__name__}"
            )


def _calendar_changed(**_kwargs: Any) -> None:
    from onestop.workdays.selectors import calendar_changed

    calendar_changed()
