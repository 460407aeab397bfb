"""``onestop import_units``: load administrative units from the optional vietnam-provinces package."""

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from onestop.organizations.unit_import import UnitSourceMissingError, units_import_from_package


class Command(BaseCommand):
    help = (
        "Load the 34 provinces and 3,321 communes in force since 1 July 2025 and, unless --no-legacy, the "
        "provinces, districts and communes that ended on 30 June 2025 with links to their successors. "
        "Needs the 'provinces' extra (vietnam-provinces). Safe to run again: it only adds and updates."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--no-legacy",
            action="store_false",
            dest="include_legacy",
            help="Load only the units in force; skip pre-reform units and succession links.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            report = units_import_from_package(include_legacy=options["include_legacy"])
        except UnitSourceMissingError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started

        rows = [("Provinces", "provinces"), ("Communes", "communes")]
        if options["include_legacy"]:
            rows += [
                ("Legacy provinces", "legacy_provinces"),
                ("Legacy districts", "districts"),
                ("Legacy communes", "legacy_communes"),
                ("Succession links", "links"),
            ]
        for label, prefix in rows:
            created = getattr(report, f"{prefix}_created")
            updated = getattr(report, f"{prefix}_updated")
            self.stdout.write(f"{label}: {created} created, {updated} updated")
        if report.legacy_communes_without_successor:
            self.stdout.write(
                f"Legacy communes with no successor in the source: {report.legacy_communes_without_successor}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {elapsed:.1f} s (vietnam-provinces {report.source_version}, "
                f"data of {report.data_version})."
            )
        )
