from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "onestop.dossiers"
    label = "dossiers"
    verbose_name = _("Dossiers")

    def ready(self) -> None:
        from onestop.dossiers import results
        from onestop.dossiers.workflow import validate_workflow

        results.register()

        # A broken transition table must stop the server at start-up, not surprise an officer later.
        validate_workflow()
