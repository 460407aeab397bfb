import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrintingConfig(AppConfig):
    name = "onestop.printing"
    label = "printing"
    verbose_name = _("Printing")

    def ready(self) -> None:
        # WeasyPrint logs every layout step at INFO (some at import): keep the log for what matters,
        # unless LOGGING configures the logger.
        progress = logging.getLogger("weasyprint.progress")
        if progress.level == logging.NOTSET:
            progress.setLevel(logging.WARNING)
