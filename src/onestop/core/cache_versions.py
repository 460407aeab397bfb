"""Version counters for cached reference data: readers key their caches on a version, writers bump it."""

from django.core.cache import cache
from django.db import transaction


def cache_version(key: str) -> int:
    return int(cache.get(key, 0))


def cache_version_bump(key: str) -> None:
    """Make every cache key built on ``key``'s version stale, now and again at commit (a read between the
    write and the commit may have cached the old rows)."""
    _bump(key)
    transaction.on_commit(lambda: _bump(key))


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)
