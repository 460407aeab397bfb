from argparse import ArgumentParser
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from onestop.workdays.services import calendar_seed


class Command(BaseCommand):
    help = (
        "Seed the working calendar of the given years from the holidays package. Safe to rerun: entries "
        "entered by an administrator are never overwritten."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--years", type=int, nargs="+", required=True, metavar="YEAR")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = calendar_seed(actor=None, years=options["years"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            _(
                "Calendar seeded: %(created)d created, %(updated)d updated, %(deleted)d removed, "
                "%(unchanged)d unchanged, %(kept_manual)d manual entries kept."
            )
            % asdict(result)
        )
