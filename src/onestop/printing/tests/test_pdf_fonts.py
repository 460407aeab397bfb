"""Printed documents use the shipped Tinos font and keep Vietnamese text searchable."""

import io
from collections.abc import Callable

import pytest
from pypdf import PdfReader

from onestop.printing.pdf import render_pdf


def _font_names(reader: PdfReader) -> set[str]:
    names: set[str] = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            # Subset fonts are named like "ABCDEF+Tinos-Bold".
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


@pytest.mark.smoke
def test_pdf_embeds_tinos_and_keeps_vietnamese_text_extractable(
    document_template: Callable[..., str],
) -> None:
    template = document_template(
        "<h1>Đăng ký khai sinh</h1><p>Giấy chứng sinh; <i>bản sao</i> — ỹ ự ẫ ặ Đ đ</p>"
    )

    pdf = render_pdf(template=template, context={})

    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    fonts = _font_names(reader)
    assert fonts, "the PDF has no fonts"
    assert all(name.startswith("Tinos") for name in fonts), fonts  # never a system font
    assert {"Tinos-Bold", "Tinos-Italic"} <= fonts
    text = reader.pages[0].extract_text()
    assert "Đăng ký khai sinh" in text
    assert "Giấy chứng sinh" in text


def test_pdf_renders_template_context_escaped(document_template: Callable[..., str]) -> None:
    template = document_template("<p>{{ name }}</p>")

    pdf = render_pdf(template=template, context={"name": "Nguyễn <b>Văn</b> An"})

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Nguyễn <b>Văn</b> An" in text
