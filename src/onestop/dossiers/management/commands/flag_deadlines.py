from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from onestop.dossiers.deadline_jobs import deadlines_flag
from onestop.dossiers.tasks import flag_deadlines


class Command(BaseCommand):
    help = "Flag open dossiers due within one working day and late ones (run every few minutes from cron)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="Queue the job for the worker instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = flag_deadlines.enqueue()
            self.stdout.write(f"Queued task {result.id}")
            return
        report = deadlines_flag()
        self.stdout.write(
            f"{report.late} late, {report.due_soon} due within one working day, {report.cleared} cleared"
        )
