import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from onestop.catalog.search import procedures_search
from onestop.organizations.models import AdministrativeUnit


def _limit(value: str) -> int:
    number = int(value)
    if not 1 <= number <= 100:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Search the procedures in force as the public pages do; print the ranked procedure codes."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("query", help='What a citizen would type, e.g. "lam so do" or "CCCD".')
        parser.add_argument("--json", action="store_true", help="Print one JSON array of codes, best first.")
        parser.add_argument("--limit", type=_limit, default=20, help="How many results, 1-100 (default 20).")
        parser.add_argument("--unit", help="Code of the unit in force whose procedures to search.")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = None
        if options["unit"]:
            unit = AdministrativeUnit.objects.filter(code=options["unit"], valid_to__isnull=True).first()
            if unit is None:
                raise CommandError(
                    _('No administrative unit in force has the code "%(code)s".') % {"code": options["unit"]}
                )
        hits = procedures_search(query=options["query"], unit=unit, limit=options["limit"])
        if options["json"]:
            self.stdout.write(json.dumps([hit.version.procedure.code for hit in hits]))
            return
        if not hits:
            self.stdout.write(_("No procedure matches."))
            return
        for rank, hit in enumerate(hits, 1):
            self.stdout.write(
                f"{rank:>3}  {hit.version.procedure.code:<10} {hit.score:>6.2f}  {hit.version.name}"
            )
