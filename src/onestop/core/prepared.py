"""Querysets compiled to SQL once per process, then run as raw queries with new values.

Django compiles a queryset into SQL on every evaluation: for the public status page that was about a
quarter of the request. Its reads have a fixed shape and differ only in a value, so the SQL is made once
(from an ordinary queryset, so the ORM still writes it) and each request only binds its values.
"""

import threading
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django.db.models.query import RawQuerySet


class PreparedQuery[M: Model]:
    """``build(*markers)`` compiled once; ``run(*values)`` executes its SQL with ``values`` in their place.

    Each marker must reach the SQL parameters unchanged and exactly once (a string or number no real value
    equals), and the queryset must select the model's primary key: the rows come back through
    ``Manager.raw``, as instances whose annotations are plain attributes (related objects are not joined in:
    annotate the columns the caller needs).
    """

    def __init__(self, build: Callable[..., QuerySet[M]], *markers: Any) -> None:
        self._build = build
        self._markers = markers
        self._compiled: tuple[type[M], str, tuple[Any, ...], tuple[int, ...]] | None = None
        self._lock = threading.Lock()

    def _compile(self) -> tuple[type[M], str, tuple[Any, ...], tuple[int, ...]]:
        queryset = self._build(*self._markers)
        sql, params = queryset.query.sql_with_params()
        slots = []
        for marker in self._markers:
            found = [index for index, param in enumerate(params) if param == marker]
            if len(found) != 1:
                raise ImproperlyConfigured(f"{marker!r} is {len(found)} parameters of {sql}, not one")
            slots.append(found[0])
        return queryset.model, sql, tuple(params), tuple(slots)

    def run(self, *values: Any) -> RawQuerySet[M]:
        if len(values) != len(self._markers):
            raise TypeError(f"{len(self._markers)} values expected, {len(values)} given")
        compiled = self._compiled
        if compiled is None:
            with self._lock:
                compiled = self._compiled = self._compiled or self._compile()
        model, sql, params, slots = compiled
        bound = list(params)
        for slot, value in zip(slots, values, strict=True):
            bound[slot] = value
        return model._default_manager.raw(sql, bound)
