from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "onestop.api"
    label = "api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        # Registers the schema extensions (drf-spectacular finds them by subclassing).
        from onestop.api import schema  # noqa: F401
