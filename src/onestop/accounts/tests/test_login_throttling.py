import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("demo")


def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_password(client: Client) -> None:
    url = reverse("accounts:login")
    for _attempt in range(5):
        response = client.post(url, {"username": "motcua.ninhgiang", "password": "wrong-password"})
        assert response.status_code in {200, 429}
    locked = client.post(url, {"username": "motcua.ninhgiang", "password": "demo-onestop-2026"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_wrong_password_does_not_lock(client: Client) -> None:
    url = reverse("accounts:login")
    client.post(url, {"username": "0912345678", "password": "wrong-password"})
    response = client.post(url, {"username": "0912345678", "password": "demo-onestop-2026"})
    assert response.status_code == 302
