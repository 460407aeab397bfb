import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from onestop.indicators.selectors import Period, compute_index, subject_by_code


class Command(BaseCommand):
    help = _("Compute the service index (Decision 766) of a unit or agency for a period.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help=_("Unit code or agency electronic identifier."))
        parser.add_argument("--from", dest="first", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="last", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help=_("Print one JSON object."))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["last"] < options["first"]:
            raise CommandError(_("--to is before --from."))
        period = Period(options["first"], options["last"])
        subject = subject_by_code(options["unit"], period=period)
        if subject is None:
            raise CommandError(_("No unit or agency has the code %(code)s.") % {"code": options["unit"]})
        result = compute_index(subject, period)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        self.stdout.write(f"{result.subject.name} ({result.subject.code}) {period}")
        for item in result.indicators:
            rate = f"{item.rate:.2%}" if item.rate is not None else "—"
            if item.value is not None:
                rate = f"{item.value:.2f}"
            points = "" if item.points is None else f"{item.points:.2f}/{item.weight}"
            self.stdout.write(f"  {item.key:<14} {item.label:<60} {rate:>8} {points}")
        self.stdout.write(_("Total: %(total)s (%(band)s)") % {"total": result.total, "band": result.band})
