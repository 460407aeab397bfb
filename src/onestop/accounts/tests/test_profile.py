"""A person sees their account, keeps an address and notice settings, and registers an organisation."""

import pytest
from django.test import Client
from django.urls import reverse

from onestop.accounts.models import Organization, User
from onestop.notifications.models import Preference

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client: Client, citizen: User) -> Client:
    client.force_login(citizen)
    return client


def test_the_profile_shows_the_account_with_the_id_masked(logged_in: Client, citizen: User) -> None:
    page = logged_in.get(reverse("accounts:profile")).content.decode()
    assert "Nguyễn Thị Bình" in page
    assert "0912000111" in page
    assert citizen.personal_id not in page
    assert "*********111" in page
    assert reverse("accounts:confirm") in page  # not confirmed yet


def test_the_profile_saves_notice_preferences(logged_in: Client, citizen: User) -> None:
    response = logged_in.post(reverse("accounts:preferences_edit"), {"email": "on", "language": "en"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    preference = Preference.objects.get(user=citizen)
    assert (preference.email, preference.sms, preference.language) == (True, False, "en")
    form = logged_in.get(reverse("accounts:preferences_edit")).content.decode()
    assert '<input type="checkbox" name="email" id="id_email" checked>' in form
    assert '<input type="checkbox" name="sms" id="id_sms">' in form
    assert 'value="en" selected' in form


def test_the_profile_saves_an_address(logged_in: Client, citizen: User) -> None:
    response = logged_in.post(reverse("accounts:address_edit"), {"address": " Thôn Đông, xã Ninh Giang "})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.address == "Thôn Đông, xã Ninh Giang"
    assert "Thôn Đông, xã Ninh Giang" in logged_in.get(reverse("accounts:profile")).content.decode()


def test_an_organisation_registered_on_the_page_is_listed_on_the_profile(
    logged_in: Client, citizen: User
) -> None:
    response = logged_in.post(
        reverse("accounts:organization_new"),
        {"name": "Hợp tác xã Nông nghiệp Ninh Giang", "tax_code": "0201234567", "address": "Ninh Giang"},
    )
    assert response.status_code == 302
    organization = Organization.objects.get(tax_code="0201234567")
    assert list(organization.representatives.all()) == [citizen]
    page = logged_in.get(reverse("accounts:profile")).content.decode()
    assert "Hợp tác xã Nông nghiệp Ninh Giang" in page


def test_a_bad_tax_code_keeps_the_input_and_says_what_is_wrong(logged_in: Client) -> None:
    response = logged_in.post(
        reverse("accounts:organization_new"), {"name": "Cửa hàng Bình An", "tax_code": "12345"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in page
    assert 'value="Cửa hàng Bình An"' in page
    assert not Organization.objects.exists()


def test_account_pages_need_a_login(client: Client) -> None:
    for name in ("profile", "address_edit", "preferences_edit", "organization_new", "confirm"):
        response = client.get(reverse(f"accounts:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
