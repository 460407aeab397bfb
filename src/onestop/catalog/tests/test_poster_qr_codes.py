"""The desk's poster: every QR code, read off the printed page, opens its procedure's page.

The PDF is rasterised like a print at 150 dpi (poppler's pdftoppm) and every code is decoded with zxing-cpp;
each decoded address is then opened on the running server.
"""

import os
import shutil
import subprocess
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from onestop.catalog.posters import desk_poster_pdf, poster_versions
from onestop.demo.loader import load_demo
from onestop.organizations.models import Desk

PDFTOPPM = shutil.which("pdftoppm")


@pytest.fixture
def demo_site(live_server: Any, transactional_db: None) -> str:
    load_demo()
    return str(live_server.url)


@pytest.fixture
def pdftoppm() -> str:
    if PDFTOPPM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftoppm is required in CI (scripts/test installs poppler-utils)")
        pytest.skip(
            "pdftoppm is not installed (apt-get install -y poppler-utils): cannot rasterise the poster"
        )
    return PDFTOPPM


def _decode_pages(pdf: bytes, *, pdftoppm: str, folder: Path) -> tuple[int, list[str]]:
    import zxingcpp
    from PIL import Image

    (folder / "poster.pdf").write_bytes(pdf)
    subprocess.run(
        [pdftoppm, "-r", "150", "-png", str(folder / "poster.pdf"), str(folder / "page")],
        check=True,
        timeout=300,
    )
    pages = sorted(folder.glob("page-*.png"))
    decoded: list[str] = []
    for page in pages:
        with Image.open(page) as image:
            decoded += [barcode.text for barcode in zxingcpp.read_barcodes(image)]
    return len(pages), decoded


def test_every_qr_code_on_the_poster_opens_its_procedure_page(
    demo_site: str, pdftoppm: str, tmp_path: Path
) -> None:
    desk = Desk.objects.get(name="Trung tâm Phục vụ hành chính công Xã Ninh Giang")
    versions = poster_versions(desk=desk)
    expected = {f"{demo_site}/thu-tuc/{version.procedure.code}/": version.name for version in versions}
    assert len(expected) == len(versions) > 20  # enough to span several pages

    pdf = desk_poster_pdf(desk=desk, base_url=demo_site)
    page_count, decoded = _decode_pages(pdf, pdftoppm=pdftoppm, folder=tmp_path)

    assert page_count > 1
    assert len(decoded) == len(versions)  # one code per procedure, each readable
    assert set(decoded) == set(expected)
    for url, name in expected.items():
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the live test server
            assert response.status == 200
            assert name in response.read().decode()
