import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from onestop.indicators.selectors import Period, export_records, subject_by_code


class Command(BaseCommand):
    help = _("Export dossier records (handled here and imported) in the exchange format, one per line.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "output", nargs="?", type=Path, help=_("File to write; standard output by default.")
        )
        parser.add_argument(
            "--unit", help=_("Unit code or agency electronic identifier (with its sub-units).")
        )
        parser.add_argument("--from", dest="first", type=date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="last", type=date.fromisoformat, help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        period = None
        if options["first"] or options["last"]:
            period = Period(options["first"] or date(2000, 1, 1), options["last"] or date.today())  # noqa: DTZ011
        subject = None
        if options["unit"]:
            subject = subject_by_code(options["unit"], period=period or Period(date.today(), date.today()))  # noqa: DTZ011
            if subject is None:
                raise CommandError(_("No unit or agency has the code %(code)s.") % {"code": options["unit"]})
        out = options["output"].open("w", encoding="utf-8") if options["output"] else sys.stdout
        written = 0
        try:
            for record in (
                export_records(subject=subject, period=period)
                .values_list("line__data", flat=True)
                .iterator(2000)
            ):
                out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
                written += 1
        finally:
            if options["output"]:
                out.close()
        self.stderr.write(_("%(count)s records written.") % {"count": written})
