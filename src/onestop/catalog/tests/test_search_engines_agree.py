"""Search ranks the same on SQLite and PostgreSQL: both must reproduce one stored ranking.

The suite runs this on PostgreSQL and, as a smoke test, on SQLite. After a deliberate change to the
ranking, rewrite the stored ranking with ``ONESTOP_WRITE_SEARCH_RANKING=1 pytest -k stored_ranking`` and
review the diff.
"""

import json
import os
from pathlib import Path

import pytest

from onestop.catalog.search import procedures_search
from onestop.catalog.tests.search_evaluation import (
    EVALUATION_QUERIES,
    load_bundled_catalog,
    seed_default_synonyms,
)

pytestmark = pytest.mark.django_db

STORED = Path(__file__).with_name("search_ranking.json")
DEPTH = 5


@pytest.mark.smoke
def test_evaluation_queries_reproduce_the_stored_ranking() -> None:
    seed_default_synonyms()
    load_bundled_catalog()
    ranking = {
        item.query: [
            [hit.version.procedure.code, hit.score]
            for hit in procedures_search(query=item.query, limit=DEPTH)
        ]
        for item in EVALUATION_QUERIES
    }
    if os.environ.get("ONESTOP_WRITE_SEARCH_RANKING"):
        lines = [
            f"{json.dumps(query, ensure_ascii=False)}: {json.dumps(hits)}" for query, hits in ranking.items()
        ]
        STORED.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
        pytest.skip(f"wrote {STORED.name}")

    assert ranking == json.loads(STORED.read_text(encoding="utf-8"))
