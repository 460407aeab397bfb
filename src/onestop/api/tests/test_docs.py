"""Swagger UI at /api/v1/docs: served from our own static files, with nothing the site's CSP would block."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.links: list[str] = []
        self.inline: list[str] = []
        self.styled: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "style" in attributes:
            self.styled.append(tag)
        if tag == "script":
            self.scripts.append(attributes)
        elif tag == "link" and attributes.get("href"):
            self.links.append(str(attributes["href"]))
        elif tag == "style":
            self.inline.append(tag)


def _assets(client: Client) -> tuple[_Assets, str]:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    parser = _Assets()
    parser.feed(response.content.decode())
    return parser, response["Content-Security-Policy"]


@pytest.mark.smoke
def test_docs_page_loads_swagger_ui_from_static_files(client: Client) -> None:
    page, _policy = _assets(client)

    sources = [str(script["src"]) for script in page.scripts]
    assert [source for source in sources if not source.startswith("/static/")] == ["/api/v1/docs?script="]
    assert any(source.endswith("swagger-ui-bundle.js") for source in sources)
    assert any(link.endswith("swagger-ui.css") for link in page.links)
    for url in [*sources, *page.links]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content if response.streaming else [response.content])


def test_docs_page_has_no_inline_script_or_style(client: Client) -> None:
    page, policy = _assets(client)
    nonce = re.search(r"'nonce-([^']+)'", policy)

    assert nonce is not None
    assert all(script.get("src") for script in page.scripts)
    assert all(script.get("nonce") == nonce.group(1) for script in page.scripts)
    assert page.inline == []
    assert page.styled == []
    assert "style-src 'self'" in policy


def test_init_script_points_swagger_ui_at_the_schema(client: Client) -> None:
    response = client.get("/api/v1/docs", {"script": ""})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert 'url: "/api/v1/schema"' in response.content.decode()
