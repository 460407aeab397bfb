"""The procedure page: everything a citizen needs before going to the desk or applying online."""

import html
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from onestop.catalog.models import Component, Fee, ProcedureVersion
from onestop.catalog.selectors import version_detail

pytestmark = pytest.mark.usefixtures("demo_catalog")


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.smoke
def test_procedure_page_shows_components_fees_time_limit_and_result(english_client: Client) -> None:
    page = _page(english_client, "/thu-tuc/1.001193/")
    version = version_detail(code="1.001193")
    assert version is not None

    assert "<h1>Thủ tục đăng ký khai sinh</h1>" in page
    assert "Documents you need" in page
    for component in version.components.all():
        assert component.name in page
    assert "1 bản chính" in page  # copies
    assert "Required" in page
    assert "Depends on your case" in page
    assert "show the original; it is not kept" in page  # the identity card is only shown
    assert "8.000 đ" in page
    assert version.time_limit_text in page
    assert "Giấy khai sinh" in page  # the result
    assert "Công dân Việt Nam" in page  # who can apply


def test_procedure_page_lists_the_desks_where_to_apply(english_client: Client) -> None:
    page = _page(english_client, "/thu-tuc/1.001193/")

    desks = page.split('id="desks"')[1]
    assert "Trung tâm Phục vụ hành chính công Xã Ninh Giang" in desks
    assert "(demo) Trụ sở UBND Xã Ninh Giang" in desks
    assert "UBND Xã Ninh Giang" in desks  # the competent agency
    assert 'href="/don-vi/11203/"' in desks
    assert "Trung tâm Phục vụ hành chính công thành phố Hải Phòng" not in desks  # not assigned to the city


def test_legal_basis_is_one_click_away(client: Client) -> None:
    page = _page(client, "/thu-tuc/1.001193/")

    details = re.search(r'<details class="legal-basis">(.*?)</details>', page, re.DOTALL)
    assert details is not None
    assert "123/2015/NĐ-CP" in details.group(1)


def test_online_button_starts_the_online_submission_and_in_person_leads_to_the_desks(client: Client) -> None:
    page = _page(client, "/thu-tuc/1.001193/")

    assert 'href="/nop-truc-tuyen/1.001193/"' in page
    assert 'href="#desks"' in page
    assert 'id="desks"' in page
    assert 'href="#by-post"' in page
    assert 'id="by-post"' in page
    assert 'href="#"' not in page  # no dead links


def test_channels_not_offered_get_no_button(client: Client) -> None:
    page = _page(client, "/thu-tuc/1.000419/")  # đăng ký khai tử lưu động: in person only

    assert "/nop-truc-tuyen/" not in page
    assert 'href="#by-post"' not in page
    assert 'href="#desks"' in page


def test_fee_set_by_the_provincial_council_is_said_in_words(english_client: Client) -> None:
    version = version_detail(code="1.000656")  # đăng ký khai tử: amount left to the provincial council
    assert version is not None
    assert [fee.amount_vnd for fee in version.fees.all()] == [None] * version.fees.count()

    page = _page(english_client, "/thu-tuc/1.000656/")

    fees = page.split('id="fees"')[1].split('id="time-limit"')[0]
    assert "Set by the provincial council" in fees
    assert " đ<" not in fees


def test_fee_amounts_online_amount_and_exemptions_are_shown(english_client: Client) -> None:
    version = version_detail(code="1.001193")
    assert version is not None
    Fee.objects.filter(version=version, position=2).update(
        amount_vnd=50000, online_amount_vnd=35000, exemptions="Trẻ em, người cao tuổi"
    )

    page = _page(english_client, "/thu-tuc/1.001193/")

    fees = page.split('id="fees"')[1].split('id="time-limit"')[0]
    assert "50.000 đ" in fees
    assert "When you apply online: 35.000 đ" in fees
    assert "Who does not pay: Trẻ em, người cao tuổi" in fees
    assert "Free" in fees  # the first fee row is 0


def test_form_template_is_downloadable_when_uploaded(client: Client, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    component = Component.objects.get(version=version_detail(code="1.001193"), position=7)
    component.form_file.save("to-khai-khai-sinh.docx", ContentFile(b"form"), save=True)

    page = _page(client, "/thu-tuc/1.001193/")

    assert f'href="/media/{component.form_file.name}" download' in page


def test_procedure_without_a_published_time_limit_is_not_open_for_dossiers(english_client: Client) -> None:
    version = version_detail(code="1.001766")  # khai tử có yếu tố nước ngoài
    assert version is not None
    assert version.missing_fields == ["time_limit"]

    page = _page(english_client, "/thu-tuc/1.001766/")

    assert "This procedure is not open for dossiers yet: its time limit has not been published." in page
    assert "/accounts/login/?next=" not in page  # no way to apply
    assert "Documents you need" in page  # but still the information


def test_unknown_procedure_code_is_404(client: Client) -> None:
    assert client.get("/thu-tuc/9.999999/").status_code == 404
    assert client.get("/thu-tuc/1.001193/v99/").status_code == 404


def test_version_in_force_under_its_number_redirects_to_the_procedure_page(client: Client) -> None:
    current = version_detail(code="1.001193")
    assert current is not None

    response = client.get(f"/thu-tuc/1.001193/v{current.number}/")

    assert response.status_code == 302
    assert response["Location"] == "/thu-tuc/1.001193/"


def test_old_version_page_is_read_only_and_says_it_is_superseded(english_client: Client) -> None:
    old = ProcedureVersion.objects.get(procedure__code="1.001193", number=1)
    assert old.effective_to is not None

    page = _page(english_client, "/thu-tuc/1.001193/v1/")

    assert "It is no longer in force" in page
    assert f"replaced on {old.effective_to:%d/%m/%Y}" in page
    assert 'href="/thu-tuc/1.001193/"' in page  # to the version in force
    assert "/accounts/login/?next=" not in page
    assert 'id="desks"' not in page
    assert old.name in page


def test_procedure_page_links_its_older_versions(client: Client) -> None:
    page = _page(client, "/thu-tuc/1.001193/")

    assert 'href="/thu-tuc/1.001193/v1/"' in page
