import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("demo")


@pytest.mark.smoke
def test_landing_page_speaks_vietnamese_even_to_an_english_browser(client: Client) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in page
    assert "Thủ tục hành chính, thật đơn giản" in page
    assert "Xã Ninh Giang" in page


def test_language_switch_turns_the_page_to_english(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Administrative procedures, simply" in page


def test_landing_page_loads_no_remote_assets(client: Client) -> None:
    page = client.get("/").content.decode()
    assert "https://" not in page
    assert "http://" not in page


def test_stylesheet_and_htmx_are_served_by_the_application(client: Client) -> None:
    page = client.get("/").content.decode()
    for asset in ("/static/onestop/css/site.css", "/static/django_htmx/htmx-2.min.js"):
        assert asset in page
        response = client.get(asset)
        assert response.status_code == 200
        assert b"".join(response.streaming_content)  # type: ignore[attr-defined]
