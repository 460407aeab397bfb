import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from onestop.core.models import OutboxMessage


class Command(BaseCommand):
    help = "Export the queued DVCQG sync records (outbox) as JSON Lines, one record per line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", nargs="?", type=Path, help="File to write; standard output by default.")
        parser.add_argument("--all", action="store_true", help="Every record, not only the queued ones.")

    def handle(self, *args: Any, **options: Any) -> None:
        messages = OutboxMessage.objects.filter(topic="dvcqg_sync").order_by("id")
        if not options["all"]:
            messages = messages.filter(state=OutboxMessage.DeliveryState.QUEUED)
        lines = [
            json.dumps(message.payload, ensure_ascii=False, sort_keys=True) for message in messages.iterator()
        ]
        text = "".join(f"{line}\n" for line in lines)
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8")
            self.stderr.write(f"{len(lines)} records written to {options['output']}")
        else:
            sys.stdout.write(text)
