"""Work done inside OneStop's Django (run as ``python -m benchmarks.djangoside TASK ARGS`` with the bench
environment from ``database.django_env``), each task printing one JSON object."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from typing import Any


def _template() -> dict[str, Any]:
    from django.core.management import call_command

    from benchmarks.reference import reference_load

    call_command("migrate", verbosity=0, interactive=False)
    return reference_load()


def _credentials() -> dict[str, Any]:
    from benchmarks.reference import credentials_create

    return asdict(credentials_create())


def _capabilities() -> dict[str, Any]:
    """What the product offers for the hooks: B9's import command, B7's dashboard and rebuild."""
    from django.core.management import get_commands
    from django.urls import NoReverseMatch, Resolver404, resolve, reverse

    commands = get_commands()
    rebuild = sorted(
        name
        for name, app in commands.items()
        if app == "onestop.indicators" and ("rebuild" in name or "compute" in name)
    )
    dashboard = None
    try:  # a province's dashboard; the runner puts the province code in
        dashboard = reverse("indicators:unit", kwargs={"code": "00000"}).replace("00000", "{province}")
    except NoReverseMatch:
        try:
            resolve("/chi-so/")
            dashboard = "/chi-so/"
        except Resolver404:
            dashboard = None
    return {
        "import_dossiers": "import_dossiers" in commands,
        "indicators_rebuild": rebuild[0] if rebuild else None,
        "dashboard": dashboard,
    }


def _record_facts() -> dict[str, Any]:
    """What the generator needs to write each dossier's index record as ``record_refresh`` would: the
    catalog facts per procedure, the working calendar, and whom the generated histories name as handler."""
    from onestop.accounts.models import User
    from onestop.catalog.models import Procedure
    from onestop.indicators.services import RecordContext
    from onestop.organizations.constants import Role
    from onestop.organizations.models import AdministrativeUnit, StaffPost
    from onestop.workdays.models import CalendarEntry, WorkingHours
    from onestop.workdays.selectors import working_periods_for_unit

    ctx = RecordContext()
    procedures = {}
    for code in Procedure.objects.values_list("code", flat=True):
        facts = ctx.procedure(code)
        if facts is not None:
            procedures[code] = [
                facts.procedure_id,
                facts.full_online_eligible,
                facts.paper_result,
                facts.fully_disclosed,
            ]

    def periods(unit: Any) -> list[list[str]]:
        return [[start.isoformat(), end.isoformat()] for start, end in working_periods_for_unit(unit=unit)]

    unit_periods = {}
    if WorkingHours.objects.filter(unit__isnull=False).exists():  # else every unit has the default
        for unit in AdministrativeUnit.objects.filter(valid_to__isnull=True):
            unit_periods[unit.pk] = periods(unit)
    # The generated staff steps are the bench API account's; a record names it only if it is a specialist.
    api = User.objects.filter(username="bench.api").first()
    specialist = StaffPost.objects.filter(user=api, role=Role.SPECIALIST).exists() if api else False
    return {
        "procedures": procedures,
        "entries": {day.isoformat(): kind for day, kind in CalendarEntry.objects.values_list("date", "kind")},
        "default_periods": periods(None),
        "unit_periods": unit_periods,
        "handler": api.pk if api and specialist else None,
    }


def _submission_queries(body_json: str) -> dict[str, Any]:
    """The SQL one API submission runs, by kind (in a transaction rolled back afterwards)."""
    from django.db import connection, transaction
    from rest_framework.test import APIClient

    from onestop.accounts.models import User

    kinds: dict[str, int] = {}

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        kind = sql.lstrip().split(None, 1)[0].upper()
        kinds[kind] = kinds.get(kind, 0) + 1
        return execute(sql, params, many, context)

    client = APIClient()
    client.force_authenticate(User.objects.get(username="bench.api"))
    with transaction.atomic():
        with connection.execute_wrapper(record):
            response = client.post("/api/v1/dossiers", data=json.loads(body_json), format="json")
        transaction.set_rollback(True)
    return {"status": response.status_code, "statements": sum(kinds.values()), "by_kind": kinds}


def _sign(seconds: float, pdf_path: str) -> dict[str, Any]:
    """B8: sign a one-page result as the approving leader and then the agency, as approval does."""
    from onestop.signing.models import CertificateKind, SigningCertificate
    from onestop.signing.services import document_sign

    official = (
        SigningCertificate.objects.filter(kind=CertificateKind.OFFICIAL, active=True, revoked_at__isnull=True)
        .filter(key_storage="pkcs12")
        .select_related("agency", "holder")
        .first()
    )
    if official is None:
        return {"error": "no official certificate with a server-held key"}
    agency = (
        SigningCertificate.objects.filter(kind=CertificateKind.AGENCY, agency=official.agency, active=True)
        .select_related("agency")
        .first()
    )
    data = open(pdf_path, "rb").read()  # noqa: SIM115
    document_sign(  # warm-up: the first signature loads fonts, keys and the TSA certificate
        actor=None, data=data, title="warm-up", certificate=official, agency_certificate=agency
    )
    documents = 0
    latencies = []
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        begin = time.perf_counter()
        document_sign(
            actor=None,
            data=data,
            title="Benchmark result",
            certificate=official,
            agency_certificate=agency,
            reason="benchmark",
        )
        latencies.append(time.perf_counter() - begin)
        documents += 1
    elapsed = time.perf_counter() - started
    return {
        "documents": documents,
        "signatures_per_document": 2 if agency else 1,
        "seconds": elapsed,
        "latencies": latencies,
    }


def _event_visible(base: str, path: str, cookie: str, province: str) -> dict[str, Any]:
    """Seconds from a new late dossier being recorded until the running server's dashboard counts it."""
    import re
    import urllib.request
    from datetime import timedelta

    from django.utils import timezone

    from onestop.catalog.models import Procedure
    from onestop.indicators.services import records_import
    from onestop.organizations.models import AdministrativeUnit

    def lost_on_time() -> str | None:
        request = urllib.request.Request(base + path, headers={"Cookie": cookie, "HX-Request": "true"})
        with urllib.request.urlopen(request, timeout=120) as response:
            html = response.read().decode()
        found = re.search(r'data-indicator="2\.1".*?<a [^>]*>([^<]*)</a>', html, re.DOTALL)
        return found.group(1).strip() if found else None

    before = lost_on_time()
    commune = AdministrativeUnit.objects.filter(parent__code=province, valid_to__isnull=True).first()
    procedure = Procedure.objects.order_by("code").first()
    if commune is None or procedure is None:
        return {"error": "no commune or procedure"}
    now = timezone.localtime()
    record = {
        "MaHoSo": f"BENCH-EVENT-{now:%Y%m%d%H%M%S%f}",
        "MaTTHC": procedure.code,
        "MaDonVi": commune.code,
        "KenhThucHien": 1,
        "NgayTiepNhan": (now - timedelta(days=10)).isoformat(),
        "NgayHenTra": (now - timedelta(days=5)).isoformat(),
        "NgayKetThucXuLy": now.isoformat(),
        "TrangThaiHoSo": 9,
    }
    started = time.perf_counter()
    records_import(lines=[json.dumps(record)], file_name="bench-event.jsonl")
    while time.perf_counter() - started < 120:
        if lost_on_time() != before:
            return {"seconds": time.perf_counter() - started, "before": before, "after": lost_on_time()}
        time.sleep(0.05)
    return {"seconds": None, "error": "not visible within 120 s"}


def _run_command(name: str, *args: str) -> dict[str, Any]:
    from django.core.management import CommandError, call_command

    started = time.perf_counter()
    try:
        call_command(name, *args)
    except CommandError as error:  # e.g. some lines refused: the time still counts, the error is reported
        return {"seconds": time.perf_counter() - started, "error": str(error)}
    return {"seconds": time.perf_counter() - started}


def main() -> None:
    import django

    django.setup()
    task, args = sys.argv[1], sys.argv[2:]
    if task == "template":
        result = _template()
    elif task == "credentials":
        result = _credentials()
    elif task == "capabilities":
        result = _capabilities()
    elif task == "record-facts":
        result = _record_facts()
    elif task == "submission-queries":
        result = _submission_queries(args[0])
    elif task == "sign":
        result = _sign(float(args[0]), args[1])
    elif task == "event-visible":
        result = _event_visible(*args)
    elif task == "command":
        result = _run_command(args[0], *args[1:])
    else:
        raise SystemExit(f"unknown task {task}")
    print("BENCH-RESULT " + json.dumps(result, default=str))


if __name__ == "__main__":
    main()
