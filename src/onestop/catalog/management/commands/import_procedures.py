from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onestop.catalog.importing import BUNDLED_CATALOG, load_records, procedures_import


class Command(BaseCommand):
    help = "Import procedures from a JSON file in the reference format (default: the bundled catalog)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, default=BUNDLED_CATALOG)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            records = load_records(options["path"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        report = procedures_import(records=records)
        self.stdout.write(
            f"{len(records)} records: {report.created} created, {report.revised} revised, "
            f"{report.unchanged} unchanged, {report.incomplete} incomplete (they take no dossiers until "
            f"completed), {len(report.problems)} refused."
        )
        for problem in report.problems:
            self.stdout.write(f"  record {problem.position} ({problem.code or 'no code'}): {problem.message}")
