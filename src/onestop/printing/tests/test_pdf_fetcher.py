"""A PDF may use the app's own static files, media and data: URIs, and nothing else."""

import io
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from onestop.printing.pdf import LocalOnlyFetcher, RefusedURLError, render_pdf

TINY_PNG = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    (root / "catalog" / "forms").mkdir(parents=True)
    (root / "catalog" / "forms" / "seal.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    )
    (tmp_path / "secret.txt").write_text("not for documents")
    settings.MEDIA_ROOT = root
    return root


class _Recorder(BaseHTTPRequestHandler):
    requests: list[str]

    def do_GET(self) -> None:
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red; }")

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def local_http_server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on the loopback interface that records every request it gets."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.requests  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.smoke
@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://example.com/font.ttf",
        "ftp://example.com/file",
        "file:///etc/passwd",
        "static:../../settings.py",
        "static:onestop/../../../settings.py",
        "static:does/not/exist.css",
        "media:../secret.txt",
        "http://onestop.invalid/static/../../etc/passwd",
        "http://onestop.invalid/elsewhere/page.html",
        "gopher://example.com/",
    ],
)
def test_fetcher_refuses_everything_but_the_apps_own_files(url: str, media_root: Path) -> None:
    fetcher = LocalOnlyFetcher()
    with pytest.raises(RefusedURLError):
        fetcher.fetch(url)


def test_fetcher_refuses_files_outside_media_root(media_root: Path) -> None:
    outside = media_root.parent / "secret.txt"
    with pytest.raises(RefusedURLError):
        LocalOnlyFetcher().fetch(outside.as_uri())


def test_fetcher_serves_static_media_and_data_uris(media_root: Path) -> None:
    fetcher = LocalOnlyFetcher(base_url="https://onestop.example")

    font = fetcher.fetch("static:onestop/fonts/Tinos-Regular.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"  # a TrueType font
    css = fetcher.fetch("https://onestop.example/static/printing/css/print.css")
    assert css.content_type == "text/css"
    assert b"@font-face" in css.read()
    assert b"<svg" in fetcher.fetch("media:catalog/forms/seal.svg").read()
    assert b"<svg" in fetcher.fetch("https://onestop.example/media/catalog/forms/seal.svg").read()
    assert b"<svg" in fetcher.fetch((media_root / "catalog/forms/seal.svg").as_uri()).read()
    assert fetcher.fetch(TINY_PNG).read().startswith(b"\x89PNG")


def test_fetcher_treats_another_origin_as_remote(media_root: Path) -> None:
    fetcher = LocalOnlyFetcher(base_url="https://onestop.example")
    with pytest.raises(RefusedURLError):
        fetcher.fetch("https://other.example/static/printing/css/print.css")


def test_rendering_never_requests_a_remote_url(
    document_template: Callable[..., str], local_http_server: tuple[str, list[str]], media_root: Path
) -> None:
    server_url, requests = local_http_server
    template = document_template(
        f'<link rel="stylesheet" href="{server_url}/remote.css">'
        f'<img src="{server_url}/remote.png" alt="remote">'
        f'<img src="{TINY_PNG}" alt="inline">'
        '<img src="/static/onestop/img/favicon.svg" alt="static">'
        "<p>Đăng ký khai sinh</p>"
    )

    pdf = render_pdf(template=template, context={}, base_url="https://onestop.example")

    assert requests == []
    assert "Đăng ký khai sinh" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_base_url_is_not_fetched_from_either(
    document_template: Callable[..., str], local_http_server: tuple[str, list[str]], media_root: Path
) -> None:
    """Even the application's own address: static and media paths under it are read from disk."""
    server_url, requests = local_http_server
    template = document_template(
        '<img src="/static/onestop/img/favicon.svg" alt="static">'
        '<img src="/media/catalog/forms/seal.svg" alt="media">'
        '<link rel="stylesheet" href="/elsewhere.css"><p>OneStop</p>'
    )

    render_pdf(template=template, context={}, base_url=server_url)

    assert requests == []
