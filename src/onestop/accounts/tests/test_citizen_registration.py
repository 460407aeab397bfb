import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from onestop.accounts.models import User
from onestop.accounts.services import citizen_register

pytestmark = pytest.mark.django_db

GOOD = {
    "full_name": "Nguyễn Thị Bình",
    "personal_id": "031190001111",
    "phone": "+84 912 000 111",
    "email": "",
    "password": "mua-xuan-tren-bien-2026",
}


@pytest.mark.smoke
def test_citizen_registers_with_phone_and_is_logged_in(client: Client) -> None:
    response = client.post(reverse("accounts:register"), GOOD)
    assert response.status_code == 302
    user = User.objects.get(personal_id="031190001111")
    assert user.username == "0912000111"
    assert user.phone == "0912000111"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_registration_stores_names_in_nfc() -> None:
    user = citizen_register(**{**GOOD, "full_name": unicodedata.normalize("NFD", "Nguyễn Thị Bình")})
    assert user.full_name == unicodedata.normalize("NFC", "Nguyễn Thị Bình")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("personal_id", "12345"),
        ("phone", "12345"),
        ("password", "123456789012"),
        ("password", "short"),
        ("full_name", "   "),
    ],
)
def test_registration_refuses_bad_input_field_by_field(field: str, value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        citizen_register(**{**GOOD, field: value})
    assert field in caught.value.message_dict


def test_registration_needs_phone_or_email() -> None:
    with pytest.raises(ValidationError) as caught:
        citizen_register(**{**GOOD, "phone": "", "email": ""})
    assert "phone" in caught.value.message_dict


def test_same_personal_id_cannot_register_twice() -> None:
    citizen_register(**GOOD)
    with pytest.raises(ValidationError) as caught:
        citizen_register(**{**GOOD, "phone": "0987000000"})
    assert "personal_id" in caught.value.message_dict


def test_registration_page_keeps_input_and_shows_errors_in_vietnamese(client: Client) -> None:
    response = client.post(reverse("accounts:register"), {**GOOD, "personal_id": "123"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Có lỗi cần sửa" in page
    assert "Số định danh cá nhân gồm đúng 12 chữ số." in page
    assert 'value="Nguyễn Thị Bình"' in page
    assert not User.objects.exists()
