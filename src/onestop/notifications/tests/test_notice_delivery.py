"""Every status change notifies the applicant by e-mail (real SMTP) and SMS (local gateway), with retries."""

from collections.abc import Callable
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

from django.test import Client

from onestop.dossiers.constants import State
from onestop.dossiers.models import Dossier
from onestop.dossiers.tests.conftest import act
from onestop.notifications.models import Delivery, DeliveryState
from onestop.notifications.services import deliveries_send, notices_fan_out, preference_save
from onestop.workdays.deadlines import TZ


def test_a_status_change_reaches_the_applicant_by_email_and_sms(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier], smtp_server: Any, sms_gateway: Any
) -> None:
    dossier = dossier_in(State.NEW)
    Dossier.objects.filter(pk=dossier.pk).update(applicant_email="an@example.vn")
    dossier.refresh_from_db()
    act(people, dossier, "desk", "receive", {})
    notices_fan_out()
    report = deliveries_send()
    assert report.failed == 0
    emails = [m for m in smtp_server.messages if dossier.code in m["Subject"]]
    assert emails, "no e-mail arrived at the SMTP server"
    body = emails[-1].get_content()
    assert "Đã tiếp nhận tại Bộ phận Một cửa" in body
    assert f"/tra-cuu/{dossier.token}/" in body
    texts = [message["text"] for message in sms_gateway.received]
    assert any(dossier.code in text for text in texts)
    assert all(message["to"] == "0912345678" for message in sms_gateway.received)
    sms = Delivery.objects.filter(channel="sms").order_by("-id").first()
    assert sms is not None
    assert sms.state == DeliveryState.SENDING  # waiting for the gateway's receipt
    receipt = Client().post(
        "/notifications/sms/receipt",
        {"id": sms.provider_reference, "status": "delivered"},
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer receipt-secret",
    )
    assert receipt.json() == {"known": True}
    sms.refresh_from_db()
    assert sms.state == DeliveryState.DELIVERED


def test_notices_follow_the_persons_language_and_channels(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier], smtp_server: Any, sms_gateway: Any
) -> None:
    preference_save(user=people.citizen, email=True, sms=False, language="en")
    dossier = dossier_in(State.NEW)
    Dossier.objects.filter(pk=dossier.pk).update(applicant_email="an@example.vn")
    dossier.refresh_from_db()
    act(people, dossier, "desk", "receive", {})
    notices_fan_out()
    deliveries_send()
    assert sms_gateway.received == []
    body = smtp_server.messages[-1].get_content()
    assert "Received at the desk" in body


def test_a_gateway_outage_is_retried_then_fails_permanently(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier], sms_gateway: Any
) -> None:
    dossier_in(State.NEW)
    notices_fan_out()
    sms_gateway.answer_status = 503
    start = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
    deliveries_send(now=start)
    delivery = Delivery.objects.get(channel="sms")
    assert delivery.state == DeliveryState.FAILED_TEMPORARY
    assert delivery.next_attempt_at == start + timedelta(minutes=1)
    deliveries_send(now=start)  # not due yet: nothing sent again
    assert len(sms_gateway.received) == 1
    moment = start
    for _attempt in range(4):
        moment += timedelta(hours=3)
        deliveries_send(now=moment)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED_PERMANENT
    assert delivery.attempts == 5
    assert "503" in delivery.last_error


def test_a_refused_number_fails_at_once_and_shows_on_the_staff_page(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier], sms_gateway: Any, staff_client: Any
) -> None:
    dossier = dossier_in(State.NEW)
    notices_fan_out()
    sms_gateway.answer_status = 400
    deliveries_send()
    assert Delivery.objects.get(channel="sms").state == DeliveryState.FAILED_PERMANENT
    page = staff_client("motcua.ninhgiang").get("/staff/notifications/failures/").content.decode()
    assert dossier.code in page
    other = staff_client("motcua.tanan").get("/staff/notifications/failures/").content.decode()
    assert dossier.code not in other


def test_receipts_without_the_shared_secret_are_refused(sms_gateway: Any, db: None) -> None:
    response = Client().post(
        "/notifications/sms/receipt", {"id": "x", "status": "delivered"}, content_type="application/json"
    )
    assert response.status_code == 401


def test_fan_out_twice_creates_each_delivery_once(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier_in(State.NEW)
    notices_fan_out()
    notices_fan_out()
    assert Delivery.objects.filter(channel="sms").count() == 1
