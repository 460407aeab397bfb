"""Staff reach staff pages only after a TOTP code; citizens log in with a password alone."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from onestop.accounts.models import User

pytestmark = pytest.mark.usefixtures("demo")

PASSWORD = "demo-onestop-2026"


def _current_code() -> str:
    return f"{totp(bytes.fromhex(settings.ONESTOP_DEMO_TOTP_KEY), step=30, t0=0, digits=6):06d}"


def _password_login(client: Client, username: str) -> str:
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return str(response["Location"])


@pytest.mark.smoke
def test_staff_password_login_leads_to_code_then_staff_home(client: Client) -> None:
    assert _password_login(client, "motcua.ninhgiang").startswith(reverse("accounts:verify"))
    # Password alone does not open staff pages.
    blocked = client.get(reverse("backoffice:home"))
    assert blocked.status_code == 302
    assert blocked["Location"].startswith(reverse("accounts:verify"))
    response = client.post(
        reverse("accounts:verify") + "?next=/staff/", {"token": _current_code(), "next": "/staff/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    home = client.get(reverse("backoffice:home"))
    assert home.status_code == 200
    assert "Nguyễn Thị Lan" in home.content.decode()


def test_wrong_code_is_refused_with_a_clear_message(client: Client) -> None:
    _password_login(client, "motcua.ninhgiang")
    wrong = f"{(int(_current_code()) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:verify"), {"token": wrong})
    assert response.status_code == 200
    assert "Mã không đúng hoặc đã hết hạn" in response.content.decode()
    assert client.get(reverse("backoffice:home")).status_code == 302


def test_staff_without_authenticator_must_enrol_one(client: Client) -> None:
    user = User.objects.get(username="tuphap.ninhgiang")
    user.totpdevice_set.all().delete()
    assert _password_login(client, "tuphap.ninhgiang").startswith(reverse("accounts:otp_setup"))
    page = client.get(reverse("accounts:otp_setup"))
    assert b"<svg" in page.content
    device = user.totpdevice_set.get(confirmed=False)
    code = f"{totp(device.bin_key, step=30, t0=0, digits=6):06d}"
    response = client.post(reverse("accounts:otp_setup"), {"token": code})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("backoffice:home")).status_code == 200


def test_citizen_login_needs_no_second_factor(client: Client) -> None:
    assert _password_login(client, "0912345678") == reverse("portal:home")


def test_admin_site_requires_second_factor(client: Client) -> None:
    client.force_login(User.objects.get(username="quantri.haiphong"))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_login_redirect_ignores_foreign_next_url(client: Client) -> None:
    response = client.post(
        reverse("accounts:login") + "?next=https://evil.example/",
        {"username": "motcua.ninhgiang", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert "evil.example" not in response["Location"].split("next=")[0]
    assert "next=https" not in response["Location"]
