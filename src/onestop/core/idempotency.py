"""Idempotent writes: a retried or doubled request with the same Idempotency-Key acts once."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from onestop.core.models import IdempotentRequest


class IdempotencyConflictError(Exception):
    """The key was used before with a different request body."""


@dataclass(frozen=True)
class StoredAnswer:
    status_code: int
    body: Any
    replayed: bool


def run_once(
    *, key: str, owner: str, endpoint: str, request_body: Any, action: Callable[[], tuple[int, Any]]
) -> StoredAnswer:
    """Run ``action`` the first time (key, owner, endpoint) is seen and store its answer in the same
    transaction; later calls get the stored answer. Concurrent duplicates wait on the unique key."""
    digest = hashlib.sha256(json.dumps(request_body, sort_keys=True, default=str).encode()).hexdigest()
    existing = IdempotentRequest.objects.filter(owner=owner, endpoint=endpoint, key=key).first()
    if existing is not None:
        if existing.request_hash != digest:
            raise IdempotencyConflictError
        return StoredAnswer(existing.status_code, existing.response, replayed=True)
    try:
        with transaction.atomic():
            status_code, body = action()
            IdempotentRequest.objects.create(
                key=key,
                owner=owner,
                endpoint=endpoint,
                request_hash=digest,
                status_code=status_code,
                response=body,
            )
    except IntegrityError:
        # A parallel duplicate committed first: our work rolled back; answer with theirs.
        existing = IdempotentRequest.objects.get(owner=owner, endpoint=endpoint, key=key)
        if existing.request_hash != digest:
            raise IdempotencyConflictError from None
        return StoredAnswer(existing.status_code, existing.response, replayed=True)
    return StoredAnswer(status_code, body, replayed=False)
