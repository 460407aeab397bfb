"""A citizen pays a fee online through the sandbox gateway, downloads the receipt; the dossier moves on."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from pypdf import PdfReader

from onestop.accounts.models import User
from onestop.catalog.models import Procedure
from onestop.catalog.selectors import version_in_force
from onestop.demo.loader import load_demo
from onestop.dossiers.constants import ChannelCode, DvcqgStatus
from onestop.dossiers.services import ApplicantData, ComponentIntake, dossier_act, dossier_create
from onestop.dossiers.tests.conftest import pdf_upload
from onestop.organizations.models import Desk
from onestop.payments.models import PaymentState
from onestop.payments.sandbox import Sandbox, serve

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server: Any, transactional_db: None, settings: Any) -> Iterator[tuple[str, Sandbox]]:
    load_demo(only_procedures={"1.001193"})
    sandbox = Sandbox(
        merchant="ONESTOP1", secret="journey-secret", ipn_url=f"{live_server.url}/thanh-toan/ipn/vnpay/"
    )
    server = serve(sandbox)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.ONESTOP_PAYMENT_PAY_URL = f"{base}/paymentv2/vpcpay.html"
    settings.ONESTOP_PAYMENT_API_URL = base
    settings.ONESTOP_PAYMENT_MERCHANT = sandbox.merchant
    settings.ONESTOP_PAYMENT_SECRET = sandbox.secret
    yield str(live_server.url), sandbox
    server.shutdown()


def test_a_citizen_pays_online_downloads_the_receipt_and_the_dossier_moves_on(
    browser: Any, site: tuple[str, Sandbox], tmp_path: Path
) -> None:
    url, sandbox = site
    citizen = User.objects.get(username="0912345678")
    desk_officer = User.objects.get(username="motcua.ninhgiang")
    version = version_in_force(procedure=Procedure.objects.get(code="1.001193"))
    assert version is not None
    dossier = dossier_create(
        actor=citizen,
        desk=Desk.objects.get(name="Trung tâm Phục vụ hành chính công Xã Ninh Giang"),
        version=version,
        applicant=ApplicantData(name="Nguyễn Văn An", id_number="031090001234", account=citizen),
        channel=ChannelCode.ONLINE,
        components=[ComponentIntake(component=c, scan=pdf_upload()) for c in version.components.all()[:1]],
    )
    dossier = dossier_act(actor=desk_officer, dossier=dossier, action="receive")
    payment = dossier.payments.get()
    assert dossier.dvcqg_status == DvcqgStatus.FEES_DUE

    client = Client()
    client.force_login(citizen)
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 360, "height": 740}, accept_downloads=True
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": url,
            }
        ]
    )
    page = context.new_page()
    page.goto(f"{url}/tra-cuu/{dossier.token}/")
    page.get_by_role("link", name="Nộp phí").first.click()
    page.get_by_role("button", name="Thanh toán trực tuyến").click()
    page.wait_for_load_state()
    assert page.url.startswith(settings.ONESTOP_PAYMENT_PAY_URL)
    assert "16.000 VND" in page.content()
    page.get_by_role("button", name="Thanh toán", exact=True).click()
    page.wait_for_load_state()
    assert page.url == f"{url}/thanh-toan/{payment.reference}/"
    assert "Đã thanh toán" in page.content()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải biên lai").click()
    receipt = Path(download_info.value.path())
    text = "\n".join(p.extract_text() for p in PdfReader(receipt).pages)
    assert payment.reference in text
    assert "16.000" in text
    context.close()

    payment.refresh_from_db()
    dossier.refresh_from_db()
    assert payment.state == PaymentState.PAID
    assert sandbox.ipn_answers == [{"RspCode": "00", "Message": "Confirm Success"}]
    assert (dossier.dvcqg_status, dossier.paid_online) == (DvcqgStatus.RECEIVED, 2)
    moved = dossier_act(actor=desk_officer, dossier=dossier, action="transfer")
    assert moved.state == "at_agency"
