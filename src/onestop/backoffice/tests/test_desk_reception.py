"""The desk officer receives a paper dossier with scans, or asks for a supplement, or refuses it."""

from collections.abc import Callable, Iterator
from datetime import datetime
from io import BytesIO
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader, PdfWriter

from onestop.accounts.models import User
from onestop.catalog.models import Procedure
from onestop.catalog.selectors import version_in_force
from onestop.dossiers.constants import ChannelCode, DvcqgStatus, State
from onestop.dossiers.models import Dossier
from onestop.workdays.deadlines import TZ

pytestmark = pytest.mark.usefixtures("demo_few")
CODE = "1.001193"  # birth registration, same day


@pytest.fixture(autouse=True)
def _monday_morning() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=TZ), tick=True):
        yield


def _pdf(name: str) -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=420, height=595)
    buffer = BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def _form(outcome: str = "receive", **extra: Any) -> dict[str, Any]:
    version = version_in_force(procedure=Procedure.objects.get(code=CODE))
    assert version is not None
    first = version.components.order_by("position").first()
    assert first is not None
    return {
        "applicant_id_number": "031090009999",
        "applicant_name": "Trần Thị Bé",
        "applicant_phone": "0988000111",
        "submitter_kind": "self",
        "channel": "1",
        "outcome": outcome,
        f"provided_{first.pk}": "on",
        f"scan_{first.pk}": _pdf("giay-chung-sinh.pdf"),
        **extra,
    }


@pytest.mark.smoke
def test_desk_receives_a_paper_dossier_with_a_scan(staff_client: Callable[[str], Client]) -> None:
    client = staff_client("motcua.ninhgiang")
    response = client.post(reverse("backoffice:reception", args=[CODE]), _form())
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:dossier_detail", args=[dossier.pk])
    assert dossier.state == State.RECEIVED
    # Birth registration collects 16,000 VND at reception: the national status says fees due until paid.
    assert dossier.dvcqg_status == DvcqgStatus.FEES_DUE
    assert [(p.amount_vnd, p.state) for p in dossier.payments.all()] == [(16_000, "requested")]
    assert dossier.channel == ChannelCode.IN_PERSON
    assert dossier.due_at == datetime(2026, 3, 2, 17, 0, tzinfo=TZ)
    scanned = dossier.components.get(digitised=True)
    assert scanned.files.get().content_type == "application/pdf"
    assert User.objects.get(personal_id="031090009999").full_name == "Trần Thị Bé"
    page = client.get(response["Location"]).content.decode()
    assert dossier.code in page
    assert "giay-chung-sinh.pdf" in page


def test_desk_asks_for_a_supplement_listing_every_item(staff_client: Callable[[str], Client]) -> None:
    client = staff_client("motcua.ninhgiang")
    client.post(
        reverse("backoffice:reception", args=[CODE]),
        _form("request_supplement", supplement_items="Tờ khai — thiếu chữ ký\nGiấy chứng sinh — bản mờ"),
    )
    dossier = Dossier.objects.get()
    assert dossier.state == State.SUPPLEMENT_AT_RECEPTION
    assert dossier.supplement_requests.get().items == [
        {"name": "Tờ khai", "reason": "thiếu chữ ký"},
        {"name": "Giấy chứng sinh", "reason": "bản mờ"},
    ]


def test_refusal_without_reasons_keeps_the_form_and_records_nothing(
    staff_client: Callable[[str], Client],
) -> None:
    client = staff_client("motcua.ninhgiang")
    response = client.post(reverse("backoffice:reception", args=[CODE]), _form("refuse_reception"))
    assert response.status_code == 200
    assert "Trần Thị Bé" in response.content.decode()
    assert not Dossier.objects.exists()


def test_a_file_that_is_not_pdf_jpeg_or_png_is_refused(staff_client: Callable[[str], Client]) -> None:
    client = staff_client("motcua.ninhgiang")
    data = _form()
    version = version_in_force(procedure=Procedure.objects.get(code=CODE))
    assert version is not None
    first = version.components.order_by("position").first()
    assert first is not None
    data[f"scan_{first.pk}"] = SimpleUploadedFile(
        "virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client.post(reverse("backoffice:reception", args=[CODE]), data)
    assert response.status_code == 200
    assert "virus.pdf" in response.content.decode()
    assert not Dossier.objects.exists()


def test_postal_reception_counts_from_the_hand_over_time(staff_client: Callable[[str], Client]) -> None:
    client = staff_client("motcua.ninhgiang")
    client.post(
        reverse("backoffice:reception", args=[CODE]), _form(channel="3", lodged_at="2026-02-27T16:30")
    )  # Friday after 15:00: counts from Monday 2 March
    dossier = Dossier.objects.get()
    assert dossier.channel == ChannelCode.POST
    assert dossier.received_at == datetime(2026, 2, 27, 16, 30, tzinfo=TZ)
    assert dossier.due_at == datetime(2026, 3, 2, 17, 0, tzinfo=TZ)


def test_an_officer_of_another_commune_cannot_open_or_act(staff_client: Callable[[str], Client]) -> None:
    client = staff_client("motcua.ninhgiang")
    client.post(reverse("backoffice:reception", args=[CODE]), _form())
    dossier = Dossier.objects.get()
    other = staff_client("motcua.tanan")
    assert other.get(reverse("backoffice:dossier_detail", args=[dossier.pk])).status_code == 404
    assert other.post(reverse("backoffice:dossier_action", args=[dossier.pk, "transfer"])).status_code == 404
    assert dossier.code not in other.get(reverse("backoffice:dossier_queue") + "?queue=unit").content.decode()
    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED


def test_the_dossier_moves_through_the_pages_to_the_returned_result(
    staff_client: Callable[[str], Client],
) -> None:
    desk = staff_client("motcua.ninhgiang")
    desk.post(reverse("backoffice:reception", args=[CODE]), _form())
    dossier = Dossier.objects.get()
    act = lambda client, action, data=None: client.post(  # noqa: E731
        reverse("backoffice:dossier_action", args=[dossier.pk, action]), data or {}
    )
    (payment,) = dossier.payments.all()
    desk.post(reverse("payments:desk_record", args=[payment.pk]), {"method": "cash"})
    act(desk, "transfer")
    leader = staff_client("chutich.ninhgiang")
    specialist_user = User.objects.get(username="tuphap.ninhgiang")
    act(leader, "assign", {"assignee": specialist_user.pk})
    specialist = staff_client("tuphap.ninhgiang")
    act(specialist, "submit_for_approval", {"attachments": _pdf("du-thao.pdf"), "note": "Đủ điều kiện"})
    act(leader, "approve", {"attachments": _pdf("giay-khai-sinh.pdf")})
    act(desk, "return_result", {"method": "desk"})
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED
    assert dossier.returned_at is not None
    payment.refresh_from_db()
    assert payment.state == "paid"
    assert desk.get(reverse("payments:receipt", args=[payment.reference])).status_code == 200
    assert [row.action for row in dossier.history.order_by("sequence")] == [
        "submit",
        "receive",
        "transfer",
        "assign",
        "submit_for_approval",
        "approve",
        "return_result",
    ]


def test_desk_prints_the_receipt_slip_and_the_register(staff_client: Callable[[str], Client]) -> None:
    client = staff_client("motcua.ninhgiang")
    client.post(reverse("backoffice:reception", args=[CODE]), _form())
    dossier = Dossier.objects.get()
    slip = client.get(reverse("backoffice:dossier_form", args=[dossier.pk, "01"]))
    assert slip.status_code == 200
    assert slip["Content-Type"] == "application/pdf"
    assert dossier.code in PdfReader(BytesIO(slip.content)).pages[0].extract_text()
    assert client.get(reverse("backoffice:dossier_form", args=[dossier.pk, "05"])).status_code == 404
    register = client.get(reverse("backoffice:register", args=["pdf"]) + "?from=2026-03-01&to=2026-03-31")
    assert dossier.code in PdfReader(BytesIO(register.content)).pages[0].extract_text()
    sheet = load_workbook(BytesIO(client.get(reverse("backoffice:register", args=["xlsx"])).content)).active
    assert sheet is not None
    assert dossier.code in [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)]


def test_public_status_page_by_token_masks_personal_data(staff_client: Callable[[str], Client]) -> None:
    staff_client("motcua.ninhgiang").post(reverse("backoffice:reception", args=[CODE]), _form())
    dossier = Dossier.objects.get()
    page = Client().get(reverse("portal:dossier_status", args=[dossier.token]))
    assert page.status_code == 200
    text = page.content.decode()
    assert dossier.code in text
    assert "031090009999" not in text
    assert "*********999" in text
    assert "0988000111" not in text
    assert Client().get(reverse("portal:dossier_status", args=["x" * 32])).status_code == 404
