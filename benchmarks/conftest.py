"""The product's fixtures for the harness's database check (the generator's records)."""

from onestop.conftest import _empty_cache, _fast_password_hashing, demo_few, on_postgres

__all__ = ["_empty_cache", "_fast_password_hashing", "demo_few", "on_postgres"]
