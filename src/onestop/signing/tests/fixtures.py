"""Test fixtures (imported by the root conftest): the demo PKI, a real RFC 3161 TSA over HTTP,
an NSS database trusting the demo CA, and sample PDFs."""

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from onestop.printing.official_forms import render_official_form
from onestop.signing.demo import DemoPki, demo_pki_setup
from onestop.signing.selectors import certificate_x509
from onestop.signing.tsa import answer, local_timestamper


def needs(*programs: str) -> None:
    missing = [
        p for p in programs if (not Path(p).exists() if p.startswith("/") else shutil.which(p) is None)
    ]
    if missing and os.environ.get("CI"):
        pytest.fail(f"CI must install {', '.join(missing)} (scripts/test does, as root)")
    if missing:
        pytest.skip(
            f"needs {', '.join(missing)} (Debian packages poppler-utils, libnss3-tools, softhsm2, opensc)"
        )


@pytest.fixture
def pki_demo(db: None) -> DemoPki:
    """The demo PKI for the demo already loaded (request ``demo`` or ``people`` first)."""
    return demo_pki_setup()


@pytest.fixture
def tsa_server(pki_demo: DemoPki, settings: Any) -> Iterator[list[bytes]]:
    """A TSA answering application/timestamp-query POSTs; yields the requests it received."""
    stamper = local_timestamper(pki_demo.tsa)
    received: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Content-Type") != "application/timestamp-query":
                self.send_error(415)
                return
            received.append(body)
            reply = answer(body, stamper)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: object) -> None:
            del args

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.ONESTOP_SIGNING_TSA_URL = f"http://127.0.0.1:{server.server_address[1]}/tsa"
    yield received
    server.shutdown()
    server.server_close()


@pytest.fixture
def nss_db(pki_demo: DemoPki, tmp_path: Path) -> Path:
    """An NSS database that trusts the demo CA, for poppler's pdfsig."""
    needs("certutil", "pdfsig")
    directory = tmp_path / "nss"
    directory.mkdir()
    subprocess.run(["certutil", "-N", "-d", f"sql:{directory}", "--empty-password"], check=True)
    ca_file = tmp_path / "ca.der"
    ca_file.write_bytes(certificate_x509(pki_demo.ca).dump())
    subprocess.run(
        ["certutil", "-A", "-d", f"sql:{directory}", "-n", "demo-ca", "-t", "CT,C,C", "-i", str(ca_file)],
        check=True,
    )
    return directory


def pdfsig(path: Path, nss: Path) -> str:
    result = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss}", str(path)], capture_output=True, text=True, check=False
    )
    return result.stdout + result.stderr


def sample_pdf(title: str = "Giấy khai sinh") -> bytes:
    """A real one-page A5 PDF/A from the printing app (the stop notice needs only a few fields)."""
    return render_official_form(
        number="05",
        context={
            "code": "H31.51-260302-0001",
            "issuer": "UBND Xã Ninh Giang",
            "place": "Xã Ninh Giang",
            "applicant": {"name": "Nguyễn Văn An"},
            "procedure": title,
            "reasons": "Người nộp xin dừng",
        },
    )
