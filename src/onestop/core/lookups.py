"""``field__any_of=ids``: ``IN`` with one array parameter on PostgreSQL.

A scope of a few hundred unit ids made ``IN (%s, %s, …)`` statements of hundreds of parameters, which
psycopg re-parses on every execution (it caches only short statements) and Django compiles one by one.
``= ANY(%s)`` sends the same ids as one array, and PostgreSQL plans ``IN (…)`` as ``= ANY(…)`` anyway.
Other databases get the plain ``IN``.
"""

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject, lookups


class AnyOf(lookups.In):
    lookup_name = "any_of"

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [value for value in self.rhs if value is not None]
        if not values:
            raise EmptyResultSet
        db_type = self.lhs.output_field.db_type(connection)
        return f"{lhs} = ANY(%s::{db_type}[])", (*lhs_params, values)


def register() -> None:
    Field.register_lookup(AnyOf)
    ForeignObject.register_lookup(AnyOf)
