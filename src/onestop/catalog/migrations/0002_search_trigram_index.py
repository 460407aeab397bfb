# Trigram (pg_trgm) GIN indexes on the folded search columns, on PostgreSQL only.
#
# They make `search_text__contains` / `name_folded__contains` (LIKE '%…%') lookups indexed, e.g. for staff
# filters and a prefilter should the catalog outgrow the in-memory ranking of onestop.catalog.search.
# SQLite has no trigram index: there the migration does nothing, so both engines share one schema history.

from django.db import migrations

INDEXES = {
    "catalog_pv_search_trgm": "search_text",
    "catalog_pv_name_trgm": "name_folded",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON catalog_procedureversion USING gin ({column} gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other objects may use it, and it costs nothing.
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
