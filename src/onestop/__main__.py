"""The ``onestop`` console script: the project's manage.py."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    # Commands are spelled with hyphens (onestop load-demo); Django modules need underscores.
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
