from argparse import ArgumentParser
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from onestop.organizations.models import AdministrativeUnit
from onestop.workdays.deadlines import TimeLimit
from onestop.workdays.selectors import due_at


class Command(BaseCommand):
    help = "Print when a dossier is due on the working calendar, as ISO 8601 with the offset."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--received", required=True, help="Receipt time, ISO 8601 with an offset (+07:00 or Z)."
        )
        parser.add_argument(
            "--limit",
            required=True,
            help='"3 working days", "8 working hours", "same day", "3 ngày làm việc" …',
        )
        parser.add_argument("--unit", help="Code of the unit in force whose working hours apply.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            received = datetime.fromisoformat(options["received"])
        except ValueError as error:
            raise CommandError(
                _("--received is not an ISO 8601 date and time: %(value)s") % {"value": options["received"]}
            ) from error
        if received.tzinfo is None:
            raise CommandError(
                _("--received needs a UTC offset, e.g. %(value)s+07:00 or %(value)sZ.")
                % {"value": options["received"]}
            )
        try:
            limit = TimeLimit.parse(options["limit"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        unit = None
        if options["unit"]:
            unit = AdministrativeUnit.objects.filter(code=options["unit"], valid_to__isnull=True).first()
            if unit is None:
                raise CommandError(
                    _('No administrative unit in force has the code "%(code)s".') % {"code": options["unit"]}
                )
        self.stdout.write(due_at(received_at=received, limit=limit, unit=unit).isoformat())
