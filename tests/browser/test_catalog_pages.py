"""A citizen on her phone finds "khai sinh" by typing (results swap in without a reload) and reads it."""

import re
from typing import Any

import pytest

from onestop.catalog.selectors import version_detail
from onestop.demo.loader import load_demo

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_site(live_server: Any, transactional_db: None) -> str:
    load_demo()
    return str(live_server.url)


def test_citizen_searches_as_she_types_and_opens_birth_registration(demo_site: str, page: Any) -> None:
    from playwright.sync_api import expect

    version = version_detail(code="1.001193")
    assert version is not None
    birth = page.get_by_role("link", name="Thủ tục đăng ký khai sinh", exact=True)

    page.goto(demo_site + "/")
    page.locator('main a[href="/thu-tuc/"]').first.click()  # "Find a procedure"
    page.wait_for_url(re.compile(r"/thu-tuc/$"))
    assert page.viewport_size["width"] <= 400
    expect(birth).to_have_count(0)
    page.evaluate("window.__sameDocument = true")  # lost if the browser loads a new page

    page.get_by_role("searchbox").press_sequentially("khai sinh", delay=40)

    expect(page.locator("#result-count")).to_contain_text("khai sinh")
    expect(birth).to_be_visible()
    assert page.evaluate("window.__sameDocument === true")  # swapped in by htmx, no reload
    assert "q=khai+sinh" in page.url  # the address bar follows, so back and reload work

    birth.click()
    page.wait_for_url(re.compile(r"/thu-tuc/1\.001193/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Thủ tục đăng ký khai sinh"
    documents = page.locator("ol.component-list > li")
    expect(documents).to_have_count(version.components.count())
    expect(page.locator("ol.component-list")).to_contain_text("Giấy chứng sinh")
    expect(page.locator("#time-limit + p")).to_have_text(version.time_limit_text)
    expect(page.locator("#desks ~ section").first).to_contain_text("(demo) Trụ sở UBND")
