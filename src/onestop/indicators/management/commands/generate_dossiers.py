import json
import sys
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from onestop.catalog.models import Procedure
from onestop.indicators.generator import generated_records
from onestop.organizations.models import AdministrativeUnit
from onestop.workdays.selectors import calendar_for_unit


class Command(BaseCommand):
    help = _("Write synthetic dossier history (exchange format) for the communes of a province, for trials.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", required=True, help=_("Province code."))
        parser.add_argument("--count", type=int, default=10_000)
        parser.add_argument(
            "--days", type=int, default=365, help=_("Spread over this many days up to today.")
        )
        parser.add_argument("--seed", type=int, default=766)
        parser.add_argument("output", nargs="?", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        province = AdministrativeUnit.objects.filter(code=options["province"], valid_to__isnull=True).first()
        if province is None:
            raise CommandError(
                _("No province in force has the code %(code)s.") % {"code": options["province"]}
            )
        in_force = province.children.filter(valid_to__isnull=True)
        communes = list(in_force.values_list("code", flat=True))
        # Today's communes exist only from their start (1 July 2025 for the reform): no history before it.
        starts = [day for day in in_force.values_list("valid_from", flat=True) if day is not None]
        procedures = list(Procedure.objects.values_list("code", flat=True)[:50])
        if not communes or not procedures:
            raise CommandError(_("The province needs communes and the catalog needs procedures."))
        today = timezone.localdate()
        tz = timezone.get_current_timezone()
        records = generated_records(
            unit_codes=communes,
            procedure_codes=procedures,
            count=options["count"],
            first=datetime.combine(
                max([today - timedelta(days=options["days"]), *starts]), time.min, tzinfo=tz
            ),
            last=datetime.combine(today - timedelta(days=1), time.max, tzinfo=tz),
            calendar=calendar_for_unit(unit=province),
            seed=options["seed"],
        )
        out = options["output"].open("w", encoding="utf-8") if options["output"] else sys.stdout
        try:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        finally:
            if options["output"]:
                out.close()
