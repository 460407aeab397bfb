"""Cheap checks of the harness itself (no database); part of the suite (testpaths)."""

import random

import pytest

from benchmarks.generate import FINAL_WEIGHTS, OPEN_WEIGHTS, TRANSITION_TARGET, _actions
from benchmarks.runner import markdown


@pytest.mark.parametrize("final", sorted({*FINAL_WEIGHTS, *OPEN_WEIGHTS}))
def test_every_generated_history_ends_in_its_dossiers_state(final: str) -> None:
    rng = random.Random(1)
    for _ in range(50):
        actions = _actions(final, rng, supplement=rng.random() < 0.5, extend=rng.random() < 0.5)
        assert actions[0] == "submit"
        state = ""
        for action in actions:
            target = TRANSITION_TARGET[action]
            if action == "request_supplement" and state == "new":
                target = "supplement_at_reception"
            state = target or state
        assert state == final


def test_the_table_shows_skipped_rows_and_measured_ones() -> None:
    report = {
        "started_at": "20260101T000000Z",
        "options": {"dossiers": 1000, "duration_s": 3, "smoke": True, "gunicorn_workers": 2},
        "machine": {"cpu": "x", "cores": 2, "memory_gb": 1, "python": "3.12", "load_generator": "wrk"},
        "rows": [
            {"key": "B9", "name": "B9 bulk import", "status": "skipped: not available", "notes": ""},
            {
                "key": "B5",
                "name": "B5 status page",
                "status": "ok",
                "throughput": 100.0,
                "unit": "req/s",
                "p50_ms": 1.0,
                "p95_ms": 2.0,
                "p99_ms": 3.0,
                "requests": 300,
                "errors": 0,
                "cpu": {"app_pct": 90, "db_pct": 10, "loadgen_pct": 5, "machine_pct": 60},
                "limit": "bare Django 5.0%",
                "target": "≥ 1,000/s",
                "notes": "",
            },
        ],
    }
    table = markdown(report)
    assert "| B9 bulk import | skipped: not available |" in table
    assert "| B5 status page | 100.0 req/s | 1.0 | 2.0 | 3.0 | 300 | 0 | 90/10/5 (60%) |" in table
