"""The public verification page and API: by QR code or by upload; no personal data beyond title and code."""

import json
import subprocess
from io import StringIO
from pathlib import Path

import pytest
import zxingcpp
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from PIL import Image

from onestop.signing.demo import DemoPki
from onestop.signing.models import SignedDocument
from onestop.signing.services import document_sign
from onestop.signing.tests.fixtures import needs, sample_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def _signed(pki_demo: DemoPki) -> SignedDocument:
    official = pki_demo.officials[0]
    return document_sign(
        actor=None,
        data=sample_pdf(),
        title="Giấy khai sinh",
        certificate=official,
        agency_certificate=pki_demo.agencies[0],
    )


def test_the_qr_on_a_signed_result_opens_a_page_that_reports_it_valid(
    pki_demo: DemoPki, tmp_path: Path, settings: object
) -> None:
    needs("pdftoppm")
    document = _signed(pki_demo)
    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(bytes(document.content))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "200", "-singlefile", str(pdf), str(tmp_path / "page")], check=True
    )
    codes = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    urls = [c.text for c in codes if "/xac-thuc/" in c.text]
    assert urls == [f"http://127.0.0.1:8000/xac-thuc/{document.token}/"]
    page = Client().get(urls[0].removeprefix("http://127.0.0.1:8000"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "The document is valid" in html or "Văn bản hợp lệ" in html
    assert "Phạm Quốc Hùng" in html
    assert document.sha256 in html
    assert "Nguyễn Văn An" not in html  # the applicant's name is in the PDF, never on the page


def test_an_uploaded_pdf_is_verified_and_a_changed_one_is_not(pki_demo: DemoPki) -> None:
    content = bytes(_signed(pki_demo).content)
    client = Client()
    good = client.post("/api/v1/signatures/verify", {"file": SimpleUploadedFile("a.pdf", content)})
    assert good.status_code == 200
    body = good.json()
    assert body["valid"]
    assert body["title"] == "Giấy khai sinh"
    assert [s["intact"] and s["trusted"] for s in body["signatures"]] == [True, True]
    changed = bytearray(content)
    changed[changed.index(b"/Producer") + 2] ^= 0x20
    bad = client.post("/api/v1/signatures/verify", {"file": SimpleUploadedFile("b.pdf", bytes(changed))})
    assert bad.json()["valid"] is False
    assert "digest_mismatch" in bad.json()["signatures"][0]["problems"]
    page = client.post("/xac-thuc/", {"document": SimpleUploadedFile("b.pdf", bytes(changed))})
    assert page.status_code == 200
    assert "signature-bad" in page.content.decode()


def test_a_file_that_is_not_a_pdf_gets_a_clear_error() -> None:
    client = Client()
    response = client.post("/api/v1/signatures/verify", {"file": SimpleUploadedFile("x.pdf", b"hello")})
    assert response.status_code == 400
    page = client.post("/xac-thuc/", {"document": SimpleUploadedFile("x.pdf", b"hello")})
    assert page.status_code == 200
    assert 'aria-invalid="true"' in page.content.decode()


def test_sign_pdf_then_verify_pdf_json(pki_demo: DemoPki, tmp_path: Path) -> None:
    source = tmp_path / "copy.pdf"
    source.write_bytes(sample_pdf())
    target = tmp_path / "copy-signed.pdf"
    call_command("sign_pdf", str(source), str(target), stdout=StringIO())
    output = StringIO()
    call_command("verify_pdf", str(target), "--json", stdout=output)
    report = json.loads(output.getvalue())
    default = next(a for a in pki_demo.agencies if a.is_default)
    assert [(s["signer"], s["intact"], s["trusted"]) for s in report["signatures"]] == [
        (default.agency.name, True, True)
    ]
    assert report["signatures"][0]["signed_at"]
    assert len(report["sha256"]) == 64
    other = next(a for a in pki_demo.agencies if not a.is_default)
    call_command("sign_pdf", str(source), str(target), "--as", other.agency.e_id, stdout=StringIO())
    output = StringIO()
    call_command("verify_pdf", str(target), "--json", stdout=output)
    assert json.loads(output.getvalue())["signatures"][0]["signer"] == other.agency.name


def test_unknown_token_is_not_found() -> None:
    assert Client().get("/xac-thuc/khong-co/").status_code == 404
    assert Client().get("/api/v1/signatures/documents/khong-co").status_code == 404
