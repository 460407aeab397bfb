"""The entry command: build or clone the database, load the dataset, measure the limits and scenarios,
print the Markdown table and write the JSON."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

from benchmarks import generate, inputs, limits, loadgen
from benchmarks.database import ROOT, clone, django_env, server_url, template_ensure
from benchmarks.reference import BENCH_PROVINCE
from benchmarks.system import cpu_delta, cpu_sample, gunicorn

WARM_UP = 2.0  # seconds of unrecorded load before each measured one
SCENARIOS = ["limits", "B1", "B2", "B3", "B4", "B5", "B7", "B8", "B9"]
TARGETS = {
    "B1": "≥ 200/s, p95 ≤ 150 ms",
    "B2": "≥ 300/s",
    "B3": "—",
    "B4-1": "p95 ≤ 50 ms",
    "B4-16": "≥ 200/s",
    "B5": "≥ 1,000/s",
    "B7-read": "p95 ≤ 50 ms",
    "B7-rebuild": "≤ 30 s",
    "B7-event": "≤ 5 s",
    "B8": "≥ 60 signatures/s",
    "B9": "1M ≤ 5 min",
}


@dataclass
class Row:
    key: str
    name: str
    status: str = "ok"
    throughput: float | None = None
    unit: str = "req/s"
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    requests: int | None = None
    errors: int | None = None
    cpu: dict[str, Any] = field(default_factory=dict)
    limit: str = ""
    ratio: float | None = None
    target: str = ""
    notes: str = ""


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="benchmarks/run", description=__doc__)
    parser.add_argument("--dossiers", type=int, default=1_000_000, help="dossiers to generate (1,000,000)")
    parser.add_argument("--duration", type=float, default=20, help="seconds per scenario (20)")
    parser.add_argument("--smoke", action="store_true", help="1,000 dossiers, 3 s per scenario (for CI)")
    parser.add_argument("--only", default=",".join(SCENARIOS), help=f"comma-separated subset of {SCENARIOS}")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--load-workers", type=int, default=generate.default_workers(), help="COPY processes")
    parser.add_argument(
        "--pg",
        default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="admin URL",
    )
    parser.add_argument("--database", default="onestop_bench", help="run database (dropped and recreated)")
    parser.add_argument("--pgbench-scale", type=int, default=None, help="pgbench scale (10; smoke 1)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", type=Path, default=None, help="where to write the JSON (results/<time>/)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.dossiers = min(args.dossiers, 1000) if "--dossiers" in (argv or sys.argv) else 1000
        args.duration = 3 if "--duration" not in (argv or sys.argv) else args.duration
    args.only = {item.strip() for item in args.only.split(",") if item.strip()}
    return args


def _djangoside(env: dict[str, str], *args: str) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.djangoside", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    for line in completed.stdout.splitlines():
        if line.startswith("BENCH-RESULT "):
            result: dict[str, Any] = json.loads(line.removeprefix("BENCH-RESULT "))
            return result
    raise RuntimeError(f"djangoside {args[0]} failed: {completed.stderr[-3000:]}")


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except OSError:
        memory_kb = 0
    pg_version = ""
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgres": pg_version,
        "load_generator": loadgen.backend(),
    }


def _from_wrk(row: Row, result: dict[str, Any], *, ok_statuses: set[str]) -> Row:
    seconds = result["duration_us"] / 1e6
    bad = sum(count for status, count in result["statuses"].items() if status not in ok_statuses)
    socket_errors = sum(v for k, v in result["errors"].items() if k != "status")
    row.requests = result["requests"]
    row.errors = bad + socket_errors
    good = max(0, row.requests - bad)
    row.throughput = round(good / seconds, 1) if seconds else 0.0
    latency = result["latency_us"]
    row.p50_ms, row.p95_ms, row.p99_ms = (round(latency[key] / 1000, 1) for key in ("p50", "p95", "p99"))
    if result.get("exhausted_threads"):
        row.notes += "ran out of prepared dossiers before the end; "
    return row


class Run:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.dir = ROOT / "benchmarks" / "results" / stamp
        self.dir.mkdir(parents=True, exist_ok=True)
        self.dsn = server_url(args.pg, args.database)
        self.env = django_env(self.dsn)
        self.rows: list[Row] = []
        self.report: dict[str, Any] = {
            "started_at": stamp,
            "options": {
                "dossiers": args.dossiers,
                "duration_s": args.duration,
                "smoke": args.smoke,
                "gunicorn_workers": args.workers,
            },
            "machine": machine(),
        }
        self.limit: dict[str, float] = {}
        self.credentials: dict[str, Any] = {}

    # -- setup ---------------------------------------------------------------------------------------
    def setup(self) -> None:
        template = f"{self.args.database}_template"
        self.report["template"] = template_ensure(admin_url=self.args.pg, template=template, log=_log)
        _log(f"cloning {template} into {self.args.database}")
        cloned = clone(admin_url=self.args.pg, template=template, name=self.args.database)
        duration = self.args.duration
        b2 = max(300, int(700 * (duration + WARM_UP)))
        b3 = max(200, int(150 * (duration + WARM_UP)))
        _log(f"generating {self.args.dossiers:,} dossiers (+{b2 + b3:,} reserved for B2/B3) with COPY")
        facts = _djangoside(self.env, "record-facts")
        plan = generate.plan_build(
            facts=facts,
            dsn=self.dsn,
            dossiers=self.args.dossiers,
            seed=self.args.seed,
            bench_province=BENCH_PROVINCE,
            b2=b2,
            b3=b3,
            out_dir=self.dir,
        )
        loaded = generate.load(plan, workers=self.args.load_workers)
        loaded["clone_s"] = round(cloned, 1)
        self.report["dataset"] = loaded
        rows = loaded["rows"]
        _log(
            f"loaded {rows['dossier']:,} dossiers, {rows['history']:,} history rows in "
            f"{loaded['timings']['total_s']:.0f} s"
        )
        with psycopg.connect(self.dsn) as conn:
            self.report["postgres"] = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
            self.report["machine"]["postgres"] = self.report["postgres"]
            self.report["dataset"]["distribution"] = _distribution(conn)
        self.credentials = _djangoside(self.env, "credentials")
        (self.dir / "b5_tokens.txt").write_text("\n".join(generate.sample_tokens(self.dsn, 20000)) + "\n")
        (self.dir / "b4_one.txt").write_text(self.credentials["b4_sessions"][0] + "\n")
        (self.dir / "b4_all.txt").write_text("\n".join(self.credentials["b4_sessions"]) + "\n")
        desks = inputs.b1_bodies(
            self.dsn,
            province=BENCH_PROVINCE,
            count=20000,
            path=self.dir / "b1_bodies.jsonl",
            seed=self.args.seed,
        )
        self.report["b1_desks"] = desks
        self.b3_type = inputs.multipart_upload(
            self.dir / "b3_body.bin", field="files", filename="bo-sung.pdf", content=inputs.scan_pdf()
        )
        (self.dir / "result.pdf").write_bytes(inputs.result_pdf())

    # -- limits --------------------------------------------------------------------------------------
    def limits(self) -> None:
        duration = self.args.duration
        if limits.available():
            scale = self.args.pgbench_scale or (1 if self.args.smoke else 10)
            _log(f"pgbench TPC-B-like and select-only (scale {scale})")
            pg_url = server_url(self.args.pg, f"{self.args.database}_pgbench")
            with psycopg.connect(self.args.pg, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.args.database}_pgbench"')
                conn.execute(f'CREATE DATABASE "{self.args.database}_pgbench"')
            result = limits.pgbench_builtin(url=pg_url, scale=scale, duration=duration, clients=4)
            self.report["pgbench"] = result
            for key, label in (("tpcb", "pgbench TPC-B-like"), ("select_only", "pgbench select-only")):
                part = result[key]
                self.limit[key] = part["tps"]
                self.rows.append(
                    Row(
                        key=f"L-{key}",
                        name=f"{label} (scale {scale}, 4 clients)",
                        throughput=round(part["tps"], 1),
                        unit="tx/s",
                        p50_ms=part["latency_avg_ms"],
                        errors=part["failed"],
                        requests=part["transactions"],
                        cpu=part["cpu"],
                        notes="latency: average",
                    )
                )
        else:
            self.rows.append(Row(key="L-pgbench", name="pgbench", status="skipped: pgbench not installed"))
        _log("bare Django JSON view")
        with gunicorn(
            "benchmarks.bareapp:application",
            env=self.env,
            workers=self.args.workers,
            log=self.dir / "gunicorn-bare.log",
        ) as server:
            row = self._wrk(
                server,
                "L-django",
                f"bare Django JSON view (gunicorn {self.args.workers} sync workers)",
                loadgen.Spec(base=server.base, path="/", connections=8),
                ok={"200"},
            )
            self.limit["django"] = row.throughput or 0.0

    def _wrk(
        self,
        server: Any,
        key: str,
        name: str,
        spec: loadgen.Spec,
        *,
        ok: set[str],
        after_warm_up: Any = None,
    ) -> Row:
        # Warm-up, not recorded: a fresh gunicorn worker takes seconds over its first requests.
        # One-shot items (dossiers that can take the action once) are split between the two runs.
        measured_items = spec.items
        if spec.once and spec.items:
            items = Path(spec.items).read_text().split()
            cut = int(len(items) * WARM_UP / (WARM_UP + self.args.duration))
            warm, measured = self.dir / f"{key}.warm.items", self.dir / f"{key}.run.items"
            warm.write_text("\n".join(items[:cut]) + "\n")
            measured.write_text("\n".join(items[cut:]) + "\n")
            spec.items, measured_items = str(warm), str(measured)
        spec.duration = WARM_UP
        connections = spec.connections
        spec.connections = max(connections, 2 * self.args.workers)  # reach every worker
        loadgen.run(spec, out_dir=self.dir, name=f"{key}.warmup")
        spec.connections = connections
        if after_warm_up is not None:
            after_warm_up()
        spec.items = measured_items
        spec.duration = self.args.duration
        before = cpu_sample(server.process.pid)
        result = loadgen.run(spec, out_dir=self.dir, name=key)
        after = cpu_sample(server.process.pid)
        row = _from_wrk(Row(key=key, name=name), result, ok_statuses=ok)
        row.cpu = cpu_delta(before, after)
        row.cpu["loadgen_pct"] = round(result["loadgen_cpu_s"] / max(after.at - before.at, 1e-6) * 100, 1)
        row.target = TARGETS.get(key, "")
        self.report.setdefault("raw", {})[key] = result
        self.rows.append(row)
        _log(f"{key}: {row.throughput} {row.unit}, p95 {row.p95_ms} ms, errors {row.errors}")
        return row

    # -- product scenarios -------------------------------------------------------------------------------
    def product(self) -> None:
        only = self.args.only
        creds = self.credentials
        api = {"Authorization": f"Api-Key {creds['api_key']}", "Content-Type": "application/json"}
        with gunicorn(
            "onestop.wsgi:application",
            env=self.env,
            workers=self.args.workers,
            log=self.dir / "gunicorn-onestop.log",
            probe="/tra-cuu/",
        ) as server:
            if "B1" in only:
                row = self._wrk(
                    server,
                    "B1",
                    "B1 submit a dossier (API, Api-Key, Idempotency-Key)",
                    loadgen.Spec(
                        base=server.base,
                        path="/api/v1/dossiers",
                        method="POST",
                        items=str(self.dir / "b1_bodies.jsonl"),
                        item_in="body",
                        headers=api,
                        idempotency=True,
                        connections=4,
                    ),
                    ok={"201"},
                )
                self._ratio(row, "django", "submission replay")
            if "B2" in only:
                row = self._wrk(
                    server,
                    "B2",
                    "B2 workflow transition: receive (API)",
                    loadgen.Spec(
                        base=server.base,
                        path="/api/v1/dossiers/{item}/actions/receive",
                        method="POST",
                        items=str(self.dir / "b2_codes.txt"),
                        headers=api,
                        body_file=str(self._write("empty.json", "{}")),
                        once=True,
                        connections=4,
                    ),
                    ok={"200"},
                )
                self._ratio(row, "django", "tpcb")
            if "B3" in only:
                cookie = f"sessionid={creds['citizen_session']}; csrftoken={creds['csrf']}"
                row = self._wrk(
                    server,
                    "B3",
                    "B3 attach a 200 KB PDF (citizen answers a supplement request)",
                    loadgen.Spec(
                        base=server.base,
                        path="/tra-cuu/{item}/bo-sung/",
                        method="POST",
                        items=str(self.dir / "b3_tokens.txt"),
                        headers={
                            "Cookie": cookie,
                            "X-CSRFToken": creds["csrf"],
                            "Content-Type": self.b3_type,
                        },
                        body_file=str(self.dir / "b3_body.bin"),
                        once=True,
                        connections=4,
                    ),
                    ok={"302"},
                    after_warm_up=lambda: self.__setattr__("b3_before", self._b3_answered()),
                )
                self._check_b3(row)
                self._ratio(row, "django", "tpcb")
            if "B4" in only:
                for key, users, items in (("B4-1", 1, "b4_one.txt"), ("B4-16", 16, "b4_all.txt")):
                    row = self._wrk(
                        server,
                        key,
                        f"B4 desk work queue, 50 per page, {users} user{'s' if users > 1 else ''}",
                        loadgen.Spec(
                            base=server.base,
                            path="/staff/dossiers/",
                            items=str(self.dir / items),
                            item_in="header",
                            headers={"Cookie": "sessionid={item}"},
                            connections=users,
                        ),
                        ok={"200"},
                    )
                    self._ratio(row, "django", "select_only")
            if "B5" in only:
                row = self._wrk(
                    server,
                    "B5",
                    "B5 public status page by tracking token",
                    loadgen.Spec(
                        base=server.base,
                        path="/tra-cuu/{item}/",
                        items=str(self.dir / "b5_tokens.txt"),
                        connections=8,
                    ),
                    ok={"200"},
                )
                self._ratio(row, "django", "select_only")
            if "B7" in only:
                self._b7(server)
        if "limits" in only and limits.available() and "B1" in only:
            self._replay()

    def _write(self, name: str, text: str) -> Path:
        path = self.dir / name
        path.write_text(text)
        return path

    def _b3_answered(self) -> int:
        tokens = (self.dir / "b3_tokens.txt").read_text().split()
        with psycopg.connect(self.dsn) as conn:
            row = conn.execute(
                "SELECT count(*) FROM dossiers_dossier WHERE token = ANY(%s) AND state = 'new'", (tokens,)
            ).fetchone()
        return int(row[0]) if row else 0

    def _check_b3(self, row: Row) -> None:
        """The page redirects whether or not the answer was accepted: count what the database holds."""
        accepted = self._b3_answered() - getattr(self, "b3_before", 0)
        if row.requests is not None:
            refused = max(0, row.requests - accepted)
            row.errors = (row.errors or 0) + refused
            seconds = self.args.duration
            row.throughput = round(min(accepted, row.requests) / seconds, 1)
            row.notes += f"{accepted} answers stored (checked in the database); "

    def _ratio(self, row: Row, *keys: str) -> None:
        parts = []
        for key in keys:
            if key == "submission replay":
                continue  # filled in by _replay once B1's rows exist
            limit = self.limit.get(key)
            if limit and row.throughput is not None:
                parts.append((key, row.throughput / limit))
        if parts:
            row.limit = ", ".join(f"{_LIMIT_NAMES[key]} {ratio:.1%}" for key, ratio in parts)
            row.ratio = round(parts[0][1], 3)

    def _replay(self) -> None:
        script = limits.submission_script(self.dsn, self.dir / "submission.pgbench.sql")
        if script is None:
            return
        _log("pgbench replay of a submission's writes")
        result = limits.pgbench_script(
            url=self.dsn, script=Path(script["script"]), duration=self.args.duration, clients=4
        )
        self.limit["replay"] = result["tps"]
        self.report["submission_replay"] = {**script, **result}
        self.rows.append(
            Row(
                key="L-replay",
                name="pgbench replay of one submission's writes (4 clients)",
                throughput=round(result["tps"], 1),
                unit="tx/s",
                p50_ms=result["latency_avg_ms"],
                errors=result["failed"],
                requests=result["transactions"],
                cpu=result["cpu"],
                notes="latency: average; " + ", ".join(script["tables"]),
            )
        )
        for row in self.rows:
            if row.key == "B1" and row.throughput is not None and result["tps"]:
                row.limit += f", submission replay {row.throughput / result['tps']:.1%}"

    # -- hooks and in-process scenarios --------------------------------------------------------------------
    def capabilities(self) -> dict[str, Any]:
        if "capabilities" not in self.report:
            self.report["capabilities"] = _djangoside(self.env, "capabilities")
        caps: dict[str, Any] = self.report["capabilities"]
        return caps

    def _b7(self, server: Any) -> None:
        caps = self.capabilities()
        if not caps.get("dashboard"):
            self.rows.append(
                Row(key="B7-read", name="B7 index dashboard of a province", status="skipped: not available")
            )
        else:
            path = caps["dashboard"].replace("{province}", BENCH_PROVINCE)
            row = self._wrk(
                server,
                "B7-read",
                f"B7 index dashboard ({path})",
                loadgen.Spec(
                    base=server.base,
                    path=path,
                    headers={"Cookie": f"sessionid={self.credentials['b4_sessions'][0]}"},
                    connections=1,
                ),
                ok={"200"},
            )
            self._ratio(row, "django", "select_only")
            row.notes += f"fact table: {_fact_rows(self.dsn)} records; "
            cookie = f"sessionid={self.credentials['b4_sessions'][0]}"
            event = _djangoside(self.env, "event-visible", server.base, path, cookie, BENCH_PROVINCE)
            self.rows.append(
                Row(
                    key="B7-event",
                    name="B7 a new late dossier counted on the dashboard (recorded, then polled)",
                    throughput=round(event["seconds"], 2) if event.get("seconds") is not None else None,
                    unit="s",
                    target=TARGETS["B7-event"],
                    notes=event.get("error", ""),
                )
            )
        rebuild = caps.get("indicators_rebuild")
        if not rebuild:
            self.rows.append(
                Row(
                    key="B7-rebuild",
                    name="B7 full rebuild of the indicators",
                    status="skipped: not available",
                )
            )
            return
        today = datetime.now(UTC).date()
        command = [rebuild, "--unit", BENCH_PROVINCE, "--from", f"{today.year - 1}-01-01", "--to", str(today)]
        _log("B7 rebuild: onestop " + " ".join(command))
        result = _djangoside(self.env, "command", *command)
        self.rows.append(
            Row(
                key="B7-rebuild",
                name=f"B7 index of a province, {today.year - 1}-01-01 to today (onestop {rebuild})",
                throughput=round(result["seconds"], 1),
                unit="s",
                target=TARGETS["B7-rebuild"],
            )
        )

    def signing(self) -> None:
        _log("B8 PAdES signing (in-process, one process per core)")
        processes = max(1, os.cpu_count() or 1)
        started = time.perf_counter()
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.djangoside",
                    "sign",
                    str(self.args.duration),
                    str(self.dir / "result.pdf"),
                ],
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(processes)
        ]
        before = cpu_sample(None)
        outputs = [proc.communicate() for proc in procs]
        after = cpu_sample(None)
        results = []
        for out, err in outputs:
            line = next((x for x in out.splitlines() if x.startswith("BENCH-RESULT ")), None)
            if line is None:
                raise RuntimeError(f"signing failed: {err[-2000:]}")
            results.append(json.loads(line.removeprefix("BENCH-RESULT ")))
        if any("error" in r for r in results):
            self.rows.append(Row(key="B8", name="B8 PAdES signing", status=f"skipped: {results[0]['error']}"))
            return
        wall = time.perf_counter() - started
        documents = sum(r["documents"] for r in results)
        per_doc = results[0]["signatures_per_document"]
        latencies = sorted(x for r in results for x in r["latencies"])

        def pct(share: float) -> float:
            return round(latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000, 1)

        seconds = max(r["seconds"] for r in results)
        self.rows.append(
            Row(
                key="B8",
                name=(
                    "B8 PAdES signing (B-LTA with the demo PKI), leader + agency, one-page PDF "
                    f"({processes} processes)"
                ),
                throughput=round(documents * per_doc / seconds, 1),
                unit="signatures/s",
                p50_ms=pct(0.5),
                p95_ms=pct(0.95),
                p99_ms=pct(0.99),
                requests=documents,
                errors=0,
                cpu=cpu_delta(before, after),
                target=TARGETS["B8"],
                notes=f"{documents} documents in {wall:.1f} s incl. start-up; latency per document",
            )
        )

    def bulk_import(self) -> None:
        caps = self.capabilities()
        if not caps.get("import_dossiers"):
            self.rows.append(
                Row(
                    key="B9", name="B9 bulk import (onestop import-dossiers)", status="skipped: not available"
                )
            )
            return
        count = 1000 if self.args.smoke else 20_000
        path = self.dir / "b9.jsonl"
        _exchange_file(self.dsn, path, count)
        _log(f"B9 import-dossiers of {count:,} records")
        result = _djangoside(self.env, "command", "import_dossiers", str(path))
        if result.get("error"):
            self.notes_b9 = result["error"]
        rate = count / result["seconds"] if result["seconds"] else 0.0
        self.rows.append(
            Row(
                key="B9",
                name=f"B9 bulk import of {count:,} exchange records",
                throughput=round(rate, 1),
                unit="dossiers/s",
                target=TARGETS["B9"],
                notes=(
                    f"{result['seconds']:.1f} s; 1M at this rate: {1_000_000 / rate / 60:.1f} min; "
                    if rate
                    else ""
                )
                + (f"refused: {result['error'][:200]}" if result.get("error") else ""),
            )
        )

    # -- output ------------------------------------------------------------------------------------------
    def finish(self) -> Path:
        self.report["rows"] = [row.__dict__ for row in self.rows]
        self.report["finished_at"] = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = self.args.json or self.dir / "results.json"
        path.write_text(json.dumps(self.report, indent=2, default=str, ensure_ascii=False))
        (self.dir / "results.md").write_text(markdown(self.report))
        return path


_LIMIT_NAMES = {"django": "bare Django", "tpcb": "TPC-B", "select_only": "select-only", "replay": "replay"}


def _distribution(conn: psycopg.Connection[Any]) -> dict[str, Any]:
    row = conn.execute(
        "SELECT count(*), avg((channel = 2)::int), "
        "avg(CASE WHEN finished_at IS NOT NULL AND due_at IS NOT NULL "
        "THEN (finished_at <= due_at)::int END), "
        "count(DISTINCT unit_id) FROM dossiers_dossier"
    ).fetchone()
    provinces = conn.execute(
        "SELECT min(o), max(o), min(t), max(t), count(*) FROM (SELECT coalesce(p.id, u.id) AS province, "
        "avg((d.channel = 2)::int) o, avg(CASE WHEN d.finished_at IS NOT NULL AND d.due_at IS NOT NULL "
        "THEN (d.finished_at <= d.due_at)::int END) t FROM dossiers_dossier d "
        "JOIN organizations_administrativeunit u ON u.id = d.unit_id "
        "LEFT JOIN organizations_administrativeunit p ON p.id = u.parent_id GROUP BY 1) s"
    ).fetchone()
    assert row is not None
    assert provinces is not None
    return {
        "dossiers": row[0],
        "online_share": round(float(row[1] or 0), 3),
        "on_time_share": round(float(row[2] or 0), 3),
        "units_with_dossiers": row[3],
        "provinces": provinces[4],
        "online_share_by_province": [round(float(provinces[0] or 0), 3), round(float(provinces[1] or 0), 3)],
        "on_time_by_province": [round(float(provinces[2] or 0), 3), round(float(provinces[3] or 0), 3)],
    }


def _fact_rows(dsn: str) -> str:
    with psycopg.connect(dsn) as conn:
        try:
            row = conn.execute("SELECT count(*) FROM indicators_dossierrecord").fetchone()
        except psycopg.Error:
            return "no"
    return f"{row[0]:,}" if row else "no"


def _exchange_file(dsn: str, path: Path, count: int) -> None:
    """Exchange-format records (domain.md) of new dossiers at real communes, for B9."""
    import random

    rng = random.Random(9)
    with psycopg.connect(dsn) as conn:
        communes = [
            r[0]
            for r in conn.execute(
                "SELECT code FROM organizations_administrativeunit "
                "WHERE level = 'commune' AND valid_to IS NULL"
            ).fetchall()
        ]
    with path.open("w") as out:
        for number in range(count):
            day = 1 + number % 400
            received = datetime(2025, 7, 1, 1, tzinfo=UTC).timestamp() + day * 86400  # after the reform
            record = {
                "MaHoSo": f"IMP-{number:08d}",
                "MaTTHC": rng.choice(inputs.B1_PROCEDURES),
                "MaDonVi": rng.choice(communes),
                "KenhThucHien": rng.choice((1, 2, 2)),
                "NgayTiepNhan": datetime.fromtimestamp(received, UTC).isoformat(),
                "NgayHenTra": datetime.fromtimestamp(received + 3 * 86400, UTC).isoformat(),
                "NgayKetThucXuLy": datetime.fromtimestamp(received + 2 * 86400, UTC).isoformat(),
                "NgayTraKetQua": datetime.fromtimestamp(received + 2.5 * 86400, UTC).isoformat(),
                "TrangThaiHoSo": 10,
                "DuocThanhToanTrucTuyen": 0,
                "DanhSachPhiLePhi": [],
                "TaiLieuNop": [
                    {
                        "TenTaiLieu": "Tờ khai",
                        "DuocSoHoa": True,
                        "DuocTaiSuDung": False,
                        "DuocLayTuKhoDMQG": False,
                    }
                ],
                "MaKetQua": None,
                "DuongDanTepTinKetQua": None,
                "DanhSachYeuCauBoSung": [],
                "TaiKhoanDuocXacThucVoiVNeID": False,
                "DanhGia": None,
                "DongBoDVCQG": True,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _fmt(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}"


def markdown(report: dict[str, Any]) -> str:
    options, machine_info = report["options"], report["machine"]
    dataset = report.get("dataset", {})
    lines = [
        (
            f"Run {report['started_at']}: {options['dossiers']:,} dossiers, {options['duration_s']:g} s per "
            f"scenario, gunicorn {options['gunicorn_workers']} sync workers, "
            f"load generator {machine_info['load_generator']}."
        ),
        (
            f"Machine: {machine_info['cpu']}, {machine_info['cores']} cores, {machine_info['memory_gb']} GB, "
            f"PostgreSQL {machine_info.get('postgres', '')}, Python {machine_info['python']}."
        ),
    ]
    if dataset:
        rows, timings = dataset["rows"], dataset["timings"]
        lines.append(
            f"Dataset: {rows['dossier']:,} dossiers, {rows['component']:,} components, "
            f"{rows['history']:,} history rows, {rows['supplement']:,} supplement requests, "
            f"{rows['payment']:,} payments, {rows.get('record', 0):,} index records "
            f"loaded in {timings['total_s']:.0f} s "
            f"(COPY {timings['copy_s']:.0f} s, "
            f"indexes and keys {timings['index_s'] + timings['foreign_keys_s']:.0f} s, "
            f"analyse {timings['vacuum_analyze_s']:.0f} s)."
        )
    lines += [
        "",
        (
            "| scenario | throughput | p50 ms | p95 ms | p99 ms | requests | errors "
            "| CPU app/db/loadgen (machine) | vs limit | target |"
        ),
        "|---|---:|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for row in report["rows"]:
        if row["status"] != "ok":
            lines.append(f"| {row['name']} | {row['status']} | | | | | | | | {TARGETS.get(row['key'], '')} |")
            continue
        cpu = row["cpu"]
        cpu_text = (
            f"{cpu.get('app_pct', 0):.0f}/{cpu.get('db_pct', 0):.0f}/{cpu.get('loadgen_pct', 0):.0f}"
            f" ({cpu.get('machine_pct', 0):.0f}%)"
            if cpu
            else ""
        )
        count = "—" if row["requests"] is None else f"{row['requests']:,}"
        errors = "—" if row["errors"] is None else f"{row['errors']:,}"
        lines.append(
            f"| {row['name']} | {_fmt(row['throughput'])} {row['unit']} | {_fmt(row['p50_ms'])} | "
            f"{_fmt(row['p95_ms'])} | {_fmt(row['p99_ms'])} | {count} | {errors} | {cpu_text} | "
            f"{row['limit']} | {row['target']} |"
        )
    notes = [f"- {row['name']}: {row['notes'].strip().rstrip(';')}" for row in report["rows"] if row["notes"]]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    run = Run(args)
    run.setup()
    phases = [
        ("limits", run.limits, "limits" in args.only),
        ("product", run.product, True),
        ("B8", run.signing, "B8" in args.only),
        ("B9", run.bulk_import, "B9" in args.only),
    ]
    for name, phase, wanted in phases:
        if not wanted:
            continue
        try:
            phase()
        except Exception as error:
            _log(f"{name} failed: {error!r}")
            run.rows.append(Row(key=name, name=name, status=f"failed: {str(error).splitlines()[-1][:160]}"))
    path = run.finish()
    print(markdown(run.report))
    print(f"JSON: {path}")
    return 0
