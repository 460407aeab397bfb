"""A first-time citizen on a phone: register, apply online with the data store, track, supplement, result."""

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter

from onestop.accounts.models import User
from onestop.catalog.models import Procedure
from onestop.catalog.selectors import version_in_force
from onestop.datastore.models import StoredDocument
from onestop.demo.loader import load_demo
from onestop.dossiers.constants import ReturnMethod, State
from onestop.dossiers.models import Dossier
from onestop.dossiers.services import dossier_act
from onestop.dossiers.tests.conftest import pdf_upload
from onestop.notifications.tasks import deliver_notifications
from onestop.notifications.tests.conftest import smtp_server
from onestop.organizations.models import Desk
from onestop.payments.models import PaymentMethod
from onestop.payments.services import payment_record_at_desk
from onestop.signing.demo import demo_pki_setup
from onestop.signing.verification import verify_pdf

__all__ = ["smtp_server"]

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def site(live_server: Any, transactional_db: None) -> str:
    load_demo(only_procedures={"1.001193"})
    demo_pki_setup()  # the leader signs results, as in the demo
    return str(live_server.url)


def _pdf(folder: Path, name: str, pages: int = 1) -> Path:
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    target = folder / name
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def _worker_runs() -> None:
    """What the db_worker does in production: fan notices out and send them."""
    deliver_notifications.call()


def _mail_to(inbox: Any, address: str) -> list[str]:
    return [m.get_content() for m in inbox.messages if address in m["To"]]


def test_a_new_citizen_registers_applies_online_tracks_supplements_and_downloads_the_result(
    site: str, browser: Any, smtp_server: Any, tmp_path: Path
) -> None:
    email = "tran.thi.mai@example.vn"
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, accept_downloads=True)
    page = context.new_page()

    # Register; the verification code arrives at the real SMTP server.
    page.goto(f"{site}/accounts/register/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.fill("#id_full_name", "Trần Thị Mai")
    page.fill("#id_personal_id", "031095004321")
    page.fill("#id_email", email)
    page.fill("#id_password", "mai-dang-ky-2026")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/accounts/confirm/"))
    _worker_runs()
    (mail,) = _mail_to(smtp_server, email)
    code = re.search(r"\b(\d{6})\b", mail).group(1)  # type: ignore[union-attr]
    page.fill("#id_code", code)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    citizen = User.objects.get(email=email)
    assert citizen.contact_verified_at is not None

    # A document kept earlier in the personal data store.
    page.goto(f"{site}/kho-du-lieu/")
    page.fill("#id_title", "Giấy đăng ký kết hôn")
    page.set_input_files("#id_file", str(_pdf(tmp_path, "ket-hon.pdf", 2)))
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    assert "Giấy đăng ký kết hôn" in page.content()

    # Apply online from the procedure's page.
    version = version_in_force(procedure=Procedure.objects.get(code="1.001193"))
    assert version is not None
    components = sorted(
        version.components.order_by("position"), key=lambda c: not (c.required and c.kind == "submit")
    )
    page.goto(f"{site}/thu-tuc/1.001193/")
    page.locator("a[href*='/nop-truc-tuyen/1.001193/']").click()
    desk_place = Desk.objects.get(name="Trung tâm Phục vụ hành chính công Xã Ninh Giang")
    page.check(f"input[name=desk][value='{desk_place.pk}']")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/nguoi-nop/$"))
    assert page.input_value("#id_name") == "Trần Thị Mai"  # prefilled from the account
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/giay-to/$"))
    page.set_input_files(f"#file-{components[0].pk}", str(_pdf(tmp_path, "giay-chung-sinh.pdf")))
    page.check(f"#keep-{components[0].pk}")
    page.set_input_files(f"#file-{components[1].pk}", str(_pdf(tmp_path, "to-khai.pdf", 3)))
    kept = StoredDocument.objects.get(owner=citizen, title="Giấy đăng ký kết hôn")
    page.select_option(f"#stored-{components[2].pk}", value=str(kept.pk))
    page.locator("button[name=continue]").click()
    page.wait_for_url(re.compile(r"/nhan-ket-qua/$"))
    page.check(f"input[name=method][value={ReturnMethod.ELECTRONIC}]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/xem-lai/$"))
    assert "ket-hon.pdf" in page.content()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/da-nop/$"))
    dossier = Dossier.objects.get(applicant=citizen)
    assert page.inner_text("#dossier-code") == dossier.code
    stored = dossier.components.get(procedure_component=components[2])
    assert stored.from_data_store

    # The code arrives by e-mail.
    _worker_runs()
    assert any(dossier.code in body for body in _mail_to(smtp_server, email))

    # Track it; the desk asks for one more document, which the citizen sends from the phone.
    page.locator(f"a[href$='/tra-cuu/{dossier.token}/']").click()
    assert dossier.code in page.content()
    desk = User.objects.get(username="motcua.ninhgiang")
    dossier_act(
        actor=desk,
        dossier=dossier,
        action="request_supplement",
        items=[{"name": "Bản sao giấy chứng sinh rõ nét", "reason": "Bản chụp bị mờ"}],
    )
    page.reload()
    assert "Bản sao giấy chứng sinh rõ nét" in page.content()
    page.set_input_files("#supplement-files", str(_pdf(tmp_path, "giay-chung-sinh-ro.pdf")))
    page.locator("form[action$='/bo-sung/'] button[type=submit]").click()
    page.wait_for_load_state()
    dossier.refresh_from_db()
    assert dossier.state == State.NEW

    # The dossier is handled and the signed-off result is returned electronically.
    leader = User.objects.get(username="chutich.ninhgiang")
    specialist = User.objects.get(username="tuphap.ninhgiang")
    dossier = dossier_act(actor=desk, dossier=dossier, action="receive")
    dossier = dossier_act(actor=desk, dossier=dossier, action="transfer")
    dossier = dossier_act(actor=leader, dossier=dossier, action="assign", assignee=specialist)
    dossier = dossier_act(
        actor=specialist, dossier=dossier, action="submit_for_approval", files=[pdf_upload("du-thao.pdf")]
    )
    result = pdf_upload("giay-khai-sinh.pdf", 1)
    dossier = dossier_act(actor=leader, dossier=dossier, action="approve", files=[result])
    signed = dossier.files.get(kind="result")
    expected = signed.sha256  # the approval signed it: the citizen gets the signed file
    for payment in dossier.payments.filter(state="requested"):  # the reception fee, paid in cash
        payment_record_at_desk(actor=desk, payment=payment, method=PaymentMethod.CASH)
    dossier_act(actor=desk, dossier=dossier, action="return_result", method=ReturnMethod.ELECTRONIC)

    page.reload()
    with page.expect_download() as download_info:
        page.locator("a[href*='/ket-qua/']").first.click()
    downloaded = Path(download_info.value.path())
    assert hashlib.sha256(downloaded.read_bytes()).hexdigest() == expected
    assert verify_pdf(downloaded.read_bytes()).all_valid
    page.goto(f"{site}/kho-du-lieu/")
    assert "giay-khai-sinh.pdf" in page.content() or "Giấy khai sinh" in page.content()
    context.close()
