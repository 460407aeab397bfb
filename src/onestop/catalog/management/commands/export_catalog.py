from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onestop.catalog.exports import catalog_xlsx
from onestop.organizations.models import AdministrativeUnit


class Command(BaseCommand):
    help = "Export the procedures a unit offers to an XLSX file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="Code of the unit in force, e.g. 11203.")
        parser.add_argument("output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        unit = AdministrativeUnit.objects.filter(code=options["unit"], valid_to__isnull=True).first()
        if unit is None:
            raise CommandError(f"No administrative unit in force has the code {options['unit']!r}.")
        options["output"].write_bytes(catalog_xlsx(unit=unit))
        self.stdout.write(f"Wrote {options['output']}")
