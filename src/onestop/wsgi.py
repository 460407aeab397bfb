import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings")
application = get_wsgi_application()
# Import every view module (WeasyPrint among them) while the worker starts, not in its first request:
# without it that request waits seconds, longer still where bytecode is not cached.
get_resolver().url_patterns  # noqa: B018 - evaluated for its import side effect
