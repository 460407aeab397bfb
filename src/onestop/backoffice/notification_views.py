"""The staff page of notices that could not be delivered, for the dossiers in the user's units."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from onestop.backoffice.access import staff_required
from onestop.dossiers.selectors import dossiers_visible_to
from onestop.notifications.models import Delivery, DeliveryState


@staff_required
def notification_failures(request: HttpRequest) -> HttpResponse:
    codes = dossiers_visible_to(user=request.user).values("code")
    deliveries = (
        Delivery.objects.filter(
            state__in=[DeliveryState.FAILED_TEMPORARY, DeliveryState.FAILED_PERMANENT], outbox__key__in=codes
        )
        .select_related("outbox")
        .order_by("-updated_at")[:200]
    )
    return render(request, "backoffice/notification_failures.html", {"deliveries": deliveries})
