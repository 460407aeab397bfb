"""A paper dossier from the desk to the returned result in a real browser, then its slip's QR code."""

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfWriter

from onestop.accounts.models import User
from onestop.catalog.models import Procedure
from onestop.catalog.selectors import version_in_force
from onestop.demo.loader import load_demo
from onestop.dossiers.models import Dossier

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server: Any, transactional_db: None) -> str:
    load_demo()
    return str(live_server.url)


def _logged_in(browser: Any, site: str, username: str) -> Any:
    """A browser page whose session is that official's, second factor passed."""
    client = Client()
    user = User.objects.get(username=username)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user, confirmed=True).persistent_id
    session.save()
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 1100, "height": 900}, accept_downloads=True
    )
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": site}])
    return context.new_page()


def _pdf(path: Path, name: str) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    target = path / name
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def _act(page: Any, label: str, *, files: Path | None = None, fill: dict[str, str] | None = None) -> None:
    section = page.locator("details.action", has=page.locator("summary", has_text=label))
    section.locator("summary").click()
    for name, value in (fill or {}).items():
        section.locator(f"[name={name}]").fill(value)
    if files is not None:
        section.locator("input[type=file]").set_input_files(str(files))
    section.get_by_role("button", name=label).click()
    page.wait_for_load_state()


def test_paper_dossier_from_reception_to_returned_result(site: str, browser: Any, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    import zxingcpp
    from PIL import Image

    version = version_in_force(procedure=Procedure.objects.get(code="1.001193"))
    assert version is not None
    first = version.components.order_by("position").first()
    assert first is not None

    desk = _logged_in(browser, site, "motcua.ninhgiang")
    desk.goto(site + "/staff/reception/")
    desk.get_by_label("Tìm thủ tục").fill("khai sinh")
    desk.get_by_role("link", name="Thủ tục đăng ký khai sinh", exact=True).click()
    desk.get_by_label("Số định danh cá nhân của người nộp hồ sơ").fill("031090007777")
    desk.get_by_label("Họ và tên người nộp hồ sơ").fill("Phạm Thị Hoa")
    desk.locator(f"#id_provided_{first.pk}").check()
    desk.locator(f"#id_scan_{first.pk}").set_input_files(str(_pdf(tmp_path, "giay-chung-sinh.pdf")))
    desk.get_by_role("button", name="Lưu hồ sơ").click()
    desk.wait_for_url(re.compile(r"/staff/dossiers/\d+/$"))
    dossier = Dossier.objects.get()
    assert dossier.code in desk.content()
    slip = desk.request.get(f"{site}/staff/dossiers/{dossier.pk}/forms/01.pdf")
    assert slip.ok
    slip_path = tmp_path / "slip.pdf"
    slip_path.write_bytes(slip.body())
    # The reception fee (16,000 VND) is paid in cash at the counter.
    desk.get_by_role("button", name="Ghi nhận thanh toán").click()
    desk.wait_for_load_state()
    assert dossier.payments.get().state == "paid"
    _act(desk, "Chuyển cơ quan giải quyết")

    leader = _logged_in(browser, site, "chutich.ninhgiang")
    leader.goto(f"{site}/staff/dossiers/{dossier.pk}/")
    _act(leader, "Phân công chuyên viên")

    specialist = _logged_in(browser, site, "tuphap.ninhgiang")
    specialist.goto(f"{site}/staff/dossiers/{dossier.pk}/")
    _act(specialist, "Trình phê duyệt", files=_pdf(tmp_path, "du-thao-giay-khai-sinh.pdf"))

    leader.goto(f"{site}/staff/dossiers/{dossier.pk}/")
    _act(leader, "Phê duyệt kết quả", files=_pdf(tmp_path, "giay-khai-sinh.pdf"))

    desk.goto(f"{site}/staff/dossiers/{dossier.pk}/")
    _act(desk, "Trả kết quả")
    dossier.refresh_from_db()
    assert dossier.state == "returned"
    assert dossier.dvcqg_status == 10

    subprocess.run(["pdftoppm", "-r", "150", "-png", str(slip_path), str(tmp_path / "slip")], check=True)
    image = Image.open(next(tmp_path.glob("slip-*.png")))
    codes = zxingcpp.read_barcodes(image)
    assert len(codes) == 1
    status_url = codes[0].text
    assert status_url.endswith(f"/tra-cuu/{dossier.token}/")
    public = browser.new_page()
    public.goto(status_url)
    assert dossier.code in public.content()
    assert "Đã trả kết quả" in public.content()
    assert "031090007777" not in public.content()
