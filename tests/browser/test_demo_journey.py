"""A desk officer opens OneStop in a real browser, logs in with the second factor and reaches her home."""

import re
from typing import Any

import pytest
from django.conf import settings
from django_otp.oath import totp

from onestop.demo.loader import DEMO_PASSWORD, load_demo

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_site(live_server: Any, transactional_db: None) -> str:
    load_demo()
    return str(live_server.url)


def test_desk_officer_logs_in_with_totp_on_a_phone_sized_screen(demo_site: str, page: Any) -> None:
    page.goto(demo_site + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Xã Ninh Giang" in page.content()

    page.get_by_role("link", name="Đăng nhập", exact=True).click()
    page.get_by_label("Số điện thoại, e-mail hoặc tên đăng nhập").fill("motcua.ninhgiang")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()

    page.wait_for_url(re.compile(r"/accounts/verify/"))
    code = f"{totp(bytes.fromhex(settings.ONESTOP_DEMO_TOTP_KEY), step=30, t0=0, digits=6):06d}"
    page.get_by_label("Mã 6 chữ số trong ứng dụng xác thực").fill(code)
    page.get_by_role("button", name="Tiếp tục").click()

    page.wait_for_url(re.compile(r"/staff/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Xin chào, Nguyễn Thị Lan"
    page.get_by_role("link", name="Danh bạ cán bộ").click()
    assert "Vũ Thị Hoa" not in page.content()  # another commune's officer stays out of sight

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Staff directory"
