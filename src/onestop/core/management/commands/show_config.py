from typing import Any

from django.core.management.base import BaseCommand

from onestop.core.config import REGISTRY


class Command(BaseCommand):
    help = "List every environment variable OneStop reads, with its default and meaning."

    def handle(self, *args: Any, **options: Any) -> None:
        for variable in sorted(REGISTRY.values(), key=lambda item: item.name):
            self.stdout.write(f"{variable.name} (default: {variable.default!r})\n    {variable.help}")
