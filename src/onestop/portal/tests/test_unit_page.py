"""Each unit's own page: its desks and only the procedures it offers."""

import pytest
from django.test import Client

from onestop.catalog.selectors import versions_for_unit
from onestop.organizations.models import AdministrativeUnit, Desk
from onestop.portal.tests.conftest import procedure_codes

pytestmark = pytest.mark.usefixtures("demo_catalog")


def _unit(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code, valid_to__isnull=True)


def test_commune_page_lists_only_the_communes_procedures(client: Client) -> None:
    response = client.get("/don-vi/11203/")

    assert response.status_code == 200
    codes = procedure_codes(response.content.decode())
    expected = versions_for_unit(unit=_unit("11203")).values_list("procedure__code", flat=True)
    assert sorted(codes) == sorted(expected)
    assert "1.001193" in codes  # đăng ký khai sinh: a commune procedure
    assert "3.000346" not in codes  # cấp giấy phép lái xe: the city's


def test_province_page_lists_the_provinces_procedures_and_centres(client: Client) -> None:
    page = client.get("/don-vi/31/").content.decode()

    codes = procedure_codes(page)
    assert sorted(codes) == sorted(
        versions_for_unit(unit=_unit("31")).values_list("procedure__code", flat=True)
    )
    assert "1.001193" not in codes
    assert "Trung tâm Phục vụ hành chính công thành phố Hải Phòng" in page
    assert "Chi nhánh Hải Dương" in page


def test_unit_page_shows_its_desks_with_addresses_and_poster_links(client: Client) -> None:
    desk = Desk.objects.get(unit=_unit("11203"))

    page = client.get("/don-vi/11203/").content.decode()

    assert "<h1>Xã Ninh Giang</h1>" in page
    assert desk.name in page
    assert desk.address in page
    assert f'href="/mot-cua/{desk.pk}/poster.pdf"' in page
    assert "Xã Tân An" not in page  # another commune's desk


def test_unit_search_is_limited_to_the_units_procedures(client: Client) -> None:
    commune = client.get("/don-vi/11203/", {"q": "giấy phép lái xe"}).content.decode()
    city = client.get("/don-vi/31/", {"q": "giấy phép lái xe"}).content.decode()

    commune_codes = set(versions_for_unit(unit=_unit("11203")).values_list("procedure__code", flat=True))
    assert set(procedure_codes(commune)) <= commune_codes
    assert "3.000346" not in procedure_codes(commune)
    assert "3.000346" in procedure_codes(city)


def test_unit_search_fragment_for_htmx(client: Client) -> None:
    page = client.get("/don-vi/11203/").content.decode()
    assert 'hx-get="/don-vi/11203/ket-qua/"' in page

    response = client.get("/don-vi/11203/ket-qua/", {"q": "khai sinh"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "1.001193" in procedure_codes(response.content.decode())
    assert response["HX-Replace-Url"] == "/don-vi/11203/?q=khai+sinh"


def test_unknown_or_ended_unit_is_404(client: Client) -> None:
    assert client.get("/don-vi/99999/").status_code == 404
    assert client.get("/don-vi/299/").status_code == 404  # Huyện Ninh Giang: districts ended in 2025
    assert client.get("/don-vi/99999/ket-qua/", HTTP_HX_REQUEST="true").status_code == 404


def test_landing_page_links_units_and_the_catalog(client: Client) -> None:
    page = client.get("/").content.decode()

    assert 'href="/thu-tuc/"' in page
    assert 'href="/don-vi/11203/"' in page
    assert 'href="/don-vi/31/"' in page
