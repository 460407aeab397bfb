"""The real SMTP server and HTTP SMS gateway of the notification tests, and a registered citizen."""

import re
from collections.abc import Callable
from typing import Any

import pytest

from onestop.accounts.models import User
from onestop.accounts.services import citizen_register
from onestop.core.models import OutboxMessage
from onestop.notifications.services import CODE_TOPIC, deliveries_send, notices_fan_out
from onestop.notifications.tests.conftest import sms_gateway, smtp_server

__all__ = ["sms_gateway", "smtp_server"]

PASSWORD = "mua-xuan-tren-bien-2026"
CITIZEN = {
    "full_name": "Nguyễn Thị Bình",
    "personal_id": "031190001111",
    "phone": "0912000111",
    "email": "",
    "password": PASSWORD,
}


@pytest.fixture
def citizen(db: None) -> User:
    """A citizen just registered by phone: unverified, with a registration code on its way."""
    return citizen_register(**CITIZEN)


@pytest.fixture
def deliver() -> Callable[[], None]:
    """What the background worker does: fan queued codes out to channels, then send them."""

    def run() -> None:
        notices_fan_out()
        report = deliveries_send()
        assert report.failed == 0

    return run


def code_in(text: str) -> str:
    found = re.findall(r"\b\d{6}\b", text)
    assert len(found) == 1, f"expected one 6-digit code in {text!r}"
    return found[0]


def last_code_sent(user: User) -> str:
    """The code as the worker reads it from the outbox (for tests that need no real delivery)."""
    message = OutboxMessage.objects.filter(topic=CODE_TOPIC, payload__account=user.pk).order_by("-id").first()
    assert message is not None, "no code was queued"
    code: Any = message.payload["code"]
    return str(code)


def another_code(code: str) -> str:
    """A well-formed code that is not ``code``."""
    return f"{(int(code) + 1) % 1_000_000:06d}"
