"""Payment pages: the applicant's fee page, the gateway's return and IPN, receipts, desk recording."""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from onestop.backoffice.access import staff_required
from onestop.dossiers.selectors import dossiers_visible_to
from onestop.payments.gateways import GatewayUnavailableError
from onestop.payments.models import Payment, PaymentMethod, PaymentState
from onestop.payments.receipts import priced_lines, receipt_pdf, transfer_qr, vnd
from onestop.payments.selectors import OPEN, receipt_readable_by
from onestop.payments.services import (
    payment_notified,
    payment_record_at_desk,
    payment_returned,
    payment_start_online,
)


def _own_payment(request: HttpRequest, reference: str) -> Payment:
    payment = (
        Payment.objects.filter(reference=reference, dossier__applicant_id=request.user.pk)
        .select_related("dossier")
        .first()
    )
    if payment is None:
        raise Http404
    return payment


@login_required
def payment_page(request: HttpRequest, reference: str) -> HttpResponse:
    payment = _own_payment(request, reference)
    response = render(
        request,
        "payments/payment.html",
        {
            "payment": payment,
            "payable": payment.state in OPEN,
            "qr": transfer_qr(payment) if payment.state in OPEN else "",
            "paid": payment.state == PaymentState.PAID,
            "lines": priced_lines(payment),
            "total": vnd(payment.amount_vnd),
        },
    )
    # The "pay online" form is answered by a redirect to the gateway, which form-action must allow.
    gateway_origin = "{0.scheme}://{0.netloc}".format(urlsplit(settings.ONESTOP_PAYMENT_PAY_URL))
    response._csp_update = {"form-action": [gateway_origin]}  # type: ignore[attr-defined]
    return response


@login_required
@require_POST
def payment_start(request: HttpRequest, reference: str) -> HttpResponse:
    payment = _own_payment(request, reference)
    try:
        url = payment_start_online(
            actor=request.user,
            payment=payment,
            return_url=request.build_absolute_uri(reverse("payments:returned")),
            client_ip=request.META.get("REMOTE_ADDR", ""),
        )
    except (ValidationError, PermissionDenied, GatewayUnavailableError) as error:
        messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))
        return redirect("payments:page", reference=reference)
    return redirect(url)


@require_GET
def payment_return(request: HttpRequest) -> HttpResponse:
    try:
        payment = payment_returned(params=request.GET.dict())
    except GatewayUnavailableError:
        payment = None
    if payment is None:
        messages.error(request, _("The payment answer could not be verified; nothing was changed."))
        return redirect("portal:my_dossiers")
    if payment.state == PaymentState.PAID:
        messages.success(request, _("Payment received. Thank you."))
    elif payment.state == PaymentState.PENDING:
        messages.info(request, _("The gateway has not confirmed the payment yet; this page will show it."))
    else:
        messages.error(request, _("The payment did not go through; you can try again."))
    return redirect("payments:page", reference=payment.reference)


@csrf_exempt  # the gateway's server calls this; the HMAC signature is the authentication
@require_GET
def payment_ipn(request: HttpRequest) -> JsonResponse:
    try:
        outcome = payment_notified(params=request.GET.dict())
    except GatewayUnavailableError:
        return JsonResponse({"RspCode": "99", "Message": "Unknown error"})
    return JsonResponse({"RspCode": outcome.code, "Message": outcome.message})


def receipt(request: HttpRequest, reference: str) -> HttpResponse:
    payment = receipt_readable_by(user=request.user, reference=reference)
    if payment is None:
        raise Http404
    response = HttpResponse(receipt_pdf(payment), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bien-lai-{payment.receipt_number}.pdf"'
    return response


class DeskPaymentForm(forms.Form):
    method = forms.ChoiceField(
        label=gettext_lazy("Paid by"),
        choices=[
            (m.value, m.label) for m in (PaymentMethod.CASH, PaymentMethod.TRANSFER, PaymentMethod.POST)
        ],
    )
    reference = forms.CharField(
        label=gettext_lazy("Slip or transfer reference"), required=False, max_length=100
    )


@staff_required
@require_POST
def desk_record(request: HttpRequest, pk: int) -> HttpResponse:
    payment = Payment.objects.filter(pk=pk, dossier__in=dossiers_visible_to(user=request.user)).first()
    if payment is None:
        raise Http404
    form = DeskPaymentForm(request.POST)
    if form.is_valid():
        try:
            payment_record_at_desk(
                actor=request.user,
                payment=payment,
                method=form.cleaned_data["method"],
                reference=form.cleaned_data["reference"],
            )
        except (ValidationError, PermissionDenied) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
        else:
            messages.success(request, _("Payment recorded; the receipt is ready."))
    else:
        messages.error(request, _("Check the values you entered."))
    return redirect("backoffice:dossier_detail", pk=payment.dossier_id)
