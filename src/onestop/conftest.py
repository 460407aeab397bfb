"""Fixtures shared by every app's tests."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from onestop.accounts.models import User
from onestop.catalog.selectors import version_parts_forget
from onestop.demo.loader import DemoResult, load_demo
from onestop.signing.tests.fixtures import nss_db, pki_demo, tsa_server

__all__ = ["nss_db", "pki_demo", "tsa_server"]  # fixtures shared by the signing and dossier tests


@pytest.fixture(autouse=True)
def _own_signing_keys(settings: Any, tmp_path: Any) -> None:
    # Each test keeps its signing keys in its own folder, so parallel workers never share a key file.
    settings.ONESTOP_SIGNING_KEY_DIR = str(tmp_path / "signing-keys")


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # Cached reads (the index's catalog assignments) must not leak from one test's data into another's.
    cache.clear()
    version_parts_forget()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # PBKDF2's deliberate slowness would dominate the suite; production keeps the default hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def on_postgres() -> None:
    """Skip, with a visible reason, a test that needs PostgreSQL when the suite runs on SQLite."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL (scripts/test does when one is reachable)")


@pytest.fixture
def demo(db: None) -> DemoResult:
    """The built-in demo without its catalog: Hải Phòng, communes, centres, agencies, an official per role."""
    return load_demo(with_catalog=False)


@pytest.fixture
def demo_few(db: None) -> DemoResult:
    """The demo with only a few procedures (birth registration, driving licence …): fast to load."""
    return load_demo(only_procedures={"1.001193", "1.000656", "3.000347", "2.000986"})


@pytest.fixture
def demo_catalog(db: None) -> DemoResult:
    """The whole demo, including the bundled procedures assigned to the demo units."""
    return load_demo()


@pytest.fixture
def staff_client(db: None) -> Callable[[str], Client]:
    """A new client logged in as the named demo official, second factor already passed."""

    def login(username: str) -> Client:
        client = Client()
        user = User.objects.get(username=username)
        client.force_login(user)
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return login
