"""Checks of the harness itself, part of the suite (testpaths); only the generated records need a database."""

import json
import random
from pathlib import Path
from typing import Any

import pytest
from psycopg.conninfo import make_conninfo

from benchmarks.database import reusable
from benchmarks.generate import FINAL_WEIGHTS, OPEN_WEIGHTS, TRANSITION_TARGET, _actions, _worker, plan_build
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


@pytest.mark.django_db(transaction=True)  # the generator's own connections must see the demo's rows
def test_generated_records_are_what_onestop_computes_for_the_generated_dossiers(
    on_postgres: None, demo_few: Any, tmp_path: Path
) -> None:
    from django.db import connection

    from benchmarks.djangoside import _record_facts
    from onestop.dossiers.exchange import exchange_record
    from onestop.dossiers.models import Dossier
    from onestop.indicators.models import DossierRecord
    from onestop.indicators.records import check_record
    from onestop.indicators.services import RECORD_FIELDS, RecordContext, _handler_id, _values

    settings = connection.settings_dict
    dsn = make_conninfo(
        host=settings["HOST"] or "",
        port=str(settings["PORT"] or ""),
        user=settings["USER"] or "",
        password=settings["PASSWORD"] or "",
        dbname=settings["NAME"],
    )
    plan = plan_build(
        dsn=dsn, dossiers=400, seed=5, bench_province="", b2=0, b3=0, out_dir=tmp_path, facts=_record_facts()
    )
    first = (Dossier.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    for province in plan.provinces:
        province.first_id += first
    counts = _worker(plan, [province.code for province in plan.provinces])

    generated = Dossier.objects.filter(id__gte=first).select_related("procedure_version__procedure", "unit")
    received = [dossier for dossier in generated if dossier.received_at is not None]
    assert counts["dossier"] == 400
    assert counts["record"] == len(received) > 300
    records = {record.dossier_id: record for record in DossierRecord.objects.filter(dossier_id__gte=first)}
    assert set(records) == {dossier.pk for dossier in received}
    ctx = RecordContext()
    late = 0
    for dossier in received:
        # What record_refresh computes (no DVCQG delivery is generated), without writing it.
        checked = check_record(json.loads(json.dumps(exchange_record(dossier), default=str)))
        values = _values(checked, ctx, unit_id=dossier.unit_id, agency_id=dossier.agency_id)
        expected = {name: values[name] for name in RECORD_FIELDS} | {"handler_id": _handler_id(dossier)}
        record = records[dossier.pk]
        actual = {name: getattr(record, name) for name in expected}
        assert (record.code, record.source) == (dossier.code, "live")
        assert actual == expected, dossier.code
        late += record.on_time is False
    assert 0 < late < len(received) / 4  # provinces draw on-time rates of 83-99.9%


def test_a_template_built_from_another_checkout_is_rebuilt_for_this_ones_keys() -> None:
    assert reusable(comment="abc 1f2e", wanted="abc", build="1f2e", keys_present=True)
    assert not reusable(comment="abc 9d9d", wanted="abc", build="1f2e", keys_present=True)  # another build
    assert not reusable(comment="old 1f2e", wanted="abc", build="1f2e", keys_present=True)  # schema changed
    assert not reusable(comment="abc 1f2e", wanted="abc", build="1f2e", keys_present=False)
    assert not reusable(comment="abc", wanted="abc", build=None, keys_present=True)  # before build markers
    assert not reusable(comment=None, wanted="abc", build=None, keys_present=False)
