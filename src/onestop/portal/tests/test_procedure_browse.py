"""Browsing and searching the public catalog at /thu-tuc/, with and without JavaScript."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from onestop.catalog.models import ProcedureVersion
from onestop.catalog.selectors import versions_in_force
from onestop.portal.tests.conftest import procedure_codes
from onestop.portal.views import PAGE_SIZE

pytestmark = pytest.mark.usefixtures("demo_catalog")


def _all_pages(client: Client, query: str = "") -> list[str]:
    codes: list[str] = []
    for page in range(1, 20):
        response = client.get(f"/thu-tuc/?{query}&page={page}")
        assert response.status_code == 200
        codes += procedure_codes(response.content.decode())
        if 'rel="next"' not in response.content.decode():
            return codes
    raise AssertionError("too many pages")


def test_catalog_lists_every_procedure_in_force_once(client: Client) -> None:
    response = client.get("/thu-tuc/")
    assert response.status_code == 200
    first_page = procedure_codes(response.content.decode())
    assert len(first_page) == PAGE_SIZE

    codes = _all_pages(client)

    assert sorted(codes) == sorted(versions_in_force().values_list("procedure__code", flat=True))


def test_field_filter_keeps_only_that_fields_procedures(client: Client) -> None:
    codes = _all_pages(client, "field=ho-tich")

    expected = versions_in_force().filter(field__code="ho-tich").values_list("procedure__code", flat=True)
    assert sorted(codes) == sorted(expected)
    assert "1.001193" in codes  # đăng ký khai sinh


def test_level_filter_keeps_only_procedures_handled_at_that_level(client: Client) -> None:
    codes = _all_pages(client, "level=province")

    expected = [v.procedure.code for v in versions_in_force() if "province" in v.levels]
    assert expected
    assert sorted(codes) == sorted(expected)


def test_agency_filter_keeps_only_the_agencys_procedures(client: Client) -> None:
    codes = _all_pages(client, "agency=H31")  # UBND thành phố Hải Phòng

    expected = versions_in_force().filter(procedure__assignments__agency__e_id="H31")
    assert sorted(codes) == sorted(expected.values_list("procedure__code", flat=True))
    assert "1.001193" not in codes  # commune-level: assigned to the communes' committees


def test_filters_combine_with_a_search(client: Client) -> None:
    page = client.get("/thu-tuc/?q=khai+sinh&field=ho-tich&level=commune").content.decode()

    codes = procedure_codes(page)
    assert "1.001193" in codes
    versions = ProcedureVersion.objects.filter(procedure__code__in=codes, effective_to__isnull=True)
    assert all(version.field.code == "ho-tich" and "commune" in version.levels for version in versions)


def test_an_unknown_filter_value_is_reported_not_fatal(english_client: Client) -> None:
    response = english_client.get("/thu-tuc/?field=no-such-field&level=galaxy")

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert len(procedure_codes(page)) == PAGE_SIZE  # the bad filters are ignored


def test_search_without_javascript_lists_matching_procedures(client: Client) -> None:
    response = client.get("/thu-tuc/", {"q": "khai sinh"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "1.001193" in procedure_codes(page)
    assert "Thủ tục đăng ký khai sinh" in page
    assert 'value="khai sinh"' in page  # the query stays in the box


def test_search_box_asks_htmx_for_the_result_fragment_as_you_type(client: Client) -> None:
    page = client.get("/thu-tuc/").content.decode()

    assert 'hx-get="/thu-tuc/ket-qua/"' in page
    assert 'hx-trigger="input changed delay:300ms, search"' in page
    assert 'hx-target="#procedure-results"' in page
    assert '<form method="get" action="/thu-tuc/"' in page  # the fallback without JavaScript


def test_result_fragment_returns_only_the_list_and_keeps_the_address_bar_in_step(client: Client) -> None:
    response = client.get("/thu-tuc/ket-qua/", {"q": "khai sinh", "field": ""}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert "1.001193" in procedure_codes(fragment)
    assert 'id="result-count"' in fragment
    assert 'hx-swap-oob="true"' in fragment
    replaced = urlsplit(response["HX-Replace-Url"])
    assert replaced.path == "/thu-tuc/"
    assert parse_qs(replaced.query) == {"q": ["khai sinh"]}


def test_result_fragment_opened_directly_sends_the_browser_to_the_full_page(client: Client) -> None:
    response = client.get("/thu-tuc/ket-qua/", {"q": "khai sinh"})

    assert response.status_code == 302
    assert response["Location"] == "/thu-tuc/?q=khai+sinh"


def test_a_search_with_no_match_says_so(english_client: Client) -> None:
    page = english_client.get("/thu-tuc/", {"q": "zzqxw"}).content.decode()

    assert procedure_codes(page) == []
    assert "No procedure matches" in page


def test_catalog_pages_load_no_remote_assets(client: Client) -> None:
    for url in ("/thu-tuc/", "/thu-tuc/1.001193/", "/don-vi/11203/"):
        page = client.get(url).content.decode()
        for attribute in ('src="http', "src='http", 'href="//', '<link rel="stylesheet" href="http'):
            assert attribute not in page, (url, attribute)
