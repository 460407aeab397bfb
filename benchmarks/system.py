"""Processes of a run: the gunicorn servers, the load generator and CPU accounting from /proc."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.database import ROOT

TICKS = os.sysconf("SC_CLK_TCK")


def _proc_stat(pid: int) -> tuple[int, str, float]:
    """Parent pid, command name and CPU seconds (user + system) of a process."""
    with open(f"/proc/{pid}/stat") as handle:
        text = handle.read()
    name = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), name, (int(fields[11]) + int(fields[12])) / TICKS


def _all() -> dict[int, tuple[int, str, float]]:
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                table[int(entry)] = _proc_stat(int(entry))
            except (FileNotFoundError, ProcessLookupError, ValueError):
                continue
    return table


def _machine_busy() -> tuple[float, float]:
    with open("/proc/stat") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / TICKS, sum(values) / TICKS


@dataclass
class CpuSample:
    """CPU seconds per process of each group (app server tree, postgres, load generator)."""

    app: dict[int, float]
    db: dict[int, float]
    loadgen: dict[int, float]
    busy: float
    total: float
    at: float


def cpu_sample(app_root: int | None, loadgen_names: tuple[str, ...] = ("wrk", "pgbench")) -> CpuSample:
    """CPU so far of the app server tree, every postgres process (all databases of the server), and the
    load generator; per process, so processes that exit in between do not make a group negative."""
    table = _all()
    app: dict[int, float] = {}
    db: dict[int, float] = {}
    loadgen: dict[int, float] = {}
    tree = {app_root} if app_root else set()
    for pid, (ppid, _name, _cpu) in sorted(table.items()):
        if ppid in tree:
            tree.add(pid)
    for pid, (_ppid, name, cpu) in table.items():
        if pid in tree:
            app[pid] = cpu
        elif name.startswith("postgres"):
            db[pid] = cpu
        elif name in loadgen_names:
            loadgen[pid] = cpu
    busy, total = _machine_busy()
    return CpuSample(app=app, db=db, loadgen=loadgen, busy=busy, total=total, at=time.perf_counter())


def _group(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU used in between by the processes alive at the end (new ones count from zero)."""
    return sum(max(0.0, cpu - before.get(pid, 0.0)) for pid, cpu in after.items())


def cpu_delta(before: CpuSample, after: CpuSample) -> dict[str, float]:
    """Per-group CPU use in % of one core over the interval, and the machine's busy share in %.

    Processes that ended during the interval (pgbench's backends) are missing from their group: read the
    machine's share for those rows.
    """
    wall = max(after.at - before.at, 1e-6)
    cores = os.cpu_count() or 1
    machine = (after.busy - before.busy) / max(after.total - before.total, 1e-6) * 100
    return {
        "app_pct": round(_group(before.app, after.app) / wall * 100, 1),
        "db_pct": round(_group(before.db, after.db) / wall * 100, 1),
        "loadgen_pct": round(_group(before.loadgen, after.loadgen) / wall * 100, 1),
        "machine_pct": round(machine, 1),
        "cores": cores,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def gunicorn(app: str, *, env: dict[str, str], workers: int, log: Path, probe: str = "/") -> Iterator[Server]:
    """A gunicorn server (sync workers) on a free port, stopped (SIGTERM, then SIGKILL) afterwards."""
    port = free_port()
    binary = shutil.which("gunicorn", path=str(ROOT / ".venv" / "bin")) or "gunicorn"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [
                binary,
                app,
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
                "--timeout",
                "120",
                "--backlog",
                "2048",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(process=process, port=port)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn {app} exited; see {log}")
            try:
                with urllib.request.urlopen(server.base + probe, timeout=10) as answer:
                    answer.read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
