import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onestop.signing.verification import NotAPdfError, verify_pdf


class Command(BaseCommand):
    help = "Verify the signatures of a PDF against the configured trust anchors and CRLs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--json", action="store_true", help="Print what the verification page shows, as JSON."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} does not exist")
        try:
            report = verify_pdf(path.read_bytes())
        except NotAPdfError as error:
            raise CommandError(f"{path} is not a readable PDF") from error
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"SHA-256: {report.sha256}")
        if not report.signatures:
            self.stdout.write("No signature.")
        for signature in report.signatures:
            state = (
                "VALID"
                if signature.trusted and signature.intact
                else ", ".join(signature.problems) or "INVALID"
            )
            self.stdout.write(f"- {signature.signer} ({signature.signed_at}): {state}")
        if not report.all_valid:
            raise SystemExit(1)
