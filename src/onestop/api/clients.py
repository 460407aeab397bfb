"""API clients (e.g. a provincial portal) authenticate with a key; they act as their service account."""

import hashlib
import secrets
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from onestop.api.models import ApiClient

PREFIX = "Api-Key "


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_client_create(*, name: str, account: Any) -> tuple[ApiClient, str]:
    """Create a client and return its key, shown once; only its hash is stored."""
    key = secrets.token_urlsafe(32)
    client = ApiClient.objects.create(name=name, account=account, key_hash=key_hash(key))
    return client, key


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, ApiClient] | None:
        header = request.headers.get("Authorization", "")
        if not header.startswith(PREFIX):
            return None
        client = (
            ApiClient.objects.filter(key_hash=key_hash(header[len(PREFIX) :].strip()), active=True)
            .select_related("account")
            .first()
        )
        if client is None:
            raise AuthenticationFailed(_("Unknown or disabled API key."))
        return client.account, client

    def authenticate_header(self, request: Request) -> str:
        return "Api-Key"
