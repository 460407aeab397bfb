from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from onestop.dossiers.drafts import DRAFT_KEPT_FOR, drafts_purge_abandoned


class Command(BaseCommand):
    help = "Delete online dossiers never submitted and untouched for a while, with their files (run daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=DRAFT_KEPT_FOR.days, help="Keep drafts touched within this many days."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        purged = drafts_purge_abandoned(now=timezone.now(), kept_for=timedelta(days=options["days"]))
        self.stdout.write(f"{purged} abandoned drafts deleted")
