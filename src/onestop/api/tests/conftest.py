"""Fixtures of the API tests."""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client


@pytest.fixture(autouse=True)
def fresh_throttle() -> Iterator[None]:
    """Anonymous requests are rate limited per address through the cache; start every test afresh."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def english(client: Client) -> Client:
    """A client that chose English with the language switch (the API speaks Vietnamese otherwise)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
