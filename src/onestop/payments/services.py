"""Writes of the payments app: fee requests, desk payments, online payments and their callbacks,
refunds and the daily reconciliation. The dossier and its payment always change in one transaction."""

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onestop.catalog.constants import FeeCollection
from onestop.catalog.selectors import version_parts
from onestop.core.services import audit_record, outbox_write
from onestop.core.text import nfc
from onestop.dossiers.constants import ChannelCode, DvcqgStatus, State
from onestop.dossiers.models import Dossier
from onestop.dossiers.workflow import STATE_STATUS
from onestop.indicators.services import record_refresh
from onestop.organizations.constants import Role
from onestop.organizations.models import StaffPost
from onestop.organizations.scope import covered_unit_ids
from onestop.payments.gateways import GatewayResult, GatewayUnavailableError, SignatureError, gateway
from onestop.payments.models import Payment, PaymentEvent, PaymentMethod, PaymentState, Refund
from onestop.payments.selectors import OPEN, payment_summary

logger = logging.getLogger(__name__)

ONLINE_PAYMENT_LIFETIME = timedelta(minutes=15)
MISMATCH_TOPIC = "payment_mismatch"


def fee_lines(*, dossier: Dossier, stage: str) -> list[dict[str, Any]]:
    """The fees of ``dossier`` collected at ``stage``, with the online price for an online dossier."""
    lines = []
    for fee in version_parts(version_id=dossier.procedure_version_id).fees:
        if fee.collected_at != stage:
            continue
        amount = fee.amount_vnd
        if dossier.channel == ChannelCode.ONLINE and fee.online_amount_vnd is not None:
            amount = fee.online_amount_vnd
        if amount:
            lines.append({"name": fee.name, "amount": amount})
    return lines


def payments_status(dossier: Dossier) -> tuple[int, int]:
    """The national status and online-payment channel ``dossier`` shows for its payments: status 6 (fees
    due) while a payment is open, else its state's."""
    due, channel = payment_summary(dossier)
    return (DvcqgStatus.FEES_DUE if due else STATE_STATUS[State(dossier.state)]), channel


def payments_sync_dossier(dossier: Dossier) -> None:
    """Bring the dossier's national status and online-payment flag up to date with its payments."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    status, channel = payments_status(dossier)
    if (dossier.dvcqg_status, dossier.paid_online) != (status, channel):
        Dossier.objects.filter(pk=dossier.pk).update(dvcqg_status=status, paid_online=channel)
        dossier.dvcqg_status, dossier.paid_online = status, channel
        record_refresh(dossier=dossier)


def _event(
    payment: Payment | None, kind: str, payload: Mapping[str, Any], *, accepted: bool, outcome: str
) -> None:
    PaymentEvent.objects.create(
        payment=payment, kind=kind, payload=dict(payload), accepted=accepted, outcome=outcome[:200]
    )


@transaction.atomic
def payment_request(*, actor: Any, dossier: Dossier, stage: str, sync: bool = True) -> Payment | None:
    """Ask for the fees of ``stage``; nothing when they are zero; the open request when one exists.

    ``sync=False`` when the caller brings the dossier's national status up to date itself afterwards.
    """
    if stage not in FeeCollection.values:
        raise ValidationError(_("Unknown collection stage."))
    existing = Payment.objects.filter(dossier=dossier, stage=stage).exclude(
        state__in=[PaymentState.FAILED, PaymentState.EXPIRED]
    )
    if (found := existing.first()) is not None:
        return found
    lines = fee_lines(dossier=dossier, stage=stage)
    total = sum(line["amount"] for line in lines)
    if total == 0:
        return None
    try:
        with transaction.atomic():
            payment = Payment.objects.create(dossier=dossier, stage=stage, lines=lines, amount_vnd=total)
    except IntegrityError:  # a concurrent request made it first
        return existing.get()
    _event(payment, "request", {"lines": lines}, accepted=True, outcome="requested")
    audit_record(
        actor=actor,
        action="payment.requested",
        subject=payment,
        after={"amount": total, "stage": stage},
        created=True,
    )
    if sync:
        payments_sync_dossier(dossier)
    return payment


def _receipt_number(payment: Payment) -> str:
    return f"BL{timezone.localdate():%Y}-{payment.pk:07d}"


def _mark_paid(payment: Payment, *, method: str, actor: Any, result: GatewayResult | None = None) -> None:
    payment.state = PaymentState.PAID
    payment.method = method
    payment.paid_at = (result.paid_at if result and result.paid_at else None) or timezone.now()
    payment.receipt_number = _receipt_number(payment)
    if result is not None:
        payment.gateway_transaction = result.transaction
        payment.bank_code = result.bank_code
        payment.online_channel = gateway(payment.gateway or "vnpay").online_channel
    payment.save()
    audit_record(
        actor=actor,
        action="payment.paid",
        subject=payment,
        after={"method": method, "amount": payment.amount_vnd, "transaction": payment.gateway_transaction},
    )
    payments_sync_dossier(payment.dossier)


def _close_attempt(payment: Payment, state: str) -> Payment:
    """A failed or expired online attempt ends; the fee is still due, under a new reference (the gateway
    accepts a transaction reference once)."""
    payment.state = state
    payment.save(update_fields=["state"])
    again = Payment.objects.create(
        dossier=payment.dossier, stage=payment.stage, lines=payment.lines, amount_vnd=payment.amount_vnd
    )
    _event(
        again,
        "request",
        {"after": payment.reference},
        accepted=True,
        outcome=f"requested again after {state}",
    )
    payments_sync_dossier(payment.dossier)
    return again


def _check_desk(actor: Any, dossier: Dossier) -> None:
    covered = covered_unit_ids(user=actor, roles={Role.DESK_OFFICER})
    if isinstance(covered, frozenset) and dossier.unit_id not in covered:
        raise PermissionDenied(_("Your posts do not allow this action on this dossier."))


@transaction.atomic
def payment_record_at_desk(*, actor: Any, payment: Payment, method: str, reference: str = "") -> Payment:
    """Cash, a bank transfer or the post office, recorded by the desk officer who received it."""
    payment = Payment.objects.select_for_update().select_related("dossier").get(pk=payment.pk)
    _check_desk(actor, payment.dossier)
    if method not in {PaymentMethod.CASH, PaymentMethod.TRANSFER, PaymentMethod.POST}:
        raise ValidationError(_("Choose cash, bank transfer or post office."))
    if method == PaymentMethod.TRANSFER and not reference.strip():
        raise ValidationError(_("Give the bank transfer reference."))
    if payment.state == PaymentState.PENDING:
        raise ValidationError(
            _("An online payment of this fee is in progress; check it before taking money.")
        )
    if payment.state != PaymentState.REQUESTED:
        raise ValidationError(_("This fee is not waiting for payment."))
    payment.desk_reference = nfc(reference).strip()[:100]
    payment.recorded_by = actor
    _event(
        payment,
        "desk",
        {"method": method, "reference": payment.desk_reference},
        accepted=True,
        outcome="paid",
    )
    _mark_paid(payment, method=method, actor=actor)
    return payment


@transaction.atomic
def payment_start_online(*, actor: Any, payment: Payment, return_url: str, client_ip: str) -> str:
    """The gateway URL the applicant's browser goes to."""
    payment = Payment.objects.select_for_update().select_related("dossier").get(pk=payment.pk)
    if payment.dossier.applicant_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the applicant can pay this fee online."))
    if payment.state not in OPEN:
        raise ValidationError(_("This fee is not waiting for payment."))
    now = timezone.now()
    payment.state = PaymentState.PENDING
    payment.method = PaymentMethod.ONLINE
    payment.gateway = "vnpay"
    payment.started_at = now
    payment.expires_at = now + ONLINE_PAYMENT_LIFETIME
    payment.save()
    audit_record(actor=actor, action="payment.started", subject=payment, after={"gateway": payment.gateway})
    return gateway(payment.gateway).start_url(
        reference=payment.reference,
        amount_vnd=payment.amount_vnd,
        description=f"Thanh toan phi ho so {payment.dossier.code}",
        return_url=return_url,
        client_ip=client_ip or "127.0.0.1",
        created_at=now,
        expires_at=payment.expires_at,
    )


@dataclass(frozen=True)
class CallbackOutcome:
    payment: Payment | None
    code: str  # the gateway's IPN response code
    message: str


def _apply_result(payment: Payment, result: GatewayResult, *, kind: str) -> CallbackOutcome:
    if result.currency != "VND" or result.amount_vnd != payment.amount_vnd:
        _event(payment, kind, result.raw, accepted=False, outcome="amount or currency mismatch")
        logger.warning("Payment %s: %s with a wrong amount refused", payment.reference, kind)
        return CallbackOutcome(payment, "04", "Invalid amount")
    if payment.state == PaymentState.PAID:
        _event(payment, kind, result.raw, accepted=False, outcome="already paid")
        return CallbackOutcome(payment, "02", "Order already confirmed")
    if payment.state not in OPEN:
        _event(payment, kind, result.raw, accepted=False, outcome=f"payment is {payment.state}")
        return CallbackOutcome(payment, "02", "Order already confirmed")
    _event(payment, kind, result.raw, accepted=True, outcome="paid" if result.success else "failed")
    if result.success:
        _mark_paid(payment, method=PaymentMethod.ONLINE, actor=None, result=result)
    else:
        _close_attempt(payment, PaymentState.FAILED)
    return CallbackOutcome(payment, "00", "Confirm Success")


@transaction.atomic
def payment_notified(*, params: Mapping[str, str], kind: str = "ipn") -> CallbackOutcome:
    """A server-to-server notification (IPN): verified (signature, merchant, reference, amount, currency)
    before anything changes; a replay changes nothing; a forged one is refused and logged."""
    try:
        result = gateway().parse_callback(params)
    except SignatureError:
        _event(None, kind, params, accepted=False, outcome="signature does not verify")
        logger.warning("Payment %s refused: the signature does not verify", kind)
        return CallbackOutcome(None, "97", "Invalid signature")
    payment = Payment.objects.select_for_update().filter(reference=result.reference).first()
    if payment is None:
        _event(None, kind, params, accepted=False, outcome="unknown reference")
        return CallbackOutcome(None, "01", "Order not found")
    return _apply_result(payment, result, kind=kind)


def payment_returned(*, params: Mapping[str, str]) -> Payment | None:
    """The browser is back from the gateway. Its parameters are only a hint: unless the IPN already
    settled the payment, the gateway is asked directly (querydr); if it does not answer, the payment stays
    pending for the reconciliation."""
    with transaction.atomic():
        try:
            result = gateway().parse_callback(params)
        except SignatureError:
            _event(None, "return", params, accepted=False, outcome="signature does not verify")
            logger.warning("Payment return refused: the signature does not verify")
            return None
        payment = Payment.objects.filter(reference=result.reference).first()
        if payment is None:
            return None
        _event(payment, "return", result.raw, accepted=True, outcome="browser back")
    if payment.state == PaymentState.PENDING:
        payment_check_with_gateway(payment=payment)
        payment.refresh_from_db()
    return payment


def payment_check_with_gateway(*, payment: Payment) -> Payment:
    """Ask the gateway about a pending payment (querydr) and apply its answer."""
    try:
        result = gateway(payment.gateway or "vnpay").query(
            reference=payment.reference,
            created_at=payment.started_at or payment.requested_at,
            client_ip="127.0.0.1",
        )
    except (GatewayUnavailableError, SignatureError) as error:
        with transaction.atomic():
            _event(
                payment, "query", {"error": str(error)[:150]}, accepted=False, outcome="gateway unavailable"
            )
        return payment
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if result is None:
            if (
                locked.expires_at
                and locked.expires_at < timezone.now()
                and locked.state == PaymentState.PENDING
            ):
                _event(locked, "query", {}, accepted=True, outcome="unknown to the gateway: expired")
                _close_attempt(locked, PaymentState.EXPIRED)
            return locked
        _apply_result(locked, result, kind="query")
        return locked


def payments_check_pending() -> int:
    """Ask the gateway about every online payment left pending past its lifetime; returns how many."""
    stale = list(Payment.objects.filter(state=PaymentState.PENDING, expires_at__lt=timezone.now()))
    for payment in stale:
        payment_check_with_gateway(payment=payment)
    return len(stale)


@transaction.atomic
def payment_refund(*, actor: Any, payment: Payment, reason: str) -> Refund:
    """Record a refund once: a second request for the same payment is refused."""
    payment = Payment.objects.select_for_update().select_related("dossier").get(pk=payment.pk)
    _check_desk(actor, payment.dossier)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the refund."))
    if Refund.objects.filter(payment=payment).exists() or payment.state == PaymentState.REFUNDED:
        raise ValidationError(_("This payment has already been refunded."))
    if payment.state != PaymentState.PAID:
        raise ValidationError(_("Only a paid fee can be refunded."))
    refund = Refund.objects.create(
        payment=payment, amount_vnd=payment.amount_vnd, reason=nfc(reason).strip()[:500], created_by=actor
    )
    payment.state = PaymentState.REFUNDED
    payment.save(update_fields=["state"])
    _event(payment, "refund", {"reason": refund.reason}, accepted=True, outcome="refunded")
    audit_record(actor=actor, action="payment.refunded", subject=payment, after={"amount": refund.amount_vnd})
    payments_sync_dossier(payment.dossier)
    return refund


@dataclass
class Reconciliation:
    day: date
    matched: int = 0
    settled: list[str] = field(default_factory=list)  # pending here, paid at the gateway: now paid
    mismatches: list[dict[str, Any]] = field(default_factory=list)


def payments_reconcile(*, day: date) -> Reconciliation:
    """Compare the day's online payments with the gateway's list; settle what the gateway confirms and
    report every mismatch to the administrators of the dossier's unit."""
    report = Reconciliation(day=day)
    theirs = {row.reference: row for row in gateway().transactions(day)}
    ours = Payment.objects.filter(method=PaymentMethod.ONLINE, paid_at__date=day, state=PaymentState.PAID)
    for payment in ours.select_related("dossier"):
        row = theirs.pop(payment.reference, None)
        if row is None:
            report.mismatches.append(
                {"reference": payment.reference, "problem": "paid here, unknown to the gateway"}
            )
        elif row.amount_vnd != payment.amount_vnd:
            report.mismatches.append({"reference": payment.reference, "problem": "amounts differ"})
        else:
            report.matched += 1
    for reference, row in theirs.items():
        known = Payment.objects.filter(reference=reference).first()
        if known is not None and known.state in OPEN:
            with transaction.atomic():
                outcome = _apply_result(
                    Payment.objects.select_for_update().get(pk=known.pk), row, kind="reconcile"
                )
            if outcome.code == "00":
                report.settled.append(reference)
                continue
        problem = (
            "paid at the gateway, unknown here" if payment is None else f"gateway paid, here {payment.state}"
        )
        report.mismatches.append({"reference": reference, "problem": problem})
    _report_mismatches(report)
    return report


@transaction.atomic
def _report_mismatches(report: Reconciliation) -> None:
    for mismatch in report.mismatches:
        payment = Payment.objects.filter(reference=mismatch["reference"]).select_related("dossier").first()
        _event(payment, "reconcile", mismatch, accepted=False, outcome=mismatch["problem"])
        unit_id = payment.dossier.unit_id if payment else None
        admins = (
            StaffPost.objects.filter(role=Role.UNIT_ADMIN, unit_id=unit_id)
            if unit_id
            else StaffPost.objects.none()
        )
        for post in admins.select_related("user"):
            if post.user.email:
                outbox_write(
                    topic=MISMATCH_TOPIC,
                    key=f"{report.day}:{mismatch['reference']}:{post.user_id}",
                    payload={
                        "recipient": post.user.email,
                        "day": report.day.isoformat(),
                        "reference": mismatch["reference"],
                        "problem": mismatch["problem"],
                        "dossier": payment.dossier.code if payment else "",
                    },
                )
