from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from onestop.signing.services import revocation_list_add


class Command(BaseCommand):
    help = "Load a CA's certificate revocation list (PEM or DER); run it whenever the CA publishes one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("crl", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            record = revocation_list_add(actor=None, crl_data=options["crl"].read_bytes())
        except (OSError, ValidationError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"CRL of {record.issuer} issued {record.this_update:%Y-%m-%d %H:%M} loaded.")
