"""Benchmark databases: a template built once per schema and reference data, cloned for every run."""

from __future__ import annotations

import hashlib
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench"
# The build a checkout's signing keys belong to: the template database is shared by every checkout on the
# server, the keys are not, so another checkout's rebuild must not leave this one with foreign keys.
BUILD_MARKER = VAR_DIR / "template-build"
# Bump when the template's content changes in a way the fingerprint below cannot see.
TEMPLATE_VERSION = "1"


def server_url(admin_url: str, name: str) -> str:
    return f"{admin_url.rsplit('/', 1)[0]}/{name}"


def django_env(database_url: str) -> dict[str, str]:
    """The environment of every process that loads OneStop: the bench database, no debug, quiet logs."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        ONESTOP_ENV="development",
        ONESTOP_DEBUG="false",
        ONESTOP_LOG_LEVEL="WARNING",
        ONESTOP_VAR_DIR=str(VAR_DIR),
        DJANGO_SETTINGS_MODULE="onestop.settings",
    )
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH")]))
    return env


def fingerprint() -> str:
    """Changes when migrations, bundled reference data or the reference loader change."""
    digest = hashlib.sha256(TEMPLATE_VERSION.encode())
    patterns = [
        "src/onestop/*/migrations/*.py",
        "src/onestop/catalog/data/*",
        "src/onestop/demo/*.py",
        "src/onestop/signing/demo.py",
        "benchmarks/reference.py",
    ]
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _admin(admin_url: str) -> psycopg.Connection:
    return psycopg.connect(admin_url, autocommit=True)


def _exists(conn: psycopg.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def _drop(conn: psycopg.Connection, name: str) -> None:
    conn.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid()",
        (name,),
    )
    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def template_ensure(
    *, admin_url: str, template: str, log: Callable[[str], None] = print
) -> dict[str, object]:
    """Build the template database unless one with the current fingerprint (and its keys) exists."""
    wanted = fingerprint()
    with _admin(admin_url) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", (template,)
        ).fetchone()
        build = BUILD_MARKER.read_text().strip() if BUILD_MARKER.is_file() else None
        keys_present = (VAR_DIR / "signing-keys").is_dir()
        if reusable(comment=row[0] if row else None, wanted=wanted, build=build, keys_present=keys_present):
            return {"template": template, "built": False, "fingerprint": wanted}
        _drop(conn, template)
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(template)))
    started = time.perf_counter()
    log(f"building the template database {template} (migrate, units, demo catalog and PKI, organisation) ...")
    for path in (VAR_DIR / "signing-keys", VAR_DIR / "media"):
        if path.exists():
            subprocess.run(["rm", "-rf", str(path)], check=True)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "benchmarks.djangoside", "template"],
        check=True,
        cwd=ROOT,
        env=django_env(server_url(admin_url, template)),
    )
    build = secrets.token_hex(8)
    BUILD_MARKER.write_text(build + "\n")
    with _admin(admin_url) as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(template), sql.Literal(f"{wanted} {build}")
            )
        )
    return {
        "template": template,
        "built": True,
        "fingerprint": wanted,
        "seconds": time.perf_counter() - started,
    }


def reusable(*, comment: str | None, wanted: str, build: str | None, keys_present: bool) -> bool:
    """Whether the template (its comment: fingerprint and build) is current and this checkout holds the
    signing keys of that very build."""
    return comment is not None and build is not None and keys_present and comment == f"{wanted} {build}"


def clone(*, admin_url: str, template: str, name: str) -> float:
    """A fresh run database copied from the template; returns the seconds it took."""
    if name.startswith("test_") or name == template:
        raise ValueError(f"refusing to use {name!r} as the benchmark database")
    started = time.perf_counter()
    with _admin(admin_url) as conn:
        _drop(conn, name)
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
        )
    media = VAR_DIR / "media"
    if media.exists():
        subprocess.run(["rm", "-rf", str(media)], check=True)
    return time.perf_counter() - started
