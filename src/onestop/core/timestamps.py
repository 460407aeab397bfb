"""PostgreSQL timestamps read by psycopg's C parser.

Django reads every ``timestamptz`` through a loader of its own, in Python: psycopg's pure-Python parser, then
the connection's time zone set on the value (about 15 µs a value; a queue page of 50 dossiers spent a tenth
of its time there). When the session's time zone is UTC, as Django sets it with ``USE_TZ``, psycopg's own
C loader already returns the same values (``datetime.timezone.utc``), so each connection gets that one.
"""

from datetime import UTC
from typing import Any

from django.db.backends.signals import connection_created


def _c_loader() -> type | None:
    import psycopg
    from psycopg.postgres import types
    from psycopg.pq import Format

    loader = psycopg.adapters.get_loader(types["timestamptz"].oid, Format.TEXT)
    # Without psycopg's C extension the loader is the same Python parser: nothing to gain.
    return loader if loader is not None and not loader.__module__.startswith("psycopg.") else None


def _use_c_loader(*, connection: Any, **_kwargs: Any) -> None:
    if connection.vendor != "postgresql" or connection.timezone is not UTC:
        return
    found = _c_loader()
    if found is None:
        return
    c_parser: type = found
    from psycopg.adapt import Loader

    class UtcTimestamptzLoader(Loader):
        # Django's create_cursor compares this with the connection's time zone before each cursor.
        timezone = UTC

        def __init__(self, oid: int, context: Any = None) -> None:
            super().__init__(oid, context)
            self._parse = c_parser(oid, context)

        def load(self, data: Any) -> Any:
            return self._parse.load(data)

    connection.connection.adapters.register_loader("timestamptz", UtcTimestamptzLoader)


def register() -> None:
    connection_created.connect(_use_c_loader, dispatch_uid="onestop-c-timestamptz")
