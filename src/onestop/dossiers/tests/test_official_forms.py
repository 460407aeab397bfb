"""Each form renders as a PDF/A with the right content and a QR code leading to the tracking page."""

from collections.abc import Callable
from datetime import timedelta
from io import BytesIO
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from onestop.dossiers.constants import State
from onestop.dossiers.documents import dossier_form_pdf, forms_available
from onestop.dossiers.models import Dossier
from onestop.dossiers.tests.conftest import act

URL = "http://testserver/tra-cuu/token/"


def _text(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_receipt_slip_shows_code_times_and_is_a5_pdfa(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(State.RECEIVED)
    assert forms_available(dossier) == ["01", "06"]
    pdf = dossier_form_pdf(actor=people.desk, dossier=dossier, number="01", tracking_url=URL)
    reader = PdfReader(BytesIO(pdf))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (420, 595)  # A5 in points
    catalog = reader.trailer["/Root"]
    assert b"pdfaid:part" in catalog["/Metadata"].get_object().get_data()  # PDF/A identification (XMP)
    assert "/OutputIntents" in catalog
    text = _text(pdf)
    assert dossier.code in text
    assert "Nguyễn Văn An" in text
    assert "09/03/2026" in text  # due date, 5 working days after Monday 2 March


def test_supplement_form_lists_every_item_with_its_reason(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(State.SUPPLEMENT_AT_RECEPTION)
    text = _text(dossier_form_pdf(actor=people.desk, dossier=dossier, number="02", tracking_url=URL))
    assert "Tờ khai" in text
    assert "Thiếu chữ ký" in text


def test_refusal_stop_and_apology_forms_carry_their_reasons(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    refused = dossier_in(State.NOT_RECEIVED)
    assert "Không thuộc thẩm quyền" in _text(
        dossier_form_pdf(actor=people.desk, dossier=refused, number="03", tracking_url=URL)
    )
    stopped = dossier_in(State.STOPPED)
    assert "Người nộp xin dừng" in _text(
        dossier_form_pdf(actor=people.desk, dossier=stopped, number="05", tracking_url=URL)
    )
    late = dossier_in(State.IN_PROGRESS)
    assert late.due_at is not None
    late = act(
        people,
        late,
        "leader",
        "extend",
        {"reasons": "Chờ xác minh", "new_due_at": late.due_at + timedelta(days=7)},
    )
    text = _text(dossier_form_pdf(actor=people.leader, dossier=late, number="04", tracking_url=URL))
    assert "Chờ xác minh" in text
    assert "16/03/2026" in text


def test_control_sheet_marks_each_hand_over(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(State.DONE)
    text = _text(dossier_form_pdf(actor=people.desk, dossier=dossier, number="06", tracking_url=URL))
    assert "Đúng hạn" in text or "Trước hạn" in text


def test_a_form_that_does_not_apply_is_refused(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    with pytest.raises(ValueError, match="03"):
        dossier_form_pdf(actor=people.desk, dossier=dossier_in(State.RECEIVED), number="03", tracking_url=URL)
