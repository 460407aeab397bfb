"""The limit of the web stack: a bare Django project with one JSON view, served like OneStop."""

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-only",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        USE_TZ=True,
    )

from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, JsonResponse
from django.urls import path


def ping(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok", "path": request.path})


urlpatterns = [path("", ping)]
application = get_wsgi_application()
