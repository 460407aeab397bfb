"""PDF rendering with WeasyPrint, fetching nothing but the application's own files.

A template is rendered to HTML and laid out by WeasyPrint. Everything the document references goes through
:class:`LocalOnlyFetcher`: the app's static files (found by the staticfiles finders, or in ``STATIC_ROOT``),
uploaded media under ``MEDIA_ROOT`` and inline ``data:`` URIs. Any other URL — another host, ``file://``
outside those folders, ``ftp:`` … — is refused, so a document can neither leak a request to the network nor
read the server's files.

Templates name resources in one of three ways:

- ``static:onestop/fonts/Tinos-Regular.ttf`` and ``media:catalog/forms/x.pdf`` (preferred: works without a
  ``base_url``);
- ``{% static %}`` / ``{{ file.url }}`` paths such as ``/static/...`` and ``/media/...``, resolved against
  ``base_url`` and mapped to the local file (never requested over the network);
- ``data:`` URIs (QR codes and other generated images).
"""

import logging
import mimetypes
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

logger = logging.getLogger(__name__)

# Base URL given to WeasyPrint when the caller has none, so that root-relative paths (/static/...) resolve.
# The host is reserved (RFC 6761): it can never be reached, and the fetcher maps its paths to local files.
INTERNAL_BASE_URL = "http://onestop.invalid/"


class RefusedURLError(ValueError):
    """A document referenced a resource outside the application's own static and media files."""


def _relative_path(path: str) -> str | None:
    """``path`` as a clean relative POSIX path, or None when it is empty or tries to climb out."""
    parts = PurePosixPath(unquote(path).lstrip("/")).parts
    if not parts or any(part in {"..", "."} or "\\" in part or "\x00" in part for part in parts):
        return None
    return "/".join(parts)


def _url_prefix(setting: str) -> str:
    """STATIC_URL or MEDIA_URL as a path prefix with leading and trailing slashes."""
    path = urlsplit(str(getattr(settings, setting) or "")).path
    return "/" + path.strip("/") + "/"


def _inside(candidate: Path, root: Path) -> bool:
    try:
        candidate.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def static_file(path: str) -> Path | None:
    """The file behind a static path (as ``{% static %}`` names it), or None."""
    relative = _relative_path(path)
    if relative is None:
        return None
    found = finders.find(relative)
    if isinstance(found, str) and Path(found).is_file():
        return Path(found)
    if settings.STATIC_ROOT:  # collected (possibly hashed) names in production
        candidate = Path(settings.STATIC_ROOT) / relative
        if _inside(candidate, Path(settings.STATIC_ROOT)) and candidate.is_file():
            return candidate
    return None


def media_file(path: str) -> Path | None:
    """The file under MEDIA_ROOT at ``path``, or None."""
    relative = _relative_path(path)
    if relative is None:
        return None
    root = Path(settings.MEDIA_ROOT)
    candidate = root / relative
    if _inside(candidate, root) and candidate.is_file():
        return candidate
    return None


class LocalOnlyFetcher(URLFetcher):
    """WeasyPrint URL fetcher that serves the app's static files, media and data: URIs, and nothing else."""

    def __init__(self, *, base_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(allowed_protocols=None, allow_redirects=False, **kwargs)
        base = urlsplit(base_url or INTERNAL_BASE_URL)
        self.origins = {(base.scheme, base.netloc), ("http", "onestop.invalid")}

    def resolve(self, url: str) -> Path:
        """The local file ``url`` stands for; raises :class:`RefusedURLError` for anything else."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        found: Path | None = None
        if scheme == "static":
            found = static_file(parts.path)
        elif scheme == "media":
            found = media_file(parts.path)
        elif scheme in {"http", "https"} and (scheme, parts.netloc) in self.origins:
            path = parts.path
            static_prefix, media_prefix = _url_prefix("STATIC_URL"), _url_prefix("MEDIA_URL")
            if path.startswith(static_prefix):
                found = static_file(path.removeprefix(static_prefix))
            elif path.startswith(media_prefix):
                found = media_file(path.removeprefix(media_prefix))
        elif scheme == "file" and not parts.netloc:
            candidate = Path(url2pathname(parts.path))
            if _inside(candidate, Path(settings.MEDIA_ROOT)) and candidate.is_file():
                found = candidate
        if found is None:
            raise RefusedURLError(f"Only the app's static and media files may be used: {url[:200]}")
        return found

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.lower().startswith("data:"):
            return super().fetch(url, headers)
        try:
            path = self.resolve(url)
        except RefusedURLError:
            logger.warning("PDF resource refused: %s", url[:200])
            raise
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def render_pdf(*, template: str, context: dict[str, Any], base_url: str | None = None) -> bytes:
    """Render ``template`` with ``context`` to PDF bytes.

    ``base_url`` (e.g. ``https://onestop.example``) makes relative links in the document absolute; it is
    never fetched from: static and media paths under it are read from disk.
    """
    html = render_to_string(template, context)
    fetcher = LocalOnlyFetcher(base_url=base_url)
    document = HTML(string=html, base_url=base_url or INTERNAL_BASE_URL, url_fetcher=fetcher)
    return bytes(document.write_pdf())
