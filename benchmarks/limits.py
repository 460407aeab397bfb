"""The limits each scenario is compared with: pgbench (TPC-B-like, select-only, and the writes of one
submission replayed), measured on the same machine in the same run."""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
from pathlib import Path
from typing import Any

import psycopg

from benchmarks.system import cpu_delta, cpu_sample

TODAY = "(now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date"


def _pgbench_binary() -> str | None:
    return shutil.which("pgbench") or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin/pgbench"))), None
    )


def available() -> bool:
    return _pgbench_binary() is not None


def _parse(output: str) -> dict[str, Any]:
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", output)
    latency = re.search(r"latency average = ([\d.]+) ms", output)
    failed = re.search(r"number of failed transactions: (\d+)", output)
    done = re.search(r"number of transactions actually processed: (\d+)", output)
    return {
        "tps": float(tps.group(1)) if tps else 0.0,
        "latency_avg_ms": float(latency.group(1)) if latency else None,
        "failed": int(failed.group(1)) if failed else 0,
        "transactions": int(done.group(1)) if done else 0,
    }


def _run(args: list[str], url: str) -> dict[str, Any]:
    binary = _pgbench_binary()
    assert binary is not None
    before = cpu_sample(None)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    completed = subprocess.run([binary, *args, url], capture_output=True, text=True, check=False)
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    after = cpu_sample(None)
    if completed.returncode != 0:
        raise RuntimeError(f"pgbench failed: {completed.stderr[-2000:]}")
    result = _parse(completed.stdout)
    result["cpu"] = cpu_delta(before, after)
    seconds = (used.ru_utime + used.ru_stime) - (usage.ru_utime + usage.ru_stime)
    result["cpu"]["loadgen_pct"] = round(seconds / max(after.at - before.at, 1e-6) * 100, 1)
    return result


def pgbench_builtin(*, url: str, scale: int, duration: float, clients: int) -> dict[str, Any]:
    """TPC-B-like and select-only on their own database, initialised at ``scale``."""
    binary = _pgbench_binary()
    assert binary is not None
    subprocess.run([binary, "-i", "-q", "-s", str(scale), url], capture_output=True, check=True)
    seconds = str(max(1, round(duration)))
    common = ["-n", "-c", str(clients), "-j", "2", "-T", seconds]
    return {
        "scale": scale,
        "clients": clients,
        "tpcb": _run(common, url),
        "select_only": _run([*common, "-S"], url),
    }


def _columns(conn: psycopg.Connection[Any], table: str) -> list[str]:
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND column_name <> 'id' ORDER BY ordinal_position",
        (table,),
    ).fetchall()
    return [row[0] for row in rows]


def _copy_row(
    conn: psycopg.Connection[Any], table: str, where: str, overrides: dict[str, str], returning: str = ""
) -> str:
    """INSERT a copy of a template row with some columns replaced, as one pgbench statement."""
    columns = _columns(conn, table)
    if table == "django_tasks_database_dbtaskresult":
        columns = ["id", *columns]
    values = [overrides.get(column, f'"{column}"') for column in columns]
    quoted = ", ".join(f'"{column}"' for column in columns)
    statement = f"INSERT INTO {table} ({quoted}) SELECT {', '.join(values)} FROM {table} WHERE {where}"
    if returning:  # pgbench's \gset ends the statement itself
        return f"{statement} {returning}"
    return statement + ";"


def submission_script(dsn: str, path: Path) -> dict[str, Any] | None:
    """A pgbench script with the writes of one API submission (counter lock, dossier, 3 components,
    history, outbox, task, audit, idempotency row), copied from the last dossier B1 created."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute(
            "SELECT id FROM dossiers_dossier WHERE created_at > now() - interval '1 day' "
            "AND code NOT LIKE 'RP-%%' ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        template = row[0]
        conn.execute("CREATE SEQUENCE IF NOT EXISTS bench_replay")
        counters = conn.execute(
            f"SELECT count(*) FROM dossiers_dossiercodecounter WHERE day = {TODAY}"
        ).fetchone()
        lines = [
            f"\\set c random(0, {max(0, (counters[0] if counters else 1) - 1)})",
            "BEGIN;",
            (
                "UPDATE dossiers_dossiercodecounter SET last = last + 1 WHERE id = (SELECT id FROM "
                f"dossiers_dossiercodecounter WHERE day = {TODAY} ORDER BY id OFFSET :c LIMIT 1);"
            ),
            _copy_row(
                conn,
                "dossiers_dossier",
                f"id = {template}",
                {
                    "code": "'RP-' || nextval('bench_replay')",
                    "token": "md5(random()::text) || 'rp'",
                    "created_at": "now()",
                    "updated_at": "now()",
                },
                "RETURNING id AS did \\gset",  # no semicolon after a meta-command
            ),
            _copy_row(conn, "dossiers_dossiercomponent", f"dossier_id = {template}", {"dossier_id": ":did"}),
            (
                "SELECT sequence, hash FROM dossiers_dossierhistory WHERE dossier_id = :did "
                "ORDER BY sequence DESC LIMIT 1;"
            ),
            _copy_row(
                conn,
                "dossiers_dossierhistory",
                f"dossier_id = {template} AND sequence = 1",
                {"dossier_id": ":did", "occurred_at": "now()"},
            ),
        ]
        tables = ["dossiers_dossier", "dossiers_dossiercomponent", "dossiers_dossierhistory"]
        outbox = conn.execute("SELECT max(id) FROM core_outboxmessage").fetchone()
        if outbox and outbox[0]:
            lines.append(_copy_row(conn, "core_outboxmessage", f"id IN ({outbox[0]}, {outbox[0] - 1})", {}))
            tables.append("core_outboxmessage x2")
        audit = conn.execute("SELECT max(id) FROM core_auditevent").fetchone()
        if audit and audit[0]:
            lines.append(
                _copy_row(
                    conn,
                    "core_auditevent",
                    f"id = {audit[0]}",
                    {"subject_id": "'rp' || :did", "occurred_at": "now()"},
                )
            )
            tables.append("core_auditevent")
        task = conn.execute("SELECT id FROM django_tasks_database_dbtaskresult LIMIT 1").fetchone()
        if task:
            lines.append(
                _copy_row(
                    conn,
                    "django_tasks_database_dbtaskresult",
                    f"id = '{task[0]}'",
                    {"id": "gen_random_uuid()", "enqueued_at": "now()"},
                )
            )
            tables.append("django_tasks_database_dbtaskresult")
        idem = conn.execute("SELECT max(id) FROM core_idempotentrequest").fetchone()
        if idem and idem[0]:
            lines.append(
                _copy_row(
                    conn,
                    "core_idempotentrequest",
                    f"id = {idem[0]}",
                    {"key": "md5(random()::text)", "created_at": "now()"},
                )
            )
            tables.append("core_idempotentrequest")
        lines.append("COMMIT;")
    path.write_text("\n".join(lines) + "\n")
    return {"script": str(path), "tables": tables}


def pgbench_script(*, url: str, script: Path, duration: float, clients: int) -> dict[str, Any]:
    return _run(
        ["-n", "-c", str(clients), "-j", "2", "-T", str(max(1, round(duration))), "-f", str(script)], url
    )
