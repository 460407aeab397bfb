"""Fees asked at the right moment, paid online through the sandbox gateway or at the desk; every callback
verified before anything changes; nothing lost or doubled."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from onestop.dossiers.constants import DvcqgStatus, State
from onestop.dossiers.exchange import exchange_record
from onestop.dossiers.models import Dossier
from onestop.dossiers.tests.conftest import act
from onestop.payments import vietqr
from onestop.payments.gateways import VIETNAM, sign
from onestop.payments.models import Payment, PaymentEvent, PaymentMethod, PaymentState
from onestop.payments.receipts import receipt_pdf
from onestop.payments.sandbox import Sandbox
from onestop.payments.services import (
    payment_record_at_desk,
    payment_refund,
    payment_returned,
    payment_start_online,
    payments_check_pending,
    payments_reconcile,
)
from onestop.payments.tests.conftest import pay_at_sandbox

RETURN_URL = "http://testserver/thanh-toan/ve/"


def _approved(people: SimpleNamespace, dossier: Dossier) -> tuple[Dossier, Payment]:
    dossier = act(people, dossier, "leader", "approve", {"files": 1})
    return dossier, Payment.objects.get(dossier=dossier)


def _start(people: SimpleNamespace, payment: Payment) -> str:
    return payment_start_online(
        actor=people.citizen, payment=payment, return_url=RETURN_URL, client_ip="10.0.0.1"
    )


def _ipn(params: dict[str, str]) -> dict[str, str]:
    response = Client().get("/thanh-toan/ipn/vnpay/", params)
    assert response.status_code == 200
    return dict(response.json())


def test_approval_asks_for_the_online_fee_and_holds_the_return_until_paid(
    people: SimpleNamespace, fee_due: Dossier
) -> None:
    dossier, payment = _approved(people, fee_due)
    assert (payment.amount_vnd, payment.state) == (25_000, PaymentState.REQUESTED)  # the online price
    assert dossier.dvcqg_status == DvcqgStatus.FEES_DUE
    with pytest.raises(ValidationError, match="phí"):
        act(people, dossier, "desk", "return_result", {"method": "desk"})


def test_a_paid_ipn_settles_the_fee_and_the_dossier_moves_on(
    people: SimpleNamespace, fee_due: Dossier, gateway_sandbox: Sandbox
) -> None:
    dossier, payment = _approved(people, fee_due)
    back = pay_at_sandbox(_start(people, payment))
    assert _ipn(back) == {"RspCode": "00", "Message": "Confirm Success"}
    payment.refresh_from_db()
    dossier.refresh_from_db()
    assert payment.state == PaymentState.PAID
    assert payment.receipt_number
    assert (dossier.dvcqg_status, dossier.paid_online) == (DvcqgStatus.DONE, 2)
    assert exchange_record(dossier)["DuocThanhToanTrucTuyen"] == 2
    returned = act(people, dossier, "desk", "return_result", {"method": "desk"})
    assert returned.state == State.RETURNED
    assert b"%PDF" in receipt_pdf(payment)[:8]


def test_a_replayed_ipn_changes_nothing(
    people: SimpleNamespace, fee_due: Dossier, gateway_sandbox: Sandbox
) -> None:
    _dossier, payment = _approved(people, fee_due)
    back = pay_at_sandbox(_start(people, payment))
    _ipn(back)
    payment.refresh_from_db()
    first = (payment.paid_at, payment.receipt_number)
    assert _ipn(back)["RspCode"] == "02"
    payment.refresh_from_db()
    assert (payment.paid_at, payment.receipt_number) == first
    assert PaymentEvent.objects.filter(payment=payment, kind="ipn", accepted=True).count() == 1


def test_a_forged_signature_is_refused_and_logged(
    people: SimpleNamespace, fee_due: Dossier, gateway_sandbox: Sandbox
) -> None:
    _dossier, payment = _approved(people, fee_due)
    back = pay_at_sandbox(_start(people, payment))
    forged = sign(back, "not-the-secret")
    assert _ipn(forged)["RspCode"] == "97"
    tampered = {**back, "vnp_ResponseCode": "00", "vnp_TransactionNo": "1"}
    tampered["vnp_BankCode"] = "EVIL"
    assert _ipn(tampered)["RspCode"] == "97"
    payment.refresh_from_db()
    assert payment.state == PaymentState.PENDING
    assert PaymentEvent.objects.filter(kind="ipn", accepted=False, outcome__contains="signature").count() == 2


def test_a_wrong_amount_is_refused_even_when_signed(
    people: SimpleNamespace, fee_due: Dossier, gateway_sandbox: Sandbox
) -> None:
    _dossier, payment = _approved(people, fee_due)
    back = pay_at_sandbox(_start(people, payment))
    cheaper = sign({**back, "vnp_Amount": "100000"}, gateway_sandbox.secret)  # 1,000 VND instead of 25,000
    assert _ipn(cheaper)["RspCode"] == "04"
    payment.refresh_from_db()
    assert payment.state == PaymentState.PENDING


def test_an_ipn_before_the_return_leaves_the_return_nothing_to_do(
    people: SimpleNamespace, fee_due: Dossier, gateway_sandbox: Sandbox
) -> None:
    _dossier, payment = _approved(people, fee_due)
    back = pay_at_sandbox(_start(people, payment))
    _ipn(back)
    assert payment_returned(params=back).state == PaymentState.PAID  # type: ignore[union-attr]
    assert PaymentEvent.objects.filter(payment=payment, kind="query").count() == 0


def test_a_return_without_ipn_is_confirmed_with_the_gateway(
    people: SimpleNamespace, fee_due: Dossier, gateway_sandbox: Sandbox
) -> None:
    _dossier, payment = _approved(people, fee_due)
    back = pay_at_sandbox(_start(people, payment))  # the sandbox holds its IPN back
    returned = payment_returned(params=back)
    assert returned is not None
    assert returned.state == PaymentState.PAID
    assert PaymentEvent.objects.filter(payment=payment, kind="query", accepted=True).count() == 1


def test_a_gateway_timeout_keeps_the_payment_pending_until_reconciliation(
    people: SimpleNamespace, fee_due: Dossier, gateway_sandbox: Sandbox
) -> None:
    dossier, payment = _approved(people, fee_due)
    back = pay_at_sandbox(_start(people, payment))
    gateway_sandbox.api_delay_seconds = 2  # longer than ONESTOP_PAYMENT_TIMEOUT
    assert payment_returned(params=back).state == PaymentState.PENDING  # type: ignore[union-attr]
    assert PaymentEvent.objects.filter(payment=payment, outcome="gateway unavailable").exists()
    gateway_sandbox.api_delay_seconds = 0
    paid_day = payment.requested_at.astimezone(VIETNAM).date()
    report = payments_reconcile(day=paid_day)
    assert report.settled == [payment.reference]
    payment.refresh_from_db()
    dossier.refresh_from_db()
    assert payment.state == PaymentState.PAID
    assert dossier.dvcqg_status == DvcqgStatus.DONE
    assert payments_reconcile(day=paid_day).matched == 1  # the next run finds nothing to fix


def test_a_cancelled_payment_fails_and_the_fee_stays_due_under_a_new_reference(
    people: SimpleNamespace, fee_due: Dossier, gateway_sandbox: Sandbox
) -> None:
    dossier, payment = _approved(people, fee_due)
    _ipn(pay_at_sandbox(_start(people, payment), decision="cancel"))
    payment.refresh_from_db()
    assert payment.state == PaymentState.FAILED
    again = Payment.objects.get(dossier=dossier, state=PaymentState.REQUESTED)
    assert again.reference != payment.reference
    assert again.amount_vnd == payment.amount_vnd
    dossier.refresh_from_db()
    assert dossier.dvcqg_status == DvcqgStatus.FEES_DUE
    paid = payment_record_at_desk(actor=people.desk, payment=again, method=PaymentMethod.CASH)
    assert paid.state == PaymentState.PAID


def test_an_abandoned_online_payment_expires_and_is_asked_for_again(
    people: SimpleNamespace, fee_due: Dossier, gateway_sandbox: Sandbox
) -> None:
    dossier, payment = _approved(people, fee_due)
    _start(people, payment)  # the payer never finishes at the gateway
    with time_machine.travel(payment.requested_at + timedelta(hours=1), tick=False):
        assert payments_check_pending() == 1
    payment.refresh_from_db()
    assert payment.state == PaymentState.EXPIRED
    assert Payment.objects.filter(dossier=dossier, state=PaymentState.REQUESTED).count() == 1


def test_the_desk_records_cash_once_and_a_refund_only_once(people: SimpleNamespace, fee_due: Dossier) -> None:
    _dossier, payment = _approved(people, fee_due)
    with pytest.raises(ValidationError):
        payment_record_at_desk(actor=people.desk, payment=payment, method=PaymentMethod.TRANSFER)
    paid = payment_record_at_desk(actor=people.desk, payment=payment, method=PaymentMethod.CASH)
    assert paid.state == PaymentState.PAID
    assert paid.online_channel == 0
    with pytest.raises(ValidationError):
        payment_record_at_desk(actor=people.desk, payment=payment, method=PaymentMethod.CASH)
    payment_refund(actor=people.desk, payment=payment, reason="Nộp nhầm")
    with pytest.raises(ValidationError):
        payment_refund(actor=people.desk, payment=payment, reason="Nộp nhầm")


def test_another_communes_desk_cannot_record_the_payment(people: SimpleNamespace, fee_due: Dossier) -> None:
    from django.core.exceptions import PermissionDenied

    _dossier, payment = _approved(people, fee_due)
    with pytest.raises(PermissionDenied):
        payment_record_at_desk(actor=people.other_desk, payment=payment, method=PaymentMethod.CASH)


def test_the_vietqr_payload_carries_account_amount_and_a_valid_crc() -> None:
    text = vietqr.payload(bank_bin="970415", account="113366668888", amount_vnd=25_000, message="ABC123")
    fields = vietqr.parse(text)
    assert fields["54"] == "25000"
    assert fields["53"] == "704"
    assert "970415" in fields["38"]
    assert vietqr.crc16_ccitt(b"123456789") == 0x29B1  # the CRC-16/CCITT-FALSE check value
    with pytest.raises(ValueError, match="CRC"):
        vietqr.parse(text[:-1] + ("0" if text[-1] != "0" else "1"))
