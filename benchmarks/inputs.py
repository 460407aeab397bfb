"""Request inputs prepared before the load: API bodies, the 200 KB PDF upload, the one-page result."""

from __future__ import annotations

import io
import json
import os
import random
from pathlib import Path
from typing import Any

import psycopg

B1_PROCEDURES = ("2.000815", "2.000884", "1.001193")
BOUNDARY = "----OneStopBenchBoundary7MA4YWxkTrZu0gW"


def b1_bodies(dsn: str, *, province: str, count: int, path: Path, seed: int) -> int:
    """JSON bodies of online submissions to the commune desks of the bench province."""
    rng = random.Random(seed)
    with psycopg.connect(dsn) as conn:
        desks = [
            row[0]
            for row in conn.execute(
                "SELECT d.id FROM organizations_desk d "
                "JOIN organizations_administrativeunit u ON u.id = d.unit_id "
                "JOIN organizations_administrativeunit p ON p.id = u.parent_id "
                "WHERE p.code = %s AND u.valid_to IS NULL AND d.kind = 'commune_centre' "
                "ORDER BY d.id LIMIT 50",
                (province,),
            ).fetchall()
        ]
        procedures: list[tuple[str, list[int]]] = []
        for code in B1_PROCEDURES:
            rows = conn.execute(
                "SELECT c.id FROM catalog_component c JOIN catalog_procedureversion v ON v.id = c.version_id "
                "JOIN catalog_procedure p ON p.id = v.procedure_id "
                "WHERE p.code = %s AND v.effective_to IS NULL ORDER BY c.position LIMIT 3",
                (code,),
            ).fetchall()
            if rows:
                procedures.append((code, [row[0] for row in rows]))
    lines = []
    for number in range(count):
        code, components = rng.choice(procedures)
        body: dict[str, Any] = {
            "procedure": code,
            "desk": rng.choice(desks),
            "applicant": {
                "name": f"Người nộp thử {number}",
                "id_number": f"0{province}{rng.randrange(10**9):09d}",
                "address": "Thôn 1",
                "phone": f"09{rng.randrange(10**8):08d}",
            },
            "components": [{"component": component} for component in components],
        }
        lines.append(json.dumps(body, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n")
    return len(desks)


def scan_pdf(size: int = 200 * 1024) -> bytes:
    """A one-page PDF of about ``size`` bytes (a page plus an embedded scan-sized stream)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("scan.jpg", os.urandom(size - 1200))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def multipart_upload(path: Path, *, field: str, filename: str, content: bytes) -> str:
    """Write a multipart/form-data body with one file; returns its Content-Type header."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    path.write_bytes(head + content + f"\r\n--{BOUNDARY}--\r\n".encode())
    return f"multipart/form-data; boundary={BOUNDARY}"


def result_pdf() -> bytes:
    """A one-page result document, as the printing app would render it."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    html = (
        "<html><body style='font-family: sans-serif'><h1>GIẤY CHỨNG NHẬN</h1>"
        + "".join(f"<p>Dòng nội dung số {n}: kết quả giải quyết thủ tục hành chính.</p>" for n in range(20))
        + "</body></html>"
    )
    return bytes(HTML(string=html).write_pdf())
