"""The official one-stop forms 01 to 07 as PDF/A (WeasyPrint), each with a QR code of its tracking link.

Printing knows no dossiers: callers pass a plain context (see each template) and get PDF bytes back.
"""

from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML  # type: ignore[import-untyped]

from onestop.printing.pdf import INTERNAL_BASE_URL, LocalOnlyFetcher

FORMS = {
    "01": "printing/forms/01_receipt.html",
    "02": "printing/forms/02_supplement.html",
    "03": "printing/forms/03_refusal.html",
    "04": "printing/forms/04_apology.html",
    "05": "printing/forms/05_stop.html",
    "06": "printing/forms/06_control_sheet.html",
    "07": "printing/forms/07_register.html",
}


def qr_data_uri(url: str) -> str:
    """A PNG data: URI of a QR code for ``url`` (data URIs are the only thing the fetcher lets through)."""
    png = segno.make(url, error="m").png_data_uri(scale=8, border=2)
    return str(png)


def render_official_form(*, number: str, context: dict[str, Any], base_url: str | None = None) -> bytes:
    """Form ``number`` ("01" to "07") as PDF/A-2b, in Vietnamese, the official language of forms."""
    if number not in FORMS:
        raise ValueError(f"Unknown form {number!r}")
    with translation.override("vi"):
        context = {
            **context,
            "qr": qr_data_uri(context["tracking_url"]) if context.get("tracking_url") else "",
        }
        html = render_to_string(FORMS[number], context)
    document = HTML(
        string=html, base_url=base_url or INTERNAL_BASE_URL, url_fetcher=LocalOnlyFetcher(base_url=base_url)
    )
    return bytes(document.write_pdf(pdf_variant="pdf/a-2b"))
