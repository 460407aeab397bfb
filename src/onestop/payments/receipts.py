"""The electronic receipt (biên lai) of a paid fee, and the VietQR image for a transfer."""

from typing import Any

import segno
from django.conf import settings
from django.utils import timezone, translation

from onestop.payments import vietqr
from onestop.payments.models import Payment
from onestop.printing.pdf import render_pdf


def vnd(amount: int) -> str:
    """An amount as Vietnamese documents print it: 16.000 (dots between thousands)."""
    return f"{amount:,}".replace(",", ".")


def priced_lines(payment: Payment) -> list[dict[str, str]]:
    return [{"name": line["name"], "amount": vnd(int(line["amount"]))} for line in payment.lines]


def transfer_qr(payment: Payment) -> str:
    """A PNG data URI of the VietQR that pays exactly this fee by bank transfer."""
    text = vietqr.payload(
        bank_bin=settings.ONESTOP_VIETQR_BANK_BIN,
        account=settings.ONESTOP_VIETQR_ACCOUNT,
        amount_vnd=payment.amount_vnd,
        message=payment.reference,
    )
    return str(segno.make(text, error="m").png_data_uri(scale=5, border=2))


def receipt_pdf(payment: Payment) -> bytes:
    if not payment.receipt_number:
        raise ValueError("only a paid fee has a receipt")
    dossier = payment.dossier
    context: dict[str, Any] = {
        "payment": payment,
        "dossier": dossier,
        "issuer": dossier.desk.agency.name,
        "place": dossier.unit.name,
        "issued_at": timezone.localtime(payment.paid_at),
        "qr": transfer_qr(payment),
        "lines": priced_lines(payment),
        "total": vnd(payment.amount_vnd),
    }
    with translation.override("vi"):
        context["method"] = payment.get_method_display()
        return render_pdf(template="payments/receipt.html", context=context)
