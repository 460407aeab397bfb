from typing import Any

from django.core.management.base import BaseCommand

from onestop.signing.demo import demo_pki_setup


class Command(BaseCommand):
    help = "Create the demo PKI (TEST CA, TSA, certificates of the demo leaders and agencies). Safe to rerun."

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_pki_setup()
        self.stdout.write(
            f"Demo PKI ready (TEST only): CA “{result.ca.subject}”, {len(result.officials)} official and "
            f"{len(result.agencies)} agency certificates."
        )
