"""Template context shared by every page."""

import functools
from typing import Any

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse

# The links of every page's header: the same for every request of a process, so reversed once.
SITE_URL_NAMES = {
    "home": "portal:home",
    "my_dossiers": "portal:my_dossiers",
    "data_store": "portal:data_store",
    "login": "accounts:login",
    "logout": "accounts:logout",
    "register": "accounts:register",
    "set_language": "set_language",
}


def site_urls(request: HttpRequest) -> dict[str, Any]:
    return {"site_urls": _site_urls(get_script_prefix())}


@functools.lru_cache(maxsize=8)
def _site_urls(script_prefix: str) -> dict[str, str]:
    return {key: reverse(name) for key, name in SITE_URL_NAMES.items()}
