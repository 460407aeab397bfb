"""A new citizen confirms their phone or e-mail with a one-time code; codes die by age, tries, newer codes."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onestop.accounts.models import User, VerificationCode
from onestop.accounts.selectors import account_is_verified
from onestop.accounts.services import verification_code_check, verification_code_send
from onestop.accounts.tests.conftest import CITIZEN, PASSWORD, another_code, code_in, last_code_sent
from onestop.core.models import OutboxMessage
from onestop.notifications.models import Delivery
from onestop.notifications.services import preference_save

pytestmark = pytest.mark.django_db

REGISTER = VerificationCode.Purpose.REGISTER


def test_registration_by_email_sends_a_code_that_arrives_and_confirms_the_account(
    client: Client, smtp_server: Any, deliver: Callable[[], None]
) -> None:
    response = client.post(reverse("accounts:register"), {**CITIZEN, "phone": "", "email": "Binh@Example.vn"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:confirm"))
    user = User.objects.get(personal_id=CITIZEN["personal_id"])
    assert client.session["_auth_user_id"] == str(user.pk)
    assert not account_is_verified(user=user)

    deliver()
    [message] = [m for m in smtp_server.messages if m["To"] == "binh@example.vn"]
    code = code_in(message.get_content())
    assert code not in message["Subject"]
    stored = VerificationCode.objects.get(user=user)
    assert code not in stored.code_hash  # only a keyed hash is kept

    page = client.get(response["Location"])
    assert "binh@example.vn" in page.content.decode()
    confirmed = client.post(reverse("accounts:confirm"), {"code": code})
    assert confirmed.status_code == 302
    user.refresh_from_db()
    assert user.contact_verified_at is not None
    assert account_is_verified(user=user)
    assert not verification_code_check(user=user, purpose=REGISTER, code=code)  # used up


def test_a_code_goes_by_sms_to_a_phone_even_when_sms_notices_are_off(
    citizen: User, sms_gateway: Any, smtp_server: Any, deliver: Callable[[], None]
) -> None:
    preference_save(user=citizen, email=True, sms=False, language="en")
    VerificationCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    verification_code_send(user=citizen, purpose=REGISTER)
    deliver()
    assert smtp_server.messages == []
    assert {m["to"] for m in sms_gateway.received} == {"0912000111"}
    last = sms_gateway.received[-1]["text"]
    assert "Your OneStop verification code is" in last  # the person's language (English here)
    assert verification_code_check(user=citizen, purpose=REGISTER, code=code_in(last))
    assert Delivery.objects.filter(channel="email").count() == 0


def test_a_sent_code_is_kept_neither_in_the_outbox_nor_in_the_delivery(
    citizen: User, sms_gateway: Any, deliver: Callable[[], None]
) -> None:
    code = last_code_sent(citizen)
    deliver()
    assert code in sms_gateway.received[-1]["text"]
    message = OutboxMessage.objects.filter(topic="account_code").order_by("-id").first()
    assert message is not None
    assert code not in str(message.payload)
    assert all(code not in delivery.body for delivery in Delivery.objects.all())


def test_five_wrong_codes_kill_the_code(citizen: User) -> None:
    right = last_code_sent(citizen)
    wrong = another_code(right)
    for _attempt in range(VerificationCode.MAX_ATTEMPTS):
        assert not verification_code_check(user=citizen, purpose=REGISTER, code=wrong)
    assert not verification_code_check(user=citizen, purpose=REGISTER, code=right)
    citizen.refresh_from_db()
    assert citizen.contact_verified_at is None
    assert VerificationCode.objects.get(user=citizen).attempts == VerificationCode.MAX_ATTEMPTS


def test_four_wrong_codes_still_leave_the_right_one_working(citizen: User) -> None:
    right = last_code_sent(citizen)
    for _attempt in range(VerificationCode.MAX_ATTEMPTS - 1):
        assert not verification_code_check(user=citizen, purpose=REGISTER, code=another_code(right))
    assert verification_code_check(user=citizen, purpose=REGISTER, code=right)


def test_an_expired_code_is_refused(citizen: User) -> None:
    code = last_code_sent(citizen)
    with time_machine.travel(timezone.now() + VerificationCode.LIFETIME + timedelta(seconds=1)):
        assert not verification_code_check(user=citizen, purpose=REGISTER, code=code)
    citizen.refresh_from_db()
    assert citizen.contact_verified_at is None


def test_a_code_works_until_it_expires(citizen: User) -> None:
    code = last_code_sent(citizen)
    with time_machine.travel(timezone.now() + VerificationCode.LIFETIME - timedelta(seconds=5)):
        assert verification_code_check(user=citizen, purpose=REGISTER, code=code)


def test_a_new_code_is_rate_limited_and_replaces_the_old_one(citizen: User) -> None:
    first = last_code_sent(citizen)
    with pytest.raises(ValidationError, match="chưa đầy một phút"):
        verification_code_send(user=citizen, purpose=REGISTER)
    start = timezone.now()
    for minute in range(1, 5):  # codes 2 to 5 of the hour
        with time_machine.travel(start + timedelta(seconds=61 * minute)):
            verification_code_send(user=citizen, purpose=REGISTER)
    with (
        time_machine.travel(start + timedelta(minutes=10)),
        pytest.raises(ValidationError, match="một giờ qua"),
    ):
        verification_code_send(user=citizen, purpose=REGISTER)
    assert OutboxMessage.objects.filter(topic="account_code").count() == 5
    latest = last_code_sent(citizen)
    with time_machine.travel(start + timedelta(minutes=10)):
        if first != latest:
            assert not verification_code_check(user=citizen, purpose=REGISTER, code=first)
        assert verification_code_check(user=citizen, purpose=REGISTER, code=latest)
    with time_machine.travel(start + timedelta(minutes=61)):
        verification_code_send(user=citizen, purpose=REGISTER)  # a new hour


def test_the_send_a_new_code_button_says_when_it_is_too_soon(client: Client, citizen: User) -> None:
    client.force_login(citizen)
    response = client.post(reverse("accounts:confirm_resend"), follow=True)
    assert "chưa đầy một phút" in response.content.decode()
    assert OutboxMessage.objects.filter(topic="account_code").count() == 1
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        response = client.post(reverse("accounts:confirm_resend"), follow=True)
    assert "Chúng tôi đã gửi mã mới đến 0912000111" in response.content.decode()
    assert OutboxMessage.objects.filter(topic="account_code").count() == 2


def test_a_wrong_code_on_the_page_shows_an_error_and_keeps_the_account_unconfirmed(
    client: Client, citizen: User
) -> None:
    client.force_login(citizen)
    right = last_code_sent(citizen)
    wrong = another_code(right)
    response = client.post(reverse("accounts:confirm"), {"code": wrong})
    page = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in page
    assert 'inputmode="numeric"' in page
    assert 'autocomplete="one-time-code"' in page
    citizen.refresh_from_db()
    assert citizen.contact_verified_at is None


def test_an_unconfirmed_citizen_who_logs_in_is_asked_for_the_code(client: Client, citizen: User) -> None:
    response = client.post(reverse("accounts:login"), {"username": "0912000111", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:confirm"))


@pytest.mark.usefixtures("demo")
def test_staff_and_accounts_made_outside_registration_count_as_verified() -> None:
    official = User.objects.get(username="motcua.ninhgiang")
    User.objects.filter(pk=official.pk).update(contact_verified_at=None)
    official.refresh_from_db()
    assert account_is_verified(user=official)  # a staff post is enough
    assert account_is_verified(user=User.objects.get(username="0912345678"))  # the demo citizen
    User.objects.filter(username="0912345678").update(contact_verified_at=None)
    assert not account_is_verified(user=User.objects.get(username="0912345678"))


def test_a_code_typed_with_a_space_is_accepted_on_the_page(client: Client, citizen: User) -> None:
    client.force_login(citizen)
    code = last_code_sent(citizen)
    response = client.post(
        reverse("accounts:confirm") + "?next=/tra-cuu/", {"code": f"{code[:3]} {code[3:]}"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/tra-cuu/"
    citizen.refresh_from_db()
    assert citizen.contact_verified_at is not None
