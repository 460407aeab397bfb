"""Every official form (01 to 07) prints all the fields of Circular 03/2025 for a real dossier.

The PDFs are read back with poppler's ``pdftotext`` (what a clerk's search or a screen reader sees). The
checks are on values; labels are checked only where their Vietnamese translation already exists.
"""

import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from onestop.dossiers.constants import ChannelCode, ReturnMethod, State, SubmitterKind
from onestop.dossiers.documents import dossier_form_pdf, register_pdf
from onestop.dossiers.models import Dossier
from onestop.dossiers.services import ApplicantData, ComponentIntake, SubmitterData, dossier_create
from onestop.dossiers.tests.conftest import PATHS, act, pdf_upload
from onestop.organizations.models import Desk

URL = "http://testserver/tra-cuu/token/"
A5 = (420, 595)  # points, portrait
A4_LANDSCAPE = (842, 595)

APPLICANT = "Nguyễn Văn An"
APPLICANT_ID = "031090001234"
APPLICANT_PHONE = "0912345678"
PROCEDURE = "Thủ tục thử nghiệm nhiều bước"
DESK = "Trung tâm Phục vụ hành chính công Xã Ninh Giang"
DESK_ADDRESS = "(demo) Trụ sở UBND Xã Ninh Giang"
AGENCY = "UBND Xã Ninh Giang"
POLICE = "Công an xã Ninh Giang"  # the inter-agency step of the test procedure
MONDAY = "02/03/2026"
DUE = "17:00 09/03/2026"  # 5 working days after Monday 2 March 09:00


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"poppler's {tool} is not installed (apt-get install poppler-utils): cannot read the PDF")
    return path


def _flat(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Printed:
    layout: str  # pdftotext -layout, as printed
    flat: str  # the same with whitespace collapsed: wrapped prose reads as one line
    cells: str  # pdftotext -raw, collapsed: table cells in order, each whole even when wrapped
    pages: list[tuple[int, int]]  # page sizes in points


def _read(pdf: bytes, tmp_path: Path) -> Printed:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)

    def run(*args: str) -> str:
        done = subprocess.run(args, capture_output=True, check=True, timeout=60)
        return done.stdout.decode("utf-8")

    pdftotext = _poppler("pdftotext")
    layout = run(pdftotext, "-layout", "-enc", "UTF-8", str(path), "-")
    raw = run(pdftotext, "-raw", "-enc", "UTF-8", str(path), "-")
    info = run(_poppler("pdfinfo"), "-f", "1", "-l", "99", str(path))
    pages = [
        (round(float(w)), round(float(h)))
        for w, h in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)
    ]
    return Printed(layout=layout, flat=_flat(layout), cells=_flat(raw), pages=pages)


def _assert_in_order(text: str, rows: list[str]) -> None:
    position = 0
    for row in rows:
        found = text.find(row, position)
        assert found >= 0, f"{row!r} not found (in order) in:\n{text[position:]}"
        position = found + len(row)


def _walk(people: SimpleNamespace, dossier: Dossier, state: State) -> Dossier:
    for who, action, params in PATHS[state]:
        dossier = act(people, dossier, who, action, params)
    return dossier


def _proxy_dossier(people: SimpleNamespace, version: Any, **kwargs: Any) -> Dossier:
    """A paper dossier brought to the desk by an authorised person, with every applicant detail."""
    return dossier_create(
        actor=people.desk,
        desk=people.desk_place,
        version=version,
        applicant=ApplicantData(
            name="Lê Thị Mai",
            id_number="031185004321",
            address="Số 12 đường Lạch Tray, Xã Ninh Giang",
            phone="0987123456",
            email="lethimai@example.vn",
        ),
        submitter=SubmitterData(
            kind=SubmitterKind.AUTHORISED, name="Trần Văn Bình", id_number="031088007777"
        ),
        channel=ChannelCode.IN_PERSON,
        components=[ComponentIntake(component=c, scan=pdf_upload()) for c in version.components.all()[:2]],
        **kwargs,
    )


def test_receipt_slip_prints_code_applicant_components_times_place_register_and_signatures(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier], tmp_path: Path
) -> None:
    dossier = dossier_in(State.RECEIVED)
    form = _read(
        dossier_form_pdf(actor=people.desk, dossier=dossier, number="01", tracking_url=URL), tmp_path
    )
    assert form.pages == [A5]  # one A5 sheet, signatures included
    text = form.flat
    assert f"Mã hồ sơ: {dossier.code}" in text
    assert f"{DESK} đã tiếp nhận hồ sơ của: {APPLICANT}" in text
    assert f"Số định danh: {APPLICANT_ID} — Điện thoại: {APPLICANT_PHONE}" in text
    assert f"Về việc: {PROCEDURE}" in text
    components = list(dossier.components.filter(provided=True).select_related("procedure_component"))
    assert len(components) == 2
    for component in components:
        assert _flat(component.name)[:80] in text  # long names are shortened on the slip
        assert component.procedure_component is not None
        assert f"— {component.procedure_component.copies}" in text
    assert "Thời hạn giải quyết theo quy định: 05 ngày làm việc" in text
    assert f"Thời gian nhận hồ sơ: 09:00 ngày {MONDAY}" in text
    assert "Thời gian trả kết quả: 17:00 ngày 09/03/2026" in text
    assert f"Nhận kết quả tại: {DESK}, {DESK_ADDRESS}" in text
    assert f"Vào sổ theo dõi hồ sơ, số: {dossier.code}" in text
    # Both signatures, with the applicant's and the receiving officer's names under them.
    _assert_in_order(text, ["NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN", f"{APPLICANT} {people.desk.full_name}"])


def test_receipt_slip_prints_email_address_proxy_and_postal_return(
    people: SimpleNamespace, test_procedure: Any, tmp_path: Path
) -> None:
    dossier = _proxy_dossier(
        people,
        test_procedure,
        return_requested=ReturnMethod.POST,
        return_address="Số 12 đường Lạch Tray, Xã Ninh Giang, Hải Phòng",
    )
    dossier = act(people, dossier, "desk", "receive", {})
    form = _read(
        dossier_form_pdf(actor=people.desk, dossier=dossier, number="01", tracking_url=URL), tmp_path
    )
    assert form.pages == [A5]
    text = form.flat
    assert "đã tiếp nhận hồ sơ của: Lê Thị Mai" in text
    assert "Số định danh: 031185004321 — Điện thoại: 0987123456 — E-mail: lethimai@example.vn" in text
    assert "Địa chỉ: Số 12 đường Lạch Tray, Xã Ninh Giang" in text
    assert "Người nộp thay: Trần Văn Bình (Người được ủy quyền) — Số định danh: 031088007777" in text
    assert "Nhận kết quả tại: Qua bưu chính công ích: Số 12 đường Lạch Tray, Xã Ninh Giang, Hải Phòng" in text


def test_supplement_request_numbers_each_item_with_its_reason_and_gives_contact_officer_and_phone(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier], tmp_path: Path
) -> None:
    Desk.objects.filter(pk=people.desk_place.pk).update(phone="0220 3812 345")
    items = [
        {"name": "Tờ khai đăng ký khai sinh", "reason": "Thiếu chữ ký của người đi đăng ký"},
        {"name": "Giấy chứng sinh", "reason": "Bản chụp mờ, không đọc được"},
    ]
    dossier = act(people, dossier_in(State.NEW), "desk", "request_supplement", {"items": items})
    form = _read(
        dossier_form_pdf(actor=people.desk, dossier=dossier, number="02", tracking_url=URL), tmp_path
    )
    assert form.pages == [A5]
    text = form.flat
    assert f"Mã hồ sơ: {dossier.code}" in text
    assert f"Gửi: {APPLICANT} — Số định danh: {APPLICANT_ID}" in text
    assert f"09:00 ngày {MONDAY}" in text  # when the dossier was submitted
    assert f"Về việc: {PROCEDURE}" in text
    _assert_in_order(
        text,
        [
            "1. Tờ khai đăng ký khai sinh — lý do: Thiếu chữ ký của người đi đăng ký",
            "2. Giấy chứng sinh — lý do: Bản chụp mờ, không đọc được",
        ],
    )
    assert f"Cán bộ liên hệ: {people.desk.full_name} — Điện thoại: 0220 3812 345" in text


def test_supplement_after_appraisal_gives_the_specialist_and_their_own_phone_as_contact(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier], tmp_path: Path
) -> None:
    people.specialist.phone = "0987654321"
    people.specialist.save(update_fields=["phone"])
    dossier = dossier_in(State.SUPPLEMENT_IN_PROCESSING)
    form = _read(
        dossier_form_pdf(actor=people.specialist, dossier=dossier, number="02", tracking_url=URL), tmp_path
    )
    assert "1. Giấy chứng sinh — lý do: Bản mờ" in form.flat
    assert f"Cán bộ liên hệ: {people.specialist.full_name} — Điện thoại: 0987654321" in form.flat


def test_refusal_names_applicant_id_code_matter_submission_time_and_every_reason(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier], tmp_path: Path
) -> None:
    reasons = "Thủ tục không thuộc thẩm quyền của UBND xã.\nĐề nghị nộp tại Sở Tư pháp thành phố."
    dossier = act(people, dossier_in(State.NEW), "desk", "refuse_reception", {"reasons": reasons})
    form = _read(
        dossier_form_pdf(actor=people.desk, dossier=dossier, number="03", tracking_url=URL), tmp_path
    )
    assert form.pages == [A5]
    text = form.flat
    assert f"Mã hồ sơ: {dossier.code}" in text
    assert f"Gửi: {APPLICANT} — Số định danh: {APPLICANT_ID}" in text
    assert f"09:00 ngày {MONDAY}" in text
    assert f"Về việc: {PROCEDURE}" in text
    # One reason a line, as the officer wrote them.
    assert re.search(r"^\s*Thủ tục không thuộc thẩm quyền của UBND xã\.$", form.layout, re.MULTILINE)
    assert re.search(r"^\s*Đề nghị nộp tại Sở Tư pháp thành phố\.$", form.layout, re.MULTILINE)
    assert people.desk.full_name in text


def test_apology_letter_gives_addressee_dates_reason_apology_new_date_and_head_of_agency(
    people: SimpleNamespace, test_procedure: Any, tmp_path: Path
) -> None:
    dossier = _walk(people, _proxy_dossier(people, test_procedure), State.IN_PROGRESS)
    assert dossier.due_at is not None
    dossier = act(
        people,
        dossier,
        "leader",
        "extend",
        {"reasons": "Chờ kết quả xác minh của Công an xã", "new_due_at": dossier.due_at + timedelta(days=7)},
    )
    form = _read(
        dossier_form_pdf(actor=people.leader, dossier=dossier, number="04", tracking_url=URL), tmp_path
    )
    assert form.pages == [A5]
    text = form.flat
    assert text.count("UBND XÃ NINH GIANG") == 1  # the committee heads its own letter, once
    assert f"Mã hồ sơ: {dossier.code}" in text
    assert "Gửi: Lê Thị Mai — Địa chỉ: Số 12 đường Lạch Tray, Xã Ninh Giang" in text
    assert f"Ngày {MONDAY}, cơ quan đã tiếp nhận hồ sơ của ông/bà về việc: {PROCEDURE}." in text
    assert f"Thời hạn trả kết quả ban đầu: {DUE}." in text
    assert "Lý do chậm trễ: Chờ kết quả xác minh của Công an xã" in text
    assert f"{AGENCY} xin lỗi ông/bà vì sự chậm trễ này và hẹn trả kết quả vào: 17:00 16/03/2026." in text
    assert f"THỦ TRƯỞNG CƠ QUAN CHỦ TỊCH UBND XÃ (ký, đóng dấu) {people.leader.full_name}" in text


def test_stop_notice_gives_applicant_matter_received_and_stop_times_request_and_officer(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier], tmp_path: Path
) -> None:
    dossier = dossier_in(State.STOPPED)
    form = _read(
        dossier_form_pdf(actor=people.desk, dossier=dossier, number="05", tracking_url=URL), tmp_path
    )
    assert form.pages == [A5]
    text = form.flat
    assert f"Mã hồ sơ: {dossier.code}" in text
    assert f"Gửi: {APPLICANT} — Số định danh: {APPLICANT_ID}" in text
    assert f"Về việc: {PROCEDURE}" in text
    assert f"Thời gian nhận hồ sơ: 09:00 ngày {MONDAY}" in text
    assert f"việc giải quyết hồ sơ đã dừng lúc: 09:00 {MONDAY}." in text
    assert "Nội dung đề nghị: Người nộp xin dừng" in text
    assert people.desk.full_name in text


def test_control_sheet_gives_units_times_and_a_row_per_hand_over_from_unit_to_unit(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier], tmp_path: Path
) -> None:
    dossier = dossier_in(State.RETURNED)
    form = _read(
        dossier_form_pdf(actor=people.desk, dossier=dossier, number="06", tracking_url=URL), tmp_path
    )
    assert form.pages
    assert all(size == A5 for size in form.pages)  # a long history runs onto more A5 sheets
    text = form.flat
    assert f"Mã hồ sơ: {dossier.code}" in text
    assert f"Cơ quan chủ trì giải quyết: {AGENCY}" in text
    assert f": {POLICE}" in text  # the coordinating agency
    assert f"Thời gian nhận hồ sơ: 09:00 {MONDAY} — Thời gian trả kết quả: {DUE}" in text
    at = f"09:00 {MONDAY}"
    desk, specialist, leader = people.desk.full_name, people.specialist.full_name, people.leader.full_name
    _assert_in_order(
        form.cells,
        [
            f"Nộp hồ sơ {APPLICANT} → {DESK} {APPLICANT} {at}",
            f"Tiếp nhận {DESK} → {DESK} {desk} {at}",
            f"Chuyển cơ quan giải quyết {DESK} → {AGENCY} {desk} {at} Đúng hạn",
            f"Phân công chuyên viên {AGENCY} → {AGENCY} {leader} {at} Đúng hạn",
            f"Hoàn thành bước {AGENCY} → {POLICE} {specialist} {at} Trước hạn",
            f"Trình phê duyệt {POLICE} → {AGENCY} {specialist} {at} Trước hạn",
            f"Phê duyệt kết quả {AGENCY} → {DESK} {leader} {at} Trước hạn",
            f"Trả kết quả {DESK} → {APPLICANT} {desk} {at} Đúng hạn",
        ],
    )


def test_control_sheet_keeps_the_note_of_a_hand_over(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier], tmp_path: Path
) -> None:
    dossier = dossier_in(State.SUSPENDED)
    form = _read(
        dossier_form_pdf(actor=people.desk, dossier=dossier, number="06", tracking_url=URL), tmp_path
    )
    row = f"Tạm dừng (ngưng tính thời hạn) {AGENCY} → {AGENCY} {people.leader.full_name} 09:00 {MONDAY}"
    _assert_in_order(form.cells, [row, "Chờ xác minh"])


def test_register_lists_each_dossier_with_contact_agency_times_and_return_method(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier], test_procedure: Any, tmp_path: Path
) -> None:
    returned = dossier_in(State.RETURNED)
    received = act(people, _proxy_dossier(people, test_procedure), "desk", "receive", {})
    pdf = register_pdf(dossiers=[returned, received], desk=DESK, period="01/03/2026 - 31/03/2026")
    form = _read(pdf, tmp_path)
    assert form.pages == [A4_LANDSCAPE]  # A4, turned for its ten columns
    assert "01/03/2026 - 31/03/2026" in form.flat
    assert re.search(rf"^\s*1\s+{re.escape(returned.code)}\s", form.layout, re.MULTILINE)
    assert re.search(rf"^\s*2\s+{re.escape(received.code)}\s", form.layout, re.MULTILINE)
    at = f"09:00 {MONDAY}"
    first = f"1 {returned.code} {PROCEDURE} {APPLICANT} {APPLICANT_PHONE} {AGENCY} {at} {DUE} {at}"
    contact = "Số 12 đường Lạch Tray, Xã Ninh Giang, 0987123456"  # address, phone
    second = f"2 {received.code} {PROCEDURE} Lê Thị Mai {contact} {AGENCY} {at} {DUE}"
    _assert_in_order(form.cells, [f"{first} Tại Bộ phận Một cửa", second])
