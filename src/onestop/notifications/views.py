"""The SMS gateway's delivery receipts (server to server)."""

import hmac
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from onestop.notifications.services import sms_receipt_record


@csrf_exempt  # a server-to-server callback, authenticated by its shared secret instead
@require_POST
def sms_receipt(request: HttpRequest) -> HttpResponse:
    expected = settings.ONESTOP_SMS_RECEIPT_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not expected or not hmac.compare_digest(given, expected):
        return JsonResponse({"error": "unauthorised"}, status=401)
    try:
        data = json.loads(request.body)
        reference, status = str(data["id"]), str(data["status"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "expected JSON {id, status}"}, status=400)
    delivery = sms_receipt_record(reference=reference, status=status)
    return JsonResponse({"known": delivery is not None})
