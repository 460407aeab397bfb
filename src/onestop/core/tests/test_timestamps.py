"""Timestamps read through psycopg's C parser on PostgreSQL: the same aware values Django's loader gives."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import BaseTzLoader

from onestop.core.timestamps import _c_loader

pytestmark = pytest.mark.django_db


def test_timestamps_come_back_in_utc_through_the_c_parser(on_postgres: None) -> None:
    with connection.cursor() as cursor:
        loader = connection.connection.adapters.get_loader(1184, 0)  # timestamptz, text
        assert loader.timezone is UTC
        assert not issubclass(loader, BaseTzLoader)  # not Django's Python loader
        assert _c_loader() is not None
        written = datetime(2026, 3, 2, 9, 0, 0, 123456, tzinfo=timezone(timedelta(hours=7)))
        cursor.execute("SELECT %s::timestamptz, '2024-02-29 23:59:59.5-05'::timestamptz", [written])
        read, leap = cursor.fetchone()
    assert read == written
    assert read.tzinfo is UTC
    assert read.hour == 2
    assert leap == datetime(2024, 3, 1, 4, 59, 59, 500000, tzinfo=UTC)
    assert leap.tzinfo is UTC
