import os
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from onestop.indicators.services import records_import


class Command(BaseCommand):
    help = _(
        "Import dossier history in the exchange format (JSON Lines): units by MaDonVi, procedures by MaTTHC. "
        "Bad lines are reported with their numbers and skipped whole."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("The .jsonl file; - for standard input."))
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help=_("Processes that check and write records (PostgreSQL); 1 imports in this process."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        started = time.monotonic()
        if str(path) == "-":
            report = records_import(lines=sys.stdin, file_name="stdin", workers=options["workers"])
        else:
            if not path.is_file():
                raise CommandError(_("No such file: %(path)s") % {"path": path})
            with path.open(encoding="utf-8") as lines:
                report = records_import(lines=lines, file_name=path.name, workers=options["workers"])
        for error in report.errors:
            self.stderr.write(
                _("line %(line)s: %(reasons)s")
                % {"line": error["line"], "reasons": "; ".join(error["reasons"])}
            )
        self.stdout.write(
            _("%(imported)s records imported, %(refused)s refused, in %(seconds).1f s.")
            % {"imported": report.imported, "refused": report.refused, "seconds": time.monotonic() - started}
        )
        if report.refused:
            raise CommandError(_("%(count)s lines were refused.") % {"count": report.refused}, returncode=2)
