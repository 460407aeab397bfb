"""Swagger UI renders the API under the site's strict Content-Security-Policy, without violations."""

import os
import shutil
import threading
from typing import Any

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _visit_docs(base_url: str) -> dict[str, Any]:
    """Open the docs page in chromium and report what the browser saw."""
    from playwright.sync_api import expect, sync_playwright

    seen: dict[str, Any] = {"problems": [], "outside": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.on("console", lambda message: message.type == "error" and seen["problems"].append(message.text))
        page.on("pageerror", lambda error: seen["problems"].append(str(error)))
        page.on(
            "request", lambda request: request.url.startswith(base_url) or seen["outside"].append(request.url)
        )
        page.goto(f"{base_url}/api/v1/docs")
        expect(page.locator(".opblock-summary-path").first).to_be_visible()
        seen["text"] = page.locator("#swagger-ui").inner_text()
        browser.close()
    return seen


def test_swagger_ui_shows_the_procedure_operations_without_csp_violations(
    live_server: Any, transactional_db: None
) -> None:
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required in CI (scripts/test installs it with apt-get)")
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    # Playwright's sync API allows one instance per thread, and the browser tests' session may hold one here.
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["seen"] = _visit_docs(str(live_server.url))
        except Exception as error:  # handed back to the test thread
            outcome["error"] = error

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=120)
    if "error" in outcome:
        raise outcome["error"]
    seen = outcome["seen"]

    assert "/api/v1/procedures/{code}" in seen["text"]
    assert seen["problems"] == []  # a CSP violation shows as a console error
    assert seen["outside"] == []
