"""The data migration seeds default synonyms; the schema migration adds trigram indexes on PostgreSQL."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from onestop.catalog.models import Synonym
from onestop.core.text import fold

pytestmark = pytest.mark.django_db

seeding = importlib.import_module("onestop.catalog.migrations.0003_seed_synonyms")
indexing = importlib.import_module("onestop.catalog.migrations.0002_search_trigram_index")


@pytest.fixture(autouse=True)
def seeded(db: None) -> None:
    """A transactional test elsewhere may have flushed the migration's rows: seed them with its own code."""
    if not Synonym.objects.exists():
        seeding.seed(apps, None)


@pytest.mark.smoke
def test_everyday_and_english_names_are_seeded() -> None:
    synonyms = dict(Synonym.objects.values_list("term", "expansion"))

    assert synonyms["so do"] == "giấy chứng nhận quyền sử dụng đất"
    assert synonyms["cccd"] == "thẻ căn cước"
    assert synonyms["gplx"] == "giấy phép lái xe"
    assert synonyms["birth registration"] == "đăng ký khai sinh"
    assert synonyms["driving licence"] == "giấy phép lái xe"
    assert len(synonyms) >= 100


def test_seeded_terms_are_stored_folded_as_the_service_stores_them() -> None:
    for term in seeding.DEFAULT_SYNONYMS:
        assert fold(term) == term
        assert " ".join(term.split()) == term


def test_seeding_again_keeps_an_administrators_edit() -> None:
    Synonym.objects.filter(term="so do").update(expansion="đất đai")
    Synonym.objects.filter(term="cccd").delete()

    seeding.seed(apps, None)

    assert Synonym.objects.get(term="so do").expansion == "đất đai"
    assert Synonym.objects.get(term="cccd").expansion == "thẻ căn cước"


def test_reversal_removes_only_unedited_seeded_rows() -> None:
    Synonym.objects.filter(term="so do").update(expansion="đất đai")
    Synonym.objects.create(term="giay hong", expansion="kết hôn")

    seeding.unseed(apps, None)

    assert set(Synonym.objects.values_list("term", flat=True)) == {"so do", "giay hong"}


def _trigram_indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'catalog_procedureversion'"
        )
        return {name: definition for name, definition in cursor.fetchall() if "gin_trgm_ops" in definition}


def test_trigram_indexes_exist_on_postgresql(on_postgres: None) -> None:
    indexes = _trigram_indexes()

    assert set(indexes) == set(indexing.INDEXES)
    for name, column in indexing.INDEXES.items():
        assert f"({column} gin_trgm_ops)" in indexes[name]


def test_trigram_index_migration_is_reversible(on_postgres: None) -> None:
    with connection.schema_editor() as editor:
        indexing.drop_indexes(apps, editor)
    assert _trigram_indexes() == {}

    with connection.schema_editor() as editor:
        indexing.create_indexes(apps, editor)
    assert set(_trigram_indexes()) == set(indexing.INDEXES)


class _RecordingEditor:
    def __init__(self, vendor: str) -> None:
        self.connection = type("Connection", (), {"vendor": vendor})()
        self.executed: list[str] = []

    def execute(self, sql: str) -> None:
        self.executed.append(sql)


def test_trigram_index_migration_does_nothing_on_sqlite() -> None:
    editor = _RecordingEditor("sqlite")

    indexing.create_indexes(apps, editor)
    indexing.drop_indexes(apps, editor)

    assert editor.executed == []
