"""Delivery channels behind one interface: e-mail over SMTP, SMS through an HTTP gateway (Zalo ZNS fits too).

A channel raises TemporaryFailure (retry later) or PermanentFailure (give up) and returns the provider's
reference on success.
"""

import json
import smtplib
import urllib.error
import urllib.request
from typing import ClassVar, Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection


class TemporaryFailureError(Exception):
    pass


class PermanentFailureError(Exception):
    pass


class Channel(Protocol):
    name: ClassVar[str]

    def send(self, *, recipient: str, subject: str, body: str, reference: str) -> str: ...


class EmailChannel:
    name: ClassVar[str] = "email"

    def send(self, *, recipient: str, subject: str, body: str, reference: str) -> str:
        message = EmailMessage(
            subject=subject,
            body=body,
            to=[recipient],
            headers={"X-OneStop-Reference": reference},
            connection=get_connection(timeout=10),
        )
        try:
            message.send()
        except smtplib.SMTPRecipientsRefused as error:
            raise PermanentFailureError(f"recipient refused: {error.recipients}") from error
        except (smtplib.SMTPException, OSError) as error:
            raise TemporaryFailureError(str(error)) from error
        return reference


class HttpSmsChannel:
    """A JSON-over-HTTP SMS gateway: POST {to, text, reference, callback}; answers {"id": …}.

    4xx answers are permanent (bad number, refused content); 5xx and network errors are retried. The gateway
    later posts delivery receipts {"id", "status": "delivered" | "failed"} to the callback URL.
    """

    name: ClassVar[str] = "sms"

    def send(self, *, recipient: str, subject: str, body: str, reference: str) -> str:
        url = settings.ONESTOP_SMS_GATEWAY_URL
        if not url:
            raise PermanentFailureError("no SMS gateway is configured (ONESTOP_SMS_GATEWAY_URL)")
        payload = json.dumps(
            {
                "to": recipient,
                "text": body,
                "reference": reference,
                "callback": settings.ONESTOP_SMS_RECEIPT_URL,
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - the configured gateway, http(s) only
            url,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.ONESTOP_SMS_GATEWAY_TOKEN}",
            },
        )
        if not url.startswith(("http://", "https://")):
            raise PermanentFailureError("the SMS gateway URL must be http(s)")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            if 400 <= error.code < 500:
                raise PermanentFailureError(f"gateway refused: {error.code}") from error
            raise TemporaryFailureError(f"gateway error: {error.code}") from error
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise TemporaryFailureError(str(error)) from error
        return str(answer.get("id") or reference)


CHANNELS: dict[str, Channel] = {"email": EmailChannel(), "sms": HttpSmsChannel()}
