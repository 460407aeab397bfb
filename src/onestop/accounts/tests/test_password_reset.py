"""A forgotten password is replaced with a code sent to the phone or e-mail; nobody learns who has one."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onestop.accounts.models import User, VerificationCode
from onestop.accounts.services import password_reset_with_code
from onestop.accounts.tests.conftest import PASSWORD, another_code, code_in, last_code_sent
from onestop.core.models import OutboxMessage
from onestop.notifications.models import Delivery

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "hoa-phuong-do-sau-he-2027"


@pytest.fixture
def verified(citizen: User) -> User:
    # Registered a while ago and confirmed: no registration code in the way of the rate limit.
    VerificationCode.objects.all().delete()
    OutboxMessage.objects.all().delete()
    User.objects.filter(pk=citizen.pk).update(contact_verified_at=timezone.now())
    citizen.refresh_from_db()
    return citizen


def _ask_for_code(client: Client, login: str) -> str:
    response = client.post(reverse("accounts:password_reset"), {"login": login})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_confirm")
    page = client.get(response["Location"]).content.decode()
    main = re.search(r"<main.*</main>", page, re.DOTALL)
    assert main is not None
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main.group())


def test_a_reset_code_by_sms_changes_the_password(
    client: Client, verified: User, sms_gateway: Any, deliver: Callable[[], None]
) -> None:
    _ask_for_code(client, "+84 912 000 111")
    deliver()
    [sms] = sms_gateway.received
    assert sms["to"] == "0912000111"
    response = client.post(
        reverse("accounts:password_reset_confirm"),
        {"code": code_in(sms["text"]), "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    verified.refresh_from_db()
    assert verified.check_password(NEW_PASSWORD)
    login = Client().post(reverse("accounts:login"), {"username": "0912000111", "password": NEW_PASSWORD})
    assert login.status_code == 302
    assert login["Location"] == reverse("portal:home")


def test_a_wrong_reset_code_leaves_the_password_alone(client: Client, verified: User) -> None:
    _ask_for_code(client, "0912000111")
    right = last_code_sent(verified)
    wrong = another_code(right)
    response = client.post(
        reverse("accounts:password_reset_confirm"),
        {"code": wrong, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    verified.refresh_from_db()
    assert verified.check_password(PASSWORD)
    assert not verified.check_password(NEW_PASSWORD)


def test_a_registration_code_cannot_reset_the_password(citizen: User) -> None:
    assert not password_reset_with_code(
        login="0912000111", code=last_code_sent(citizen), new_password=NEW_PASSWORD
    )
    citizen.refresh_from_db()
    assert citizen.check_password(PASSWORD)


@pytest.mark.parametrize("weak", ["short", "ninhgiang.binh"])  # too short; too close to the e-mail
def test_a_weak_new_password_is_refused_and_the_code_still_works(verified: User, weak: str) -> None:
    User.objects.filter(pk=verified.pk).update(email="ninhgiang.binh@example.vn")
    _ask_for_code(Client(), "0912000111")
    code = last_code_sent(verified)
    with pytest.raises(ValidationError) as caught:
        password_reset_with_code(login="0912000111", code=code, new_password=weak)
    assert "new_password" in caught.value.message_dict
    assert password_reset_with_code(login="0912000111", code=code, new_password=NEW_PASSWORD)
    verified.refresh_from_db()
    assert verified.check_password(NEW_PASSWORD)


def test_an_unknown_login_gets_the_same_answer_and_nothing_is_sent(
    verified: User, smtp_server: Any, sms_gateway: Any, deliver: Callable[[], None]
) -> None:
    known = _ask_for_code(Client(), "0912000111")
    OutboxMessage.objects.all().delete()
    unknown = _ask_for_code(Client(), "0987654321")
    assert unknown.replace("0987654321", "0912000111") == known
    for login in ("nobody@example.vn", "someone"):
        _ask_for_code(Client(), login)
    assert not OutboxMessage.objects.filter(topic="account_code").exists()
    deliver()
    assert not Delivery.objects.exists()
    assert smtp_server.messages == []
    assert sms_gateway.received == []
    assert not password_reset_with_code(login="0987654321", code="123456", new_password=NEW_PASSWORD)


def test_asking_again_too_soon_gets_the_same_answer_and_sends_nothing_more(verified: User) -> None:
    first = _ask_for_code(Client(), "0912000111")
    again = _ask_for_code(Client(), "0912000111")
    assert again == first
    assert OutboxMessage.objects.filter(topic="account_code").count() == 1


def test_the_login_page_links_to_the_password_reset(client: Client) -> None:
    page = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:password_reset") in page
