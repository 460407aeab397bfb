from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from onestop.signing.engine import Placement
from onestop.signing.selectors import agency_certificate_by_e_id, default_agency_certificate
from onestop.signing.services import document_sign


class Command(BaseCommand):
    help = (
        "Apply an agency's signature (top right of the first page) to a PDF, e.g. an e-copy of a digitised "
        "paper. Without --as, the default agency (the demo's) signs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", type=Path)
        parser.add_argument("output", type=Path)
        parser.add_argument("--as", dest="agency", metavar="AGENCY_E_ID", help="Electronic id of the agency.")
        parser.add_argument("--title", default="", help="Title shown on the verification page.")

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["input"]
        if not source.is_file():
            raise CommandError(f"{source} does not exist")
        certificate = (
            agency_certificate_by_e_id(options["agency"])
            if options["agency"]
            else default_agency_certificate()
        )
        if certificate is None:
            raise CommandError(
                f"No usable certificate for agency {options['agency']}"
                if options["agency"]
                else "No default agency certificate (run `onestop load-demo` or register one)"
            )
        try:
            document = document_sign(
                actor=None,
                data=source.read_bytes(),
                title=options["title"] or source.stem,
                certificate=certificate,
                placement=Placement.TOP_RIGHT,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        options["output"].write_bytes(bytes(document.content))
        self.stdout.write(f"Signed as {certificate.agency}: {options['output']} (SHA-256 {document.sha256})")
