"""Fixtures shared by every app's tests."""

import pytest
from django.db import connection


@pytest.fixture
def on_postgres() -> None:
    """Skip, with a visible reason, a test that needs PostgreSQL when the suite runs on SQLite."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL (scripts/test does when one is reachable)")
