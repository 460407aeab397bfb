from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from onestop.signing.services import revocation_list_add, trust_anchor_add


class Command(BaseCommand):
    help = "Trust a root CA certificate (PEM or DER) for verification, optionally with its current CRL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("certificate", type=Path)
        parser.add_argument("--name", default="")
        parser.add_argument("--crl", type=Path, help="The CA's CRL (PEM or DER).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            anchor = trust_anchor_add(
                actor=None, certificate_data=options["certificate"].read_bytes(), name=options["name"]
            )
            if options["crl"]:
                revocation_list_add(actor=None, crl_data=options["crl"].read_bytes())
        except (OSError, ValidationError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Trusted: {anchor.name} ({anchor.fingerprint})")
