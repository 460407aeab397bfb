from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from onestop.indicators.models import DossierRecord

pytestmark = pytest.mark.django_db

MARCH = "?from=2026-03-01&to=2026-03-31"


@pytest.fixture
def history(imported: Any, line: Any) -> list[dict[str, Any]]:
    records = [
        line(TrangThaiHoSo=10, NgayKetThucXuLy="2026-03-04T10:00:00+07:00"),
        line(TrangThaiHoSo=10, NgayKetThucXuLy="2026-03-12T10:00:00+07:00"),
        line(MaDonVi="11167", TrangThaiHoSo=10, NgayKetThucXuLy="2026-03-04T10:00:00+07:00"),
    ]
    assert imported(records).refused == 0
    return records


def test_the_province_page_ranks_its_communes(history: Any, staff_client: Any) -> None:
    response = staff_client("thanhtra.haiphong").get(f"/chi-so/don-vi/31/{MARCH}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Xếp hạng: Xã, phường, đặc khu" in html
    assert 'data-unit="11167"' in html
    assert 'data-unit="11203"' in html
    assert "<svg" in html
    assert 'hx-trigger="every 5s"' in html


def test_the_dashboard_opens_on_the_widest_unit_the_user_covers(history: Any, staff_client: Any) -> None:
    assert staff_client("thanhtra.haiphong").get("/chi-so/")["Location"] == "/chi-so/don-vi/31/"
    assert staff_client("motcua.tanan").get("/chi-so/")["Location"] == "/chi-so/don-vi/11167/"


def test_an_htmx_poll_gets_only_the_live_part(history: Any, staff_client: Any) -> None:
    response = staff_client("chutich.ninhgiang").get(
        f"/chi-so/don-vi/11203/{MARCH}", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.startswith('<div id="live"')
    assert "<html" not in html
    assert 'data-testid="rate-2.1">50,00 %' in html


def test_the_dashboard_is_served_from_cache_until_a_committed_write_to_the_province_records(
    history: Any, imported: Any, line: Any, staff_client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = staff_client("chutich.ninhgiang")
    page = f"/chi-so/don-vi/11203/{MARCH}"
    assert 'data-testid="rate-2.1">50,00 %' in client.get(page).content.decode()
    # A write behind the services' back is not counted, so the cached figures stay.
    DossierRecord.objects.filter(code=history[1]["MaHoSo"]).update(on_time=True)
    assert 'data-testid="rate-2.1">50,00 %' in client.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert imported([line(TrangThaiHoSo=10, NgayKetThucXuLy="2026-03-05T10:00:00+07:00")]).refused == 0
    html = client.get(page, headers={"HX-Request": "true"}).content.decode()
    assert 'data-testid="rate-2.1">100,00 %' in html


def test_a_cached_dashboard_keeps_its_language_and_its_access_check(history: Any, staff_client: Any) -> None:
    page = f"/chi-so/don-vi/11203/{MARCH}"
    leader = staff_client("chutich.ninhgiang")
    assert "Xếp hạng: " in leader.get(page).content.decode()
    leader.cookies["django_language"] = "en"
    assert "Ranking: " in leader.get(page).content.decode()
    assert staff_client("motcua.tanan").get(page).status_code == 403


def test_an_officer_of_another_commune_cannot_read_its_index_or_dossiers(
    history: Any, staff_client: Any
) -> None:
    client = staff_client("motcua.tanan")
    assert client.get(f"/chi-so/don-vi/11203/{MARCH}").status_code == 403
    assert client.get(f"/chi-so/don-vi/11203/chi-tieu/2.1/{MARCH}").status_code == 403
    assert client.get(f"/chi-so/don-vi/11203/xuat.xlsx{MARCH}").status_code == 403
    assert client.get(f"/chi-so/ho-so/{history[0]['MaHoSo']}/").status_code == 404
    assert client.get(f"/chi-so/don-vi/11167/{MARCH}").status_code == 200
    assert client.get(f"/chi-so/ho-so/{history[2]['MaHoSo']}/").status_code == 200


def test_the_drill_down_lists_the_late_dossier_and_links_to_it(history: Any, staff_client: Any) -> None:
    html = (
        staff_client("chutich.ninhgiang").get(f"/chi-so/don-vi/11203/chi-tieu/2.1/{MARCH}").content.decode()
    )
    assert history[1]["MaHoSo"] in html
    assert history[0]["MaHoSo"] not in html
    assert f'href="/chi-so/ho-so/{history[1]["MaHoSo"]}/"' in html
    assert "quá hạn" in html


def test_an_imported_dossier_page_shows_the_record_and_where_it_counts(
    history: Any, staff_client: Any
) -> None:
    html = staff_client("chutich.ninhgiang").get(f"/chi-so/ho-so/{history[0]['MaHoSo']}/").content.decode()
    assert "Xã Ninh Giang" in html
    assert "&quot;MaTTHC&quot;: &quot;3.000347&quot;" in html


def test_the_dashboard_exports_to_xlsx_and_pdf(history: Any, staff_client: Any) -> None:
    client = staff_client("thanhtra.haiphong")
    workbook = load_workbook(BytesIO(client.get(f"/chi-so/don-vi/31/xuat.xlsx{MARCH}").content))
    rows = {row[0]: row for row in workbook.worksheets[0].iter_rows(min_row=3, values_only=True)}
    assert rows["2.1"][2] == pytest.approx(2 / 3)
    assert rows["2.1"][5:7] == (2, 3)
    assert workbook.worksheets[1].max_row == 7  # header and the six communes
    pdf = client.get(f"/chi-so/don-vi/31/xuat.pdf{MARCH}").content
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "Thành phố Hải Phòng" in text
    assert "Xã Tân An" in text


def test_the_officer_page_shows_workload_and_score(imported: Any, line: Any, staff_client: Any) -> None:
    from onestop.accounts.models import User

    imported([line(TrangThaiHoSo=10, NgayKetThucXuLy="2026-03-04T10:00:00+07:00")])
    specialist = User.objects.get(username="tuphap.ninhgiang")
    DossierRecord.objects.update(handler=specialist)
    html = staff_client("chutich.ninhgiang").get(f"/chi-so/can-bo/{specialist.pk}/{MARCH}").content.decode()
    assert "Giám sát: Trần Văn Minh" in html
    # Early (2) + per-unit time (2) + no supplement (2) + attitude (2) = 8 of 8: fulfilled well.
    assert "8.0" in html or "8,0" in html
    assert "Hoàn thành tốt nhiệm vụ" in html
    assert staff_client("motcua.tanan").get(f"/chi-so/can-bo/{specialist.pk}/{MARCH}").status_code == 403


def test_the_drill_down_and_officer_lists_export_too(history: Any, staff_client: Any) -> None:
    from onestop.accounts.models import User

    client = staff_client("chutich.ninhgiang")
    sheet = load_workbook(
        BytesIO(client.get(f"/chi-so/don-vi/11203/chi-tieu/2.1/{MARCH}&format=xlsx").content)
    ).worksheets[0]
    codes = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert codes == [history[1]["MaHoSo"]]
    specialist = User.objects.get(username="tuphap.ninhgiang")
    DossierRecord.objects.update(handler=specialist)
    pdf = client.get(f"/chi-so/can-bo/{specialist.pk}/{MARCH}&format=pdf").content
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert history[0]["MaHoSo"] in text
    assert "Trần Văn Minh" in text
