"""The helper's pages and the commune's report render; the register form explains errors and keeps input."""

import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from onestop.accounts.models import User
from onestop.community.models import Consent, HelpedRegistration
from onestop.community.services import consent_withdraw
from onestop.dossiers.models import Dossier


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(place: SimpleNamespace, **changes: Any) -> dict[str, Any]:
    return {
        "full_name": "Trần Thị Bé",
        "personal_id": "031090009999",
        "phone": "0988000111",
        "email": "",
        "village": str(place.tay.pk),
        "consent_method": "in_person_signed",
        "consent_given": "on",
        **changes,
    }


def test_the_helper_home_lists_my_citizens_with_their_consent_and_a_link_to_submit(
    place: SimpleNamespace, register: Callable[..., User]
) -> None:
    helped = register(full_name="Phạm Văn Hải")
    withdrawn = register(full_name="Đinh Thị Quế")
    consent_withdraw(citizen_or_helper=withdrawn, consent=Consent.objects.get(citizen=withdrawn))
    register(helper=place.second_helper, full_name="Người Của Tổ Khác")

    page = _as(place.helper).get(reverse("community:home")).content.decode()

    assert "Phạm Văn Hải" in page
    assert "Đinh Thị Quế" in page
    assert "Người Của Tổ Khác" not in page
    assert f'href="/thu-tuc/?for={helped.pk}"' in page
    assert f"?for={withdrawn.pk}" not in page
    assert helped.personal_id not in page  # only the last digits show
    assert f'href="{reverse("community:register_citizen")}"' in page


def test_helper_pages_are_for_helpers_only(place: SimpleNamespace) -> None:
    anonymous = Client().get(reverse("community:home"))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    citizen = User.objects.get(username="0912345678")
    assert _as(citizen).get(reverse("community:home")).status_code == 403
    assert _as(place.desk).get(reverse("community:register_citizen")).status_code == 403


def test_the_register_form_offers_the_communes_villages_with_mine_chosen(place: SimpleNamespace) -> None:
    page = _as(place.helper).get(reverse("community:register_citizen")).content.decode()
    for village in (place.dong, place.tay, place.trung_tam):
        assert village.name in page
    assert f'value="{place.dong.pk}" selected' in page  # the demo helper serves Thôn Đông
    assert place.tan_an_village.name not in page
    assert 'name="consent_given"' in page


@pytest.mark.smoke
def test_the_register_form_shows_errors_at_the_top_and_keeps_what_was_typed(place: SimpleNamespace) -> None:
    response = _as(place.helper).post(
        reverse("community:register_citizen"),
        _form(
            place, personal_id="0310900", consent_method="", consent_given="", note="Gặp tại nhà văn hoá thôn"
        ),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert 'href="#id_personal_id"' in page
    assert 'href="#id_consent_given"' in page
    assert 'href="#id_consent_method_0"' in page  # the summary links to the radio group's first button
    assert 'id="id_personal_id_error"' in page
    assert 'id="id_consent_given_error"' in page
    assert 'value="Trần Thị Bé"' in page
    assert 'value="0310900"' in page
    assert 'value="0988000111"' in page
    assert "Gặp tại nhà văn hoá thôn" in page
    assert f'value="{place.tay.pk}" selected' in page
    assert not User.objects.filter(full_name="Trần Thị Bé").exists()


def test_a_taken_phone_number_is_reported_next_to_the_field(place: SimpleNamespace) -> None:
    response = _as(place.helper).post(reverse("community:register_citizen"), _form(place, phone="0912345678"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_phone_error"' in page
    assert re.search(r'<input type="radio" [^>]*value="in_person_signed"[^>]* checked', page)
    assert re.search(r'<input type="checkbox" [^>]*name="consent_given"[^>]* checked', page)
    assert 'value="Trần Thị Bé"' in page
    assert not HelpedRegistration.objects.exists()


def test_the_helper_registers_a_citizen_from_the_form(place: SimpleNamespace) -> None:
    client = _as(place.helper)
    response = client.post(reverse("community:register_citizen"), _form(place))
    assert response.status_code == 302
    assert response["Location"] == reverse("community:home")
    citizen = User.objects.get(personal_id="031090009999")
    assert HelpedRegistration.objects.get(citizen=citizen).village == place.tay
    assert Consent.objects.get(citizen=citizen).method == "in_person_signed"
    assert "Trần Thị Bé" in client.get(response["Location"]).content.decode()


@pytest.fixture
def some_help(
    place: SimpleNamespace, register: Callable[..., User], helped_dossier: Callable[..., Dossier]
) -> None:
    citizen = register(village=place.tay)
    helped_dossier(helper=place.helper, citizen=citizen)
    helped_dossier(helper=place.helper, citizen=citizen)
    register(helper=place.other_helper, village=place.tan_an_village)


def _cells(page: str) -> str:
    return " ".join(page.split())


@pytest.mark.usefixtures("some_help")
def test_the_report_page_shows_the_communes_helpers_and_villages_with_totals(
    place: SimpleNamespace, staff_client: Callable[[str], Client]
) -> None:
    response = staff_client("quantri.ninhgiang").get(reverse("community:report"))
    assert response.status_code == 200
    page = _cells(response.content.decode())
    assert '<th scope="row">Đỗ Mạnh Cường</th><td>1</td><td>2</td>' in page
    assert '<th scope="row">Thôn Tây</th><td>1</td><td>2</td>' in page
    assert '<th scope="row">Thôn Đông</th><td>0</td><td>0</td>' in page
    assert "Lý Văn Sơn" not in page
    assert "Thôn Bắc" not in page
    filtered = staff_client("quantri.ninhgiang").get(
        reverse("community:report"), {"date_from": "2026-03-03", "date_to": ""}
    )
    assert '<th scope="row">Đỗ Mạnh Cường</th><td>0</td><td>0</td>' in _cells(filtered.content.decode())


@pytest.mark.usefixtures("some_help")
def test_the_report_page_for_another_commune_shows_only_its_own(
    staff_client: Callable[[str], Client],
) -> None:
    page = staff_client("motcua.tanan").get(reverse("community:report")).content.decode()
    assert "Lý Văn Sơn" in page
    assert "Thôn Bắc" in page
    assert "Đỗ Mạnh Cường" not in page
    assert "Thôn Tây" not in page


@pytest.mark.usefixtures("place")
def test_the_report_page_refuses_dates_in_the_wrong_order(staff_client: Callable[[str], Client]) -> None:
    response = staff_client("quantri.ninhgiang").get(
        reverse("community:report"), {"date_from": "2026-03-05", "date_to": "2026-03-01"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page
    assert 'value="2026-03-05"' in page


def test_the_report_needs_a_reporting_post_and_the_second_factor(
    place: SimpleNamespace, staff_client: Callable[[str], Client]
) -> None:
    assert staff_client("tuphap.ninhgiang").get(reverse("community:report")).status_code == 403
    assert _as(place.helper).get(reverse("community:report")).status_code == 403
    without_second_factor = _as(place.admin).get(reverse("community:report"))
    assert without_second_factor.status_code == 302
    assert without_second_factor["Location"].startswith(reverse("accounts:verify"))


@pytest.mark.usefixtures("some_help")
def test_a_provincial_inspector_chooses_among_the_communes(
    place: SimpleNamespace, staff_client: Callable[[str], Client]
) -> None:
    client = staff_client("thanhtra.haiphong")
    page = _cells(client.get(reverse("community:report")).content.decode())
    assert '<th scope="row">Đỗ Mạnh Cường</th><td>Xã Ninh Giang</td><td>1</td><td>2</td>' in page
    assert '<th scope="row">Lý Văn Sơn</th><td>Xã Tân An</td><td>1</td><td>0</td>' in page
    assert 'name="unit"' in page
    only_tan_an = client.get(reverse("community:report"), {"unit": place.tan_an.pk}).content.decode()
    assert "Lý Văn Sơn" in only_tan_an
    assert "Đỗ Mạnh Cường" not in only_tan_an
