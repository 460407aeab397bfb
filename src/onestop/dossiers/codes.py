"""Dossier codes {agency e-ID}-{YYMMDD}-{NNNN}: unique, gap-free per agency and day."""

from datetime import date

from django.db import connection, transaction

from onestop.dossiers.models import DossierCodeCounter
from onestop.organizations.models import Agency

MIN_DIGITS = 4


def next_dossier_code(*, agency: Agency, day: date) -> str:
    """Take the next number of ``agency`` on ``day``.

    Call inside the transaction that creates the dossier: the counter row stays locked until it commits,
    so parallel receptions queue up, and a rolled-back reception gives its number back (no gaps).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_dossier_code must run inside the dossier's transaction")
    # One statement creates or bumps the row and locks it (PostgreSQL and SQLite both speak it); the ORM
    # would take a savepoint, a get-or-create and a locked read for the same.
    with connection.cursor() as cursor:
        cursor.execute(_TAKE_NUMBER, [agency.pk, day])
        (last,) = cursor.fetchone()
    return f"{agency.e_id}-{day:%y%m%d}-{last:0{MIN_DIGITS}d}"


_TABLE = DossierCodeCounter._meta.db_table
_TAKE_NUMBER = (
    f'INSERT INTO "{_TABLE}" ("agency_id", "day", "last") VALUES (%s, %s, 1) '  # noqa: S608 - our table
    f'ON CONFLICT ("agency_id", "day") DO UPDATE SET "last" = "{_TABLE}"."last" + 1 RETURNING "last"'
)
