"""Helpers for the public catalog pages' tests."""

import re

import pytest
from django.conf import settings
from django.test import Client

PROCEDURE_LINK = re.compile(r'href="/thu-tuc/([0-9A-Za-z.\-_]+)/"')


def procedure_codes(page: str) -> list[str]:
    """Codes of the procedures a page links to, in page order."""
    return PROCEDURE_LINK.findall(page)


@pytest.fixture
def english_client(client: Client) -> Client:
    """A client that chose English, so tests can read the page chrome before Vietnamese is translated."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
