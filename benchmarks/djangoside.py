"""Work done inside OneStop's Django (run as ``python -m benchmarks.djangoside TASK`` with the bench env)."""

from __future__ import annotations

import json
import sys


def main() -> None:
    import django

    django.setup()
    task = sys.argv[1]
    if task == "template":
        from django.core.management import call_command

        from benchmarks.reference import reference_load

        call_command("migrate", verbosity=0, interactive=False)
        print(json.dumps(reference_load()))
    else:
        raise SystemExit(f"unknown task {task}")


if __name__ == "__main__":
    main()
