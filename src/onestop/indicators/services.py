"""Writes of the index's fact table: a live dossier's record after each event, and imported history."""

import json
import multiprocessing
import queue
import traceback
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from onestop.catalog.constants import OnlineLevel, ResultType
from onestop.catalog.models import ProcedureVersion
from onestop.catalog.selectors import catalog_version, disclosure_missing
from onestop.core.models import OutboxMessage
from onestop.core.services import audit_record
from onestop.core.text import nfc
from onestop.dossiers.exchange import exchange_record
from onestop.dossiers.models import Dossier
from onestop.indicators.constants import RecordSource
from onestop.indicators.models import DossierRecord, ImportBatch, RecordLine, RecordsVersion
from onestop.indicators.records import CheckedRecord, RecordError, check_record, quality_scores, timeliness
from onestop.indicators.units import UnitResolver
from onestop.organizations.constants import Role, UnitLevel
from onestop.organizations.models import AdministrativeUnit
from onestop.workdays.deadlines import WorkingCalendar
from onestop.workdays.selectors import UnitPeriods, calendar_day_kinds, working_periods_for_unit

IMPORT_CHUNK = 2000
# Whether a procedure is fully disclosed and online, for live records; a publication drops it at once in
# its own process.
PROCEDURE_FACTS_SECONDS = 60
KEPT_ERRORS = 1000
ANALYZE_AFTER = 10_000
ANALYZE_GROWTH = 0.1  # of the rows the planner knows of


@dataclass(frozen=True)
class ProcedureFacts:
    procedure_id: int
    full_online_eligible: bool
    paper_result: bool
    fully_disclosed: bool


class RecordContext:
    """What turning records into rows needs, loaded once per import (or per live refresh)."""

    def __init__(self, *, unit: AdministrativeUnit | None = None) -> None:
        """``unit``: a live refresh's unit as the caller loaded it (with its parents), read no more."""
        self._live_units = {unit.pk: unit} if unit is not None else {}
        self._resolver: UnitResolver | None = None
        self._entries = calendar_day_kinds()
        self._calendars: dict[int, WorkingCalendar] = {}
        # Units with the same periods share one calendar, and so its cached working-time positions.
        self._by_periods: dict[tuple[Any, ...], WorkingCalendar] = {}
        self._unit_periods: UnitPeriods | None = None
        self._procedures: dict[str, ProcedureFacts | None] = {}

    @property
    def resolver(self) -> UnitResolver:
        """Every unit and succession link, loaded on first use: an import needs them, a live refresh not."""
        if self._resolver is None:
            self._resolver = UnitResolver()
        return self._resolver

    def preload(self) -> None:
        """Read the units and everyone's working hours now (before forking import workers)."""
        if self._unit_periods is None:
            self._unit_periods = UnitPeriods()
        _ = self.resolver

    def ranked_under(self, unit_id: int) -> tuple[int, int]:
        """The in-force unit a record of ``unit_id`` counts under, and that unit's province."""
        if self._resolver is None:
            unit = self._live_units.get(unit_id) or (
                AdministrativeUnit.objects.select_related("parent__parent").get(pk=unit_id)
            )
            if unit.valid_to is None:  # a live dossier's unit: no succession to follow
                province = unit
                while province.level != UnitLevel.PROVINCE and province.parent is not None:
                    province = province.parent
                return unit.pk, province.pk
        rank_unit = self.resolver.current(unit_id)
        return rank_unit, self.resolver.province(rank_unit)

    def calendar(self, unit_id: int) -> WorkingCalendar:
        if unit_id not in self._calendars:
            if self._resolver is None:  # a live refresh: one unit, read as the deadlines read it
                unit = self._live_units.get(unit_id) or AdministrativeUnit.objects.get(pk=unit_id)
                periods = working_periods_for_unit(unit=unit)
            else:
                if self._unit_periods is None:
                    self._unit_periods = UnitPeriods()
                units = self._resolver.units
                periods = self._unit_periods.of(unit_id, lambda unit: units[unit].parent_id)
            if periods not in self._by_periods:
                self._by_periods[periods] = WorkingCalendar(entries=self._entries, periods=periods)
            self._calendars[unit_id] = self._by_periods[periods]
        return self._calendars[unit_id]

    def procedure(self, code: str) -> ProcedureFacts | None:
        if code not in self._procedures:
            if self._resolver is None:  # a live refresh: every event of every dossier asks
                key = f"indicators:procedure-facts:{catalog_version()}:{code}"
                cached: tuple[ProcedureFacts | None] | None = cache.get(key)
                if cached is None:
                    cached = (self._procedure_facts(code),)
                    cache.set(key, cached, PROCEDURE_FACTS_SECONDS)
                self._procedures[code] = cached[0]
            else:
                self._procedures[code] = self._procedure_facts(code)
        return self._procedures[code]

    @staticmethod
    def _procedure_facts(code: str) -> ProcedureFacts | None:
        version = (
            ProcedureVersion.objects.filter(procedure__code=code)
            .select_related("procedure")
            .order_by("-effective_from", "-number")
            .first()
        )
        if version is None:
            return None
        return ProcedureFacts(
            procedure_id=version.procedure_id,
            full_online_eligible=version.online_level == OnlineLevel.FULL,
            paper_result=version.result_type != ResultType.E_RESULT,
            fully_disclosed=not disclosure_missing(version=version),
        )


def _values(
    checked: CheckedRecord, ctx: RecordContext, *, unit_id: int, agency_id: int | None
) -> dict[str, Any]:
    """A record's columns (by attribute name) from its checked exchange record: plain values, so an
    import builds no model instance per record and a refresh reads no related row back."""
    facts = ctx.procedure(checked.procedure_code)
    rank_unit, province = ctx.ranked_under(unit_id)
    timing = timeliness(checked, ctx.calendar(rank_unit))
    quality, officer = quality_scores(checked, timing, fully_disclosed=bool(facts and facts.fully_disclosed))
    return {
        "code": checked.code,
        "unit_id": unit_id,
        "rank_unit_id": rank_unit,
        "province_id": province,
        "agency_id": agency_id,
        "procedure_id": facts.procedure_id if facts else None,
        "procedure_code": checked.procedure_code,
        "channel": checked.channel,
        "received_at": checked.received_at,
        "due_at": checked.due_at,
        "finished_at": checked.finished_at,
        "returned_at": checked.returned_at,
        "status": checked.status,
        "paid_online": checked.paid_online,
        "fee_total": checked.fee_total,
        "e_result": checked.e_result,
        "digitised": checked.digitised,
        "reused": checked.reused,
        "from_data_store": checked.from_data_store,
        "supplements": len(checked.supplements),
        "on_time": timing.on_time,
        "early": timing.early,
        "late_after": timing.late_after,
        "working_hours": timing.working_hours,
        "synced": checked.synced,
        "vneid": checked.vneid,
        "rated": checked.rated,
        "unhappy": checked.unhappy,
        "complained": checked.complained,
        "full_online_eligible": bool(facts and facts.full_online_eligible),
        "paper_result": facts.paper_result if facts else True,
        "quality_score": quality,
        "officer_score": officer,
    }


# The columns computed from the exchange record (attribute names), as ``_values`` gives them.
RECORD_FIELDS = [
    f.attname
    for f in DossierRecord._meta.concrete_fields
    if f.name not in {"id", "code", "source", "dossier", "batch", "handler", "updated_at"}
]


def _handler_id(dossier: Dossier) -> int | None:
    if dossier.assignee_id:
        return dossier.assignee_id
    return (
        dossier.history.filter(post__role=Role.SPECIALIST, actor__isnull=False)
        .order_by("-sequence")
        .values_list("actor_id", flat=True)
        .first()
    )


def record_refresh(
    *, dossier: Dossier, record: dict[str, Any] | None = None, created: bool = False
) -> DossierRecord | None:
    """Rewrite a live dossier's record; call in the transaction of the dossier's event.

    A dossier not yet received (a draft, or awaiting the desk) has no record: it counts from reception.
    ``created``: the dossier was made in this transaction, so no record of it exists yet.
    """
    record = dict(record or exchange_record(dossier))
    if record.get("NgayTiepNhan") is None:
        if created:
            return None
        deleted, _by_model = DossierRecord.objects.filter(dossier=dossier).delete()
        if deleted:
            records_changed(province_ids=[RecordContext().ranked_under(dossier.unit_id)[1]])
        return None
    record["DongBoDVCQG"] = OutboxMessage.objects.filter(
        topic="dvcqg_sync", key=dossier.code, state=OutboxMessage.DeliveryState.DELIVERED
    ).exists()
    checked = check_record(json.loads(json.dumps(record, default=str)))
    values = _values(
        checked, RecordContext(unit=dossier.unit), unit_id=dossier.unit_id, agency_id=dossier.agency_id
    )
    values["handler_id"] = _handler_id(dossier)
    values.update(code=dossier.code, source=RecordSource.LIVE, updated_at=timezone.now())
    # Every event of a dossier lands here: one UPDATE when the row exists (it does after reception).
    existing = DossierRecord.objects.filter(dossier=dossier).values_list("pk", flat=True)
    fact_id = None if created else existing.first()
    records_changed(province_ids=[values["province_id"]])
    if fact_id is None:
        saved = DossierRecord.objects.create(dossier=dossier, **values)
        RecordLine.objects.create(fact=saved, data=checked.record)
        return saved
    DossierRecord.objects.filter(pk=fact_id).update(**values)
    if not RecordLine.objects.filter(fact_id=fact_id).update(data=checked.record):
        RecordLine.objects.create(fact_id=fact_id, data=checked.record)
    return DossierRecord(pk=fact_id, dossier=dossier, **values)


def records_changed(*, province_ids: Iterable[int]) -> None:
    """Count a write to these provinces' records once it commits, so cached dashboards recompute.

    Counted after the commit, in its own statement: a counter row locked until commit would queue every
    transaction of the province behind the one before it."""
    ids = sorted(set(province_ids))
    if ids:
        transaction.on_commit(lambda: _count_writes(ids))


def _count_writes(province_ids: list[int]) -> None:
    for province_id in province_ids:
        counter = RecordsVersion.objects.filter(province_id=province_id)
        if counter.update(version=F("version") + 1):
            continue
        try:
            with transaction.atomic():
                RecordsVersion.objects.create(province_id=province_id, version=1)
        except IntegrityError:  # another process created it first
            counter.update(version=F("version") + 1)


@dataclass
class ImportReport:
    batch: ImportBatch
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.batch.imported

    @property
    def refused(self) -> int:
        return self.batch.refused


def _resolve_unit(checked: CheckedRecord, ctx: RecordContext) -> tuple[int, int | None]:
    agency = ctx.resolver.agencies.get(checked.unit_code)
    if agency is not None:
        return agency[1], agency[0]
    day: date = timezone.localtime(checked.received_at).date()
    unit = ctx.resolver.at(checked.unit_code, day)
    if unit is None:
        raise RecordError(
            [
                _("MaDonVi “%(code)s” is no unit or agency on %(day)s.")
                % {"code": checked.unit_code, "day": day.isoformat()}
            ]
        )
    return unit.id, None


def _save_chunk(rows: list[dict[str, Any]], batch_id: int, data: dict[str, dict[str, Any]]) -> None:
    now = timezone.now()
    with transaction.atomic():
        records_changed(province_ids=[row["province_id"] for row in rows])
        if connection.vendor == "postgresql":
            _copy_upsert(rows, batch_id, now, data)
            return
        # With update_conflicts the database hands back every row's id, new or updated.
        facts = [
            DossierRecord(**row, source=RecordSource.IMPORT, batch_id=batch_id, updated_at=now)
            for row in rows
        ]
        DossierRecord.objects.bulk_create(
            facts,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=[*RECORD_FIELDS, "batch_id"],
        )
        RecordLine.objects.bulk_create(
            [RecordLine(fact_id=fact.pk, data=data[fact.code]) for fact in facts],
            update_conflicts=True,
            unique_fields=["fact"],
            update_fields=["data"],
        )


def _copy_upsert(
    rows: list[dict[str, Any]], batch_id: int, now: datetime, data: dict[str, dict[str, Any]]
) -> None:
    """PostgreSQL: COPY the chunk into a temporary table and upsert from it, several times faster than
    a multi-row INSERT for the history import's volumes."""
    facts = DossierRecord._meta
    fields = [f for f in facts.concrete_fields if f.name != "id"]
    constant = {
        "source": RecordSource.IMPORT.value,
        "dossier_id": None,
        "batch_id": batch_id,
        "handler_id": None,
        "updated_at": now,
    }
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    updates = ", ".join(
        f"{connection.ops.quote_name(f.column)} = EXCLUDED.{connection.ops.quote_name(f.column)}"
        for f in fields
        if f.name not in {"code", "source", "dossier"}
    )
    lines = connection.ops.quote_name(RecordLine._meta.db_table)
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        # Dropped at commit, but a caller's outer transaction may hold the previous chunk's tables.
        cursor.execute("DROP TABLE IF EXISTS pg_temp.import_facts, pg_temp.import_lines")
        cursor.execute(
            f"CREATE TEMP TABLE import_facts ON COMMIT DROP AS "  # noqa: S608 - names from the model
            f"SELECT {columns} FROM {facts.db_table} WITH NO DATA"
        )
        names = [f.attname for f in fields]
        with cursor.copy(f"COPY import_facts ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[name] if name in row else constant[name] for name in names])
        cursor.execute(
            f"INSERT INTO {facts.db_table} ({columns}) SELECT {columns} FROM import_facts "  # noqa: S608 - names from the model
            f"ON CONFLICT (code) DO UPDATE SET {updates} RETURNING id, code"
        )
        ids = {code: pk for pk, code in cursor.fetchall()}
        cursor.execute(
            f"CREATE TEMP TABLE import_lines ON COMMIT DROP AS SELECT fact_id, data FROM {lines} WITH NO DATA"  # noqa: S608
        )
        with cursor.copy("COPY import_lines (fact_id, data) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([ids[row["code"]], json.dumps(data[row["code"]], ensure_ascii=False)])
        cursor.execute(
            f"INSERT INTO {lines} (fact_id, data) SELECT fact_id, data FROM import_lines "  # noqa: S608
            "ON CONFLICT (fact_id) DO UPDATE SET data = EXCLUDED.data"
        )


@dataclass
class _Tally:
    """What one pass over (some of) a file's lines did."""

    lines: int = 0
    imported: int = 0
    refused: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


def records_import(
    *, lines: Iterable[str], file_name: str, actor: Any = None, workers: int = 1
) -> ImportReport:
    """Import exchange-format history, one JSON object per line.

    Every line is checked on its own: a bad line is refused whole, with its number and reasons, and the
    good ones are taken. Re-importing a file updates its records; a code held by a dossier handled in
    OneStop is refused, so history can never overwrite live data.

    With ``workers`` > 1 (PostgreSQL, outside a transaction, whose rows the workers could not see) the
    lines are spread over that many forked processes by their MaHoSo, so every repeat of a code meets
    its first occurrence in the same process, in file order: the outcome is the serial one.
    """
    batch = ImportBatch.objects.create(file_name=file_name[:255], imported_by=actor)
    report = ImportReport(batch=batch)
    ctx = RecordContext()
    if workers > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block:
        tally = _import_parallel(lines, batch_id=batch.pk, ctx=ctx, workers=workers)
    else:
        tally = _import_lines(enumerate(lines, 1), batch_id=batch.pk, ctx=ctx)
    batch.lines, batch.imported, batch.refused = tally.lines, tally.imported, tally.refused
    report.errors = sorted(tally.errors, key=lambda error: error["line"])
    if batch.imported >= ANALYZE_AFTER and connection.vendor == "postgresql":
        table = DossierRecord._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
            if worth_analysing(imported=batch.imported, known_rows=cursor.fetchone()[0]):
                cursor.execute(f"ANALYZE {table}")
    batch.errors = report.errors[:KEPT_ERRORS]
    batch.save()
    audit_record(
        actor=actor,
        action="indicators.history_imported",
        subject=batch,
        after={
            "file": batch.file_name,
            "lines": batch.lines,
            "imported": batch.imported,
            "refused": batch.refused,
        },
    )
    return report


def worth_analysing(*, imported: int, known_rows: float) -> bool:
    """Whether an import changed the fact table enough to read fresh statistics at once: into a table the
    planner thinks empty (it would guess a handful of rows), or by a tenth of what it knows of. Analysing a
    table of millions after a few percent more costs seconds; autovacuum's own analyse catches up."""
    return known_rows <= 0 or imported >= ANALYZE_GROWTH * known_rows


def _import_lines(numbered: Iterable[tuple[int, str]], *, batch_id: int, ctx: RecordContext) -> _Tally:
    tally = _Tally()
    seen: dict[str, int] = {}
    pending: list[dict[str, Any]] = []
    data_by_code: dict[str, dict[str, Any]] = {}
    for number, line in numbered:
        if not line.strip():
            continue
        tally.lines += 1
        try:
            try:
                data = json.loads(line)
            except json.JSONDecodeError as error:
                raise RecordError([_("Not valid JSON: %(error)s.") % {"error": error.msg}]) from error
            checked = check_record(data)
            if checked.code in seen:
                raise RecordError(
                    [
                        _("MaHoSo “%(code)s” already appears on line %(line)s.")
                        % {"code": checked.code, "line": seen[checked.code]}
                    ]
                )
            unit_id, agency_id = _resolve_unit(checked, ctx)
            if ctx.procedure(checked.procedure_code) is None:
                raise RecordError(
                    [_("MaTTHC “%(code)s” is not in the catalog.") % {"code": checked.procedure_code}]
                )
            pending.append(_values(checked, ctx, unit_id=unit_id, agency_id=agency_id))
            data_by_code[checked.code] = checked.record
            seen[checked.code] = number
        except RecordError as error:
            tally.refused += 1
            tally.errors.append({"line": number, "reasons": error.reasons})
            continue
        if len(pending) >= IMPORT_CHUNK:
            _flush(pending, batch_id, tally, seen, data_by_code)
    _flush(pending, batch_id, tally, seen, data_by_code)
    return tally


def _flush(
    pending: list[dict[str, Any]],
    batch_id: int,
    tally: _Tally,
    lines: dict[str, int],
    data: dict[str, dict[str, Any]],
) -> None:
    if not pending:
        return
    live = set(
        DossierRecord.objects.filter(
            code__in=[row["code"] for row in pending], source=RecordSource.LIVE
        ).values_list("code", flat=True)
    )
    if live:
        for row in [row for row in pending if row["code"] in live]:
            tally.refused += 1
            tally.errors.append(
                {
                    "line": lines[row["code"]],
                    "reasons": [
                        _("MaHoSo “%(code)s” is a dossier handled in OneStop.") % {"code": row["code"]}
                    ],
                }
            )
        pending[:] = [row for row in pending if row["code"] not in live]
    _save_chunk(pending, batch_id, data)
    tally.imported += len(pending)
    for row in pending:
        del data[row["code"]]
    pending.clear()


PARALLEL_BATCH = 500  # lines per message to a worker


def _partition(line: str, number: int, workers: int) -> int:
    """The worker of a line: by its normalised MaHoSo (as check_record reads it), so repeats of a code
    meet; a line without a readable code can go anywhere, it will be refused on its own."""
    try:
        data = json.loads(line)
    except ValueError:
        return number % workers
    code = data.get("MaHoSo") if isinstance(data, dict) else None
    if not isinstance(code, str):
        return number % workers
    return zlib.crc32(nfc(code.strip()).encode()) % workers


def _import_parallel(lines: Iterable[str], *, batch_id: int, ctx: RecordContext, workers: int) -> _Tally:
    ctx.preload()  # forked workers inherit the units and hours instead of each reading them
    connections.close_all()  # each process needs its own connection; the parent reopens its own
    context = multiprocessing.get_context("fork")
    inboxes: list[Any] = [context.Queue(maxsize=8) for _ in range(workers)]
    results: Any = context.Queue()
    processes = [
        context.Process(target=_import_worker, args=(inbox, results, batch_id, ctx), daemon=True)
        for inbox in inboxes
    ]
    for process in processes:
        process.start()
    try:
        buffers: list[list[tuple[int, str]]] = [[] for _ in range(workers)]
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            target = _partition(line, number, workers)
            buffers[target].append((number, line))
            if len(buffers[target]) >= PARALLEL_BATCH:
                _send(inboxes[target], buffers[target], processes[target])
                buffers[target] = []
        for target in range(workers):
            if buffers[target]:
                _send(inboxes[target], buffers[target], processes[target])
            _send(inboxes[target], None, processes[target])
        total = _Tally()
        for _worker in range(workers):
            outcome, value = _receive(results, processes)
            if outcome != "ok":
                raise RuntimeError(f"an import worker failed:\n{value}")
            total.lines += value.lines
            total.imported += value.imported
            total.refused += value.refused
            total.errors += value.errors
        return total
    finally:
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()


def _send(inbox: Any, item: Any, process: Any) -> None:
    while True:
        try:
            inbox.put(item, timeout=1)
            return
        except queue.Full:
            if not process.is_alive():
                raise RuntimeError("an import worker stopped") from None


def _receive(results: Any, processes: list[Any]) -> tuple[str, Any]:
    while True:
        try:
            received: tuple[str, Any] = results.get(timeout=1)
            return received
        except queue.Empty:
            if not any(process.is_alive() for process in processes):
                raise RuntimeError("the import workers stopped without a result") from None


def _import_worker(inbox: Any, results: Any, batch_id: int, ctx: RecordContext) -> None:
    def numbered() -> Iterator[tuple[int, str]]:
        while (items := inbox.get()) is not None:
            yield from items

    try:
        results.put(("ok", _import_lines(numbered(), batch_id=batch_id, ctx=ctx)))
    except BaseException:  # the parent reports it and stops the import
        results.put(("error", traceback.format_exc()))
    finally:
        connections.close_all()
