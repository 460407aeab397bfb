"""Production is the default and it is secure; only ONESTOP_ENV=development relaxes it."""

import json
import os
import subprocess
import sys

import pytest
from django.test import Client

SETTINGS_DUMP = (
    "import django, json; from django.conf import settings as s; django.setup(); print(json.dumps({"
    "'debug': s.DEBUG, 'ssl': s.SECURE_SSL_REDIRECT, 'hsts': s.SECURE_HSTS_SECONDS, "
    "'session_secure': s.SESSION_COOKIE_SECURE, 'csrf_secure': s.CSRF_COOKIE_SECURE, "
    "'csp': 'csp.middleware.CSPMiddleware' in s.MIDDLEWARE}))"
)


def _run(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ONESTOP_")}
    clean.update({"DJANGO_SETTINGS_MODULE": "onestop.settings", **env})
    command = [sys.executable, "-c", code]
    return subprocess.run(command, env=clean, capture_output=True, text=True, check=False)


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = _run({}, "import django; django.setup()")
    assert result.returncode != 0
    assert "ONESTOP_SECRET_KEY is required" in result.stderr


def test_production_defaults_are_secure() -> None:
    result = _run({"ONESTOP_SECRET_KEY": "x" * 60, "ONESTOP_ALLOWED_HOSTS": "onestop.example"}, SETTINGS_DUMP)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "debug": False,
        "ssl": True,
        "hsts": 31_536_000,
        "session_secure": True,
        "csrf_secure": True,
        "csp": True,
    }


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client: Client) -> None:
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "cdn" not in policy
