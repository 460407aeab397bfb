"""Load generation in its own process: wrk with ``lua/scenario.lua`` when installed, else a small Python
generator (threads, keep-alive) with the same options. Either returns the same summary."""

from __future__ import annotations

import http.client
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

LUA = Path(__file__).resolve().parent / "lua" / "scenario.lua"


@dataclass
class Spec:
    base: str
    path: str
    method: str = "GET"
    items: str | None = None  # file, one item per line
    item_in: str = "path"  # path, body or header
    headers: dict[str, str] = field(default_factory=dict)
    body_file: str | None = None
    once: bool = False
    idempotency: bool = False
    connections: int = 4
    threads: int = 1
    duration: float = 10.0


def backend() -> str:
    return "wrk" if shutil.which("wrk") else "python"


def run(spec: Spec, *, out_dir: Path, name: str) -> dict[str, Any]:
    out = out_dir / f"{name}.wrk.json"
    if out.exists():
        out.unlink()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if backend() == "wrk":
        env = dict(os.environ)
        env.update(
            BENCH_METHOD=spec.method,
            BENCH_PATH=spec.path,
            BENCH_ITEM_IN=spec.item_in,
            BENCH_HEADERS="|".join(f"{k}: {v}" for k, v in spec.headers.items()),
            BENCH_ONCE="1" if spec.once else "0",
            BENCH_IDEMPOTENCY="1" if spec.idempotency else "0",
            BENCH_THREADS=str(spec.threads),
            BENCH_OUT=str(out),
        )
        for key, value in (("BENCH_ITEMS", spec.items), ("BENCH_BODY_FILE", spec.body_file)):
            if value:
                env[key] = value
            else:
                env.pop(key, None)
        command = [
            "wrk",
            f"-t{spec.threads}",
            f"-c{spec.connections}",
            f"-d{max(1, round(spec.duration))}s",
            "--timeout",
            "30s",
            "-s",
            str(LUA),
            spec.base,
        ]
        completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if not out.exists():
            raise RuntimeError(f"wrk failed: {completed.stderr or completed.stdout}")
    else:
        spec_file = out_dir / f"{name}.spec.json"
        spec_file.write_text(json.dumps(asdict(spec)))
        subprocess.run([sys.executable, "-m", "benchmarks.loadgen", str(spec_file), str(out)], check=True)
    result: dict[str, Any] = json.loads(out.read_text())
    result["backend"] = backend()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["loadgen_cpu_s"] = (after.ru_utime + after.ru_stime) - (usage.ru_utime + usage.ru_stime)
    return result


# ---------------------------------------------------------------------------------------------------------
# The Python fallback (python -m benchmarks.loadgen SPEC.json OUT.json)


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _fallback(spec: Spec) -> dict[str, Any]:  # noqa: PLR0915 - one closure per worker
    items = [line for line in Path(spec.items).read_text().splitlines() if line] if spec.items else [""]
    body_fixed = Path(spec.body_file).read_bytes() if spec.body_file else None
    target = urlsplit(spec.base)
    lock = threading.Lock()
    cursor = {"next": 0}
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    errors = {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0}
    deadline = time.perf_counter() + spec.duration

    def next_item() -> str | None:
        with lock:
            index = cursor["next"]
            cursor["next"] += 1
        if index >= len(items):
            if spec.once:
                return None
            index %= len(items)
        return items[index]

    def worker() -> None:
        connection: http.client.HTTPConnection | None = None
        while time.perf_counter() < deadline:
            item = next_item()
            if item is None:
                return
            headers = {
                k: v.replace("{item}", item) if spec.item_in == "header" else v
                for k, v in spec.headers.items()
            }
            if spec.idempotency:
                headers["Idempotency-Key"] = f"bench-py-{random.getrandbits(64)}"
            path = spec.path.replace("{item}", item) if spec.item_in == "path" else spec.path
            body = item.encode() if spec.item_in == "body" else body_fixed
            begin = time.perf_counter()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(
                        target.hostname or "127.0.0.1", target.port, timeout=30
                    )
                connection.request(spec.method, path, body=body, headers=headers)
                answer = connection.getresponse()
                answer.read()
                if answer.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except OSError:
                with lock:
                    errors["read"] += 1
                connection = None
                continue
            elapsed = time.perf_counter() - begin
            with lock:
                latencies.append(elapsed)
                statuses[str(answer.status)] = statuses.get(str(answer.status), 0) + 1
                if answer.status >= 400:
                    errors["status"] += 1

    started = time.perf_counter()
    workers = [threading.Thread(target=worker) for _ in range(spec.connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    duration = time.perf_counter() - started
    micro = [v * 1e6 for v in latencies]
    return {
        "requests": len(latencies),
        "duration_us": int(duration * 1e6),
        "bytes": 0,
        "errors": errors,
        "latency_us": {
            "p50": _percentile(micro, 0.50),
            "p90": _percentile(micro, 0.90),
            "p95": _percentile(micro, 0.95),
            "p99": _percentile(micro, 0.99),
            "max": max(micro, default=0.0),
            "mean": sum(micro) / len(micro) if micro else 0.0,
        },
        "statuses": statuses,
        "exhausted_threads": int(spec.once and cursor["next"] >= len(items)),
    }


if __name__ == "__main__":
    spec = Spec(**json.loads(Path(sys.argv[1]).read_text()))
    Path(sys.argv[2]).write_text(json.dumps(_fallback(spec)))
