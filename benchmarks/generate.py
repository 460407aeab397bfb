"""The dataset generator: N dossiers over every province and commune, bulk-loaded with COPY.

Each worker process owns whole provinces (so gap-free codes per agency and day never collide) and streams
dossiers, components, history, supplement requests, payments and each received dossier's index record
into the real tables. Secondary indexes and foreign keys are dropped before the load and rebuilt after it,
then the tables are analysed.
"""

from __future__ import annotations

import base64
import multiprocessing
import os
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

# Pure computation, importable without Django settings: the record is computed as the product does.
from onestop.indicators.records import CheckedRecord, Supplement, quality_scores, timeliness
from onestop.workdays.deadlines import WorkingCalendar

TABLES = [
    "dossiers_dossier",
    "dossiers_dossiercomponent",
    "dossiers_dossierhistory",
    "dossiers_supplementrequest",
    "payments_payment",
    "indicators_dossierrecord",
]
DAYS = 730  # two years of history, ending yesterday
LOCAL = 7 * 3600  # Asia/Ho_Chi_Minh is UTC+7 all year
STATUS = {
    "new": 1,
    "supplement_at_reception": 5,
    "not_received": 3,
    "received": 2,
    "at_agency": 4,
    "in_progress": 4,
    "supplement_in_processing": 5,
    "awaiting_approval": 4,
    "suspended": 4,
    "done": 9,
    "refused": 9,
    "stopped": 8,
    "withdrawn": 7,
    "returned": 10,
}
FINISHED = {"done", "refused", "stopped", "withdrawn", "returned", "not_received"}
FINAL_WEIGHTS = {
    "returned": 88,
    "done": 4,
    "refused": 3,
    "not_received": 2,
    "withdrawn": 2,
    "stopped": 1,
}
OPEN_WEIGHTS = {
    "new": 15,
    "supplement_at_reception": 5,
    "received": 10,
    "at_agency": 15,
    "in_progress": 33,
    "supplement_in_processing": 5,
    "awaiting_approval": 12,
    "suspended": 2,
    "done": 3,
}
# Popular procedures (certification, civil status) take most of a commune's dossiers.
POPULAR = {"2.000815": 30, "2.000884": 20, "1.001193": 12, "1.000656": 5, "1.000894": 5, "2.000635": 8}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thu", "Quang", "Thanh", "Gia"]
GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hoa",
    "Hùng",
    "Lan",
    "Linh",
    "Mai",
    "Nam",
    "Phúc",
]


@dataclass
class Version:
    id: int
    procedure: str
    levels: list[str]
    limit_days: float  # calendar days of the time limit (same day: 0)
    components: list[tuple[int | None, str]]
    fee: int
    online_fee: int
    fee_total: int = 0  # every fee of the version, as the exchange record lists them
    weight: float = 1.0


@dataclass
class Place:
    unit_id: int
    unit_code: str
    desk_id: int
    desk_agency_e_id: str
    agency_id: int  # the competent agency (People's Committee)
    weight: float = 1.0


@dataclass
class Province:
    unit_id: int
    code: str
    communes: list[Place]
    centre: Place
    online_share: float
    on_time: float
    dossiers: int = 0
    first_id: int = 0


@dataclass
class Plan:
    dsn: str
    provinces: list[Province]
    commune_versions: list[Version]
    province_versions: list[Version]
    users: dict[str, int]
    posts: dict[str, int]
    today_epoch: int  # local midnight of today, as "local epoch" seconds
    bench_province: str
    b2_reserve: int
    b3_reserve: int
    out_dir: str
    seed: int
    # From OneStop itself (benchmarks.djangoside record-facts): what a live record is computed from.
    facts: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def _fetch(cursor: psycopg.Cursor[Any], sql: str, *params: Any) -> list[tuple[Any, ...]]:
    cursor.execute(sql, params)
    return cursor.fetchall()


def plan_build(
    *,
    dsn: str,
    dossiers: int,
    seed: int,
    bench_province: str,
    b2: int,
    b3: int,
    out_dir: Path,
    facts: dict[str, Any] | None = None,
) -> Plan:
    rng = random.Random(seed)
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        units = _fetch(
            cur,
            "select id, code, level, parent_id from organizations_administrativeunit "
            "where valid_to is null order by code",
        )
        desks = {
            unit: (desk, e_id)
            for desk, unit, e_id in _fetch(
                cur,
                "select d.id, d.unit_id, a.e_id from organizations_desk d join organizations_agency a "
                "on a.id = d.agency_id where d.parent_id is null and d.active order by d.id desc",
            )
        }
        committees = dict(
            _fetch(
                cur,
                "select unit_id, min(id) from organizations_agency where kind = 'peoples_committee' "
                "group by unit_id",
            )
        )
        versions = []
        for vid, code, levels, value, unit in _fetch(
            cur,
            "select v.id, p.code, v.levels, v.time_limit_value, v.time_limit_unit from "
            "catalog_procedureversion v join catalog_procedure p on p.id = v.procedure_id "
            "where v.effective_to is null and v.missing_fields = '[]'::jsonb order by p.code",
        ):
            components: list[tuple[int | None, str]] = [
                (cid, " ".join(name.replace("\\", "/").split()))
                for cid, name in _fetch(
                    cur,
                    "select id, name from catalog_component where version_id = %s order by position limit 3",
                    vid,
                )
            ]
            while len(components) < 3:
                components.append((None, "Giấy tờ khác kèm theo"))
            fee, online_fee = _fetch(
                cur,
                "select coalesce(sum(amount_vnd), 0), "
                "coalesce(sum(coalesce(online_amount_vnd, amount_vnd)), 0) "
                "from catalog_fee where version_id = %s and collected_at = 'reception'",
                vid,
            )[0]
            fee_total = _fetch(
                cur, "select coalesce(sum(amount_vnd), 0) from catalog_fee where version_id = %s", vid
            )[0][0]
            days = 0.0
            if value and unit == "working_days":
                days = value * 1.4
            elif value and unit == "working_hours":
                days = value / 8 * 1.4
            versions.append(
                Version(
                    id=vid,
                    procedure=code,
                    levels=levels,
                    limit_days=days,
                    components=components,
                    fee=int(fee),
                    online_fee=int(online_fee),
                    fee_total=int(fee_total),
                    weight=POPULAR.get(code, 1.0),
                )
            )
        users = dict(_fetch(cur, "select username, id from accounts_user where username like 'bench.%%'"))
        posts = dict(
            _fetch(
                cur,
                "select u.username, p.id from organizations_staffpost p join accounts_user u "
                "on u.id = p.user_id where u.username like 'bench.%%'",
            )
        )
    provinces: list[Province] = []
    by_parent: dict[int, list[tuple[Any, ...]]] = {}
    for row in units:
        if row[2] == "commune":
            by_parent.setdefault(row[3], []).append(row)
    for uid, code, level, _parent in units:
        if level != "province":
            continue
        communes = [
            Place(
                unit_id=cid,
                unit_code=ccode,
                desk_id=desks[cid][0],
                desk_agency_e_id=desks[cid][1],
                agency_id=committees[cid],
                weight=rng.lognormvariate(0, 0.6),
            )
            for cid, ccode, _level, _p in by_parent.get(uid, [])
        ]
        centre = Place(
            unit_id=uid,
            unit_code=code,
            desk_id=desks[uid][0],
            desk_agency_e_id=desks[uid][1],
            agency_id=committees[uid],
        )
        provinces.append(
            Province(
                unit_id=uid,
                code=code,
                communes=communes,
                centre=centre,
                online_share=rng.uniform(0.30, 0.80),
                on_time=rng.uniform(0.83, 0.999),
            )
        )
    weights = [len(p.communes) * rng.uniform(0.5, 1.5) for p in provinces]
    total = sum(weights)
    assigned = 0
    for province, weight in zip(provinces, weights, strict=True):
        province.dossiers = int(dossiers * weight / total)
        assigned += province.dossiers
    provinces[0].dossiers += dossiers - assigned
    next_id = 1
    for province in provinces:
        province.first_id = next_id
        next_id += province.dossiers + (b2 + b3 if province.code == bench_province else 0)
    now_local = datetime.now(UTC) + timedelta(seconds=LOCAL)
    midnight = now_local.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    return Plan(
        dsn=dsn,
        provinces=provinces,
        commune_versions=[v for v in versions if "commune" in v.levels],
        province_versions=[v for v in versions if "province" in v.levels] or versions,
        users=users,
        posts=posts,
        today_epoch=int((midnight - datetime(1970, 1, 1)).total_seconds()),  # noqa: DTZ001 - local epoch
        bench_province=bench_province,
        b2_reserve=b2,
        b3_reserve=b3,
        out_dir=str(out_dir),
        seed=seed,
        facts=facts or {},
    )


def _ts(local_epoch: float | None) -> str:
    if local_epoch is None:
        return "\\N"
    return time.strftime("%Y-%m-%d %H:%M:%S+07", time.gmtime(local_epoch))


def _hexhash(rng: random.Random) -> str:
    return f"{rng.getrandbits(256):064x}"


class Writer:
    """One table's COPY stream on its own connection, kept open for the whole worker, so the server
    parses rows while this process generates the next ones."""

    def __init__(self, dsn: str, table: str, columns: list[str]) -> None:
        self.conn = psycopg.connect(dsn)
        self.conn.execute("SET synchronous_commit = off")
        self.cursor = self.conn.cursor()
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        self.context = self.cursor.copy(sql)
        self.copy = self.context.__enter__()
        self.lines: list[str] = []
        self.rows = 0
        self.seconds = 0.0

    def add(self, line: str) -> None:
        self.lines.append(line)
        if len(self.lines) >= 5000:
            self.flush()

    def flush(self) -> None:
        if not self.lines:
            return
        started = time.perf_counter()
        self.copy.write("".join(self.lines))
        self.rows += len(self.lines)
        self.lines = []
        self.seconds += time.perf_counter() - started

    def close(self) -> None:
        self.flush()
        started = time.perf_counter()
        self.context.__exit__(None, None, None)
        self.conn.commit()
        self.conn.close()
        self.seconds += time.perf_counter() - started


DOSSIER_COLUMNS = [
    "id",
    "code",
    "token",
    "applicant_name",
    "applicant_id_number",
    "applicant_address",
    "applicant_phone",
    "applicant_email",
    "submitter_kind",
    "submitter_name",
    "submitter_id_number",
    "channel",
    "state",
    "dvcqg_status",
    "step_position",
    "step_due_at",
    "received_at",
    "counted_from",
    "due_at",
    "original_due_at",
    "extended_at",
    "extension_reason",
    "paused_at",
    "supplement_rule",
    "finished_at",
    "returned_at",
    "return_method",
    "waybill_number",
    "created_at",
    "updated_at",
    "agency_id",
    "agency_unit_id",
    "applicant_id",
    "applicant_organization_id",
    "assignee_id",
    "desk_id",
    "procedure_version_id",
    "submitter_id",
    "unit_id",
    "deadline_flag",
    "return_address",
    "return_requested",
    "paid_online",
]
COMPONENT_COLUMNS = [
    "dossier_id",
    "procedure_component_id",
    "position",
    "name",
    "provided",
    "digitised",
    "reused",
    "from_data_store",
    "from_national_database",
]
HISTORY_COLUMNS = [
    "dossier_id",
    "sequence",
    "occurred_at",
    "actor_id",
    "post_id",
    "action",
    "from_state",
    "to_state",
    "step_position",
    "step_due_at",
    "note",
    "before",
    "after",
    "files",
    "previous_hash",
    "hash",
]
RECORD_COLUMNS = [
    "id",
    "code",
    "source",
    "dossier_id",
    "unit_id",
    "rank_unit_id",
    "province_id",
    "agency_id",
    "handler_id",
    "procedure_id",
    "procedure_code",
    "channel",
    "received_at",
    "due_at",
    "finished_at",
    "returned_at",
    "status",
    "paid_online",
    "fee_total",
    "e_result",
    "digitised",
    "reused",
    "from_data_store",
    "supplements",
    "on_time",
    "early",
    "late_after",
    "working_hours",
    "synced",
    "vneid",
    "rated",
    "unhappy",
    "complained",
    "full_online_eligible",
    "paper_result",
    "quality_score",
    "officer_score",
    "updated_at",
]
SUPPLEMENT_COLUMNS = ["dossier_id", "stage", "requested_at", "requested_by_id", "items", "completed_at"]
PAYMENT_COLUMNS = [
    "dossier_id",
    "reference",
    "stage",
    "lines",
    "amount_vnd",
    "state",
    "method",
    "gateway",
    "online_channel",
    "gateway_transaction",
    "bank_code",
    "desk_reference",
    "requested_at",
    "started_at",
    "paid_at",
    "expires_at",
    "receipt_number",
    "recorded_by_id",
]

TRANSITION_TARGET: dict[str, str | None] = {
    "submit": "new",
    "receive": "received",
    "transfer": "at_agency",
    "assign": "in_progress",
    "approve": "done",
    "refuse": "refused",
    "return_result": "returned",
    "submit_for_approval": "awaiting_approval",
    "complete_step": "in_progress",
    "request_supplement": "supplement_in_processing",
    "supplement_received": "in_progress",
    "refuse_reception": "not_received",
    "withdraw": "withdrawn",
    "stop": "stopped",
    "suspend": "suspended",
    "extend": None,  # stays
}


def _actions(  # noqa: PLR0911, PLR0912 - one branch per final state
    final: str, rng: random.Random, *, supplement: bool, extend: bool
) -> list[str]:
    """The history of a dossier that ends (for now) in ``final``."""
    if final == "new":
        return ["submit"]
    if final == "supplement_at_reception":
        return ["submit", "request_supplement"]
    if final == "not_received":
        return ["submit", "refuse_reception"]
    if final == "withdrawn":
        return ["submit", "withdraw"]
    actions = ["submit", "receive"]
    if final == "received":
        return actions
    actions.append("transfer")
    if final == "at_agency":
        return actions
    actions.append("assign")
    steps = rng.choice((2, 3, 3, 4, 4, 5))
    middle = ["complete_step"] * steps
    if supplement:
        middle.insert(rng.randrange(len(middle) + 1), "request_supplement")
        if final != "supplement_in_processing":
            middle.insert(middle.index("request_supplement") + 1, "supplement_received")
    if extend:
        middle.append("extend")
    if final == "supplement_in_processing":
        cut = middle.index("request_supplement") if "request_supplement" in middle else len(middle)
        return [*actions, *middle[:cut], "request_supplement"]
    if final == "in_progress":
        cut = rng.randrange(len(middle) + 1)
        if cut and middle[cut - 1] == "request_supplement":
            cut += 1  # the applicant's answer came back, or the dossier would be waiting for it
        return [*actions, *middle[:cut]]
    if final == "suspended":
        return [*actions, *middle[:1], "suspend"]
    if final == "stopped":
        return [*actions, *middle[:1], "stop"]
    actions += [*middle, "submit_for_approval"]
    if final == "awaiting_approval":
        return actions
    actions.append("refuse" if final == "refused" else "approve")
    if final in {"done", "refused"} and rng.random() < 0.5:
        return actions
    if final == "returned":
        actions.append("return_result")
    return actions


def _aware(local_epoch: float) -> datetime:
    return datetime.fromtimestamp(int(local_epoch) - LOCAL, UTC)


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp()) + LOCAL


def _iso(moment: datetime | None) -> str:
    return "\\N" if moment is None else moment.isoformat()


def _bool(value: bool | None) -> str:
    return "\\N" if value is None else ("t" if value else "f")


class Calendars:
    """Each unit's working calendar as OneStop builds it (holidays, the unit's or the default periods),
    one per distinct set of periods so the cached positions are shared."""

    def __init__(self, facts: dict[str, Any]) -> None:
        self.entries = {date.fromisoformat(day): kind for day, kind in facts.get("entries", {}).items()}
        self.default = _periods(facts.get("default_periods"))
        own = facts.get("unit_periods", {})
        self.by_unit = {int(unit): _periods(periods) for unit, periods in own.items()}
        self._calendars: dict[Any, WorkingCalendar] = {}

    def of(self, unit_id: int) -> WorkingCalendar:
        periods = self.by_unit.get(unit_id, self.default)
        if periods not in self._calendars:
            kwargs: dict[str, Any] = {"entries": self.entries}
            if periods:
                kwargs["periods"] = periods
            self._calendars[periods] = WorkingCalendar(**kwargs)
        return self._calendars[periods]


def _periods(raw: list[list[str]] | None) -> tuple[Any, ...]:
    return tuple(
        tuple(datetime.strptime(moment, "%H:%M:%S").time() for moment in period)  # noqa: DTZ007 - times of day
        for period in raw or ()
    )


def _pick_weighted[T](rng: random.Random, items: list[T], weights: list[float], count: int) -> list[T]:
    return rng.choices(items, weights=weights, k=count)


def _worker(plan: Plan, province_codes: list[str]) -> dict[str, int]:
    writers = {
        "dossier": Writer(plan.dsn, "dossiers_dossier", DOSSIER_COLUMNS),
        "component": Writer(plan.dsn, "dossiers_dossiercomponent", COMPONENT_COLUMNS),
        "history": Writer(plan.dsn, "dossiers_dossierhistory", HISTORY_COLUMNS),
        "supplement": Writer(plan.dsn, "dossiers_supplementrequest", SUPPLEMENT_COLUMNS),
        "payment": Writer(plan.dsn, "payments_payment", PAYMENT_COLUMNS),
        "record": Writer(plan.dsn, "indicators_dossierrecord", RECORD_COLUMNS),
    }
    for province in plan.provinces:
        if province.code in province_codes:
            _province(plan, province, writers)
    for writer in writers.values():
        writer.close()
    counts = {name: writer.rows for name, writer in writers.items()}
    counts["copy_wait_ms"] = int(1000 * sum(writer.seconds for writer in writers.values()))
    return counts


def _province(plan: Plan, province: Province, w: dict[str, Writer]) -> None:  # noqa: PLR0912, PLR0915 - one flat pass per dossier
    rng = random.Random(f"{plan.seed}-{province.code}")
    calendars = Calendars(plan.facts)
    procedures: dict[str, list[Any]] = plan.facts.get("procedures", {})
    handler = plan.facts.get("handler")  # whom a live record names as handler of these histories
    updated = _ts(time.time() + LOCAL)
    counters: dict[tuple[str, int], int] = {}
    api_user = plan.users.get("bench.api")
    api_post = plan.posts.get("bench.api")
    citizen = plan.users.get("bench.citizen")
    places = [*province.communes, province.centre]
    place_weights = [p.weight for p in province.communes] + [
        0.1 * sum(p.weight for p in province.communes) / 0.9
    ]
    cv_weights = [v.weight for v in plan.commune_versions]
    pv_weights = [v.weight for v in plan.province_versions]
    today = plan.today_epoch
    reserve_b2 = plan.b2_reserve if province.code == plan.bench_province else 0
    reserve_b3 = plan.b3_reserve if province.code == plan.bench_province else 0
    b2_codes: list[str] = []
    b3_tokens: list[str] = []
    chosen = _pick_weighted(rng, places, place_weights, province.dossiers)
    bench_communes = province.communes[: max(1, min(50, len(province.communes)))]
    chosen += [rng.choice(bench_communes) for _ in range(reserve_b2 + reserve_b3)]
    dossier_id = province.first_id
    for index, place in enumerate(chosen):
        reserve = "b2" if index >= province.dossiers and index < province.dossiers + reserve_b2 else ""
        if index >= province.dossiers + reserve_b2:
            reserve = "b3"
        is_centre = place is province.centre
        version = (
            _pick_weighted(rng, plan.province_versions, pv_weights, 1)[0]
            if is_centre
            else _pick_weighted(rng, plan.commune_versions, cv_weights, 1)[0]
        )
        online = rng.random() < province.online_share
        channel = 2 if online or reserve else (3 if rng.random() < 0.03 else 1)
        day = rng.randrange(1, DAYS + 1) if not reserve else 1
        day_start = today - day * 86400
        weekday = time.gmtime(day_start).tm_wday
        if weekday >= 5:  # desks work Monday to Friday
            day_start -= (weekday - 4) * 86400
            day = (today - day_start) // 86400
        received = day_start + rng.randint(7 * 3600 + 1800, 17 * 3600)
        age = day
        if reserve == "b2":
            final = "new"
        elif reserve == "b3":
            final = "supplement_at_reception"
        else:
            finished_share = 0.995 if age > 60 else (0.9 if age > 15 else 0.5)
            pool = FINAL_WEIGHTS if rng.random() < finished_share else OPEN_WEIGHTS
            final = rng.choices(list(pool), weights=list(pool.values()), k=1)[0]
        supplement = final == "supplement_in_processing" or rng.random() < 0.08
        extend = rng.random() < 0.02
        actions = _actions(final, rng, supplement=supplement, extend=extend)
        extend = "extend" in actions
        supplement = "request_supplement" in actions
        limit = version.limit_days * 86400
        due = (received + limit) if limit else max(day_start + 17 * 3600, received + 3600)
        original_due = None
        if extend:
            original_due, due = due, due + rng.randint(3, 10) * 86400
        due = int(due)
        calendar = calendars.of(place.unit_id)
        on_time = rng.random() < province.on_time
        if final in FINISHED:
            span = due - received
            if on_time:
                finished = received + span * rng.uniform(0.2, 0.95)
            else:
                # Late in working time even after the clock's pause for a supplement (asked at reception,
                # answered a day later), so the index counts it late as drawn.
                start = _aware(received)
                allowed = calendar.working_time_between(start, _aware(due))
                if supplement:
                    allowed += calendar.working_time_between(start, _aware(received + 86400))
                late_by = timedelta(seconds=rng.randint(3600, 80 * 3600))
                finished = _epoch(calendar.add_working_time(start, allowed + late_by))
            finished = int(min(finished, today - 600))
        else:
            finished = None
        end = (
            finished if finished is not None else min(today - 600, received + max(due - received, 3600) * 0.8)
        )
        returned = None
        if final == "returned":
            returned = int(min(today - 300, (finished or end) + rng.randint(600, 3 * 86400)))
            end = returned
        # Counter per receiving desk's agency and day: gap-free codes as the product makes them.
        key = (place.desk_agency_e_id, day_start)
        number = counters.get(key, 0) + 1
        counters[key] = number
        code = f"{place.desk_agency_e_id}-{time.strftime('%y%m%d', time.gmtime(day_start))}-{number:04d}"
        token = base64.urlsafe_b64encode(rng.randbytes(24)).decode()
        if reserve == "b2":
            b2_codes.append(code)
        elif reserve == "b3":
            b3_tokens.append(token)
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        id_number = f"0{province.code}{rng.randrange(10**9):09d}"
        phone = f"09{rng.randrange(10**8):08d}"
        state = final
        received_at = (
            None if state in {"new", "supplement_at_reception", "not_received", "withdrawn"} else received
        )
        if final in {"not_received", "withdrawn", "new", "supplement_at_reception"}:
            received_at = None
        step = None
        step_due = None
        if state in {"received", "at_agency", "in_progress", "awaiting_approval", "suspended"}:
            step = {"received": 1, "at_agency": 1, "in_progress": 2, "awaiting_approval": 3, "suspended": 2}[
                state
            ]
            step_due = end + 86400
        status = STATUS[state]
        fee = version.online_fee if online else version.fee
        paid = 0
        payment_state = ""
        if fee and received_at is not None:
            payment_state = "paid" if state in FINISHED or rng.random() < 0.7 else "requested"
            if payment_state == "requested":
                status = 6
            elif online and rng.random() < 0.8:
                paid = 2
        flag = ""
        if finished is None and due < today:
            flag = "late"
        applicant_id = citizen if reserve == "b3" else None
        submitter_kind, submitter_id, submitter_name = "self", None, ""
        if reserve:
            submitter_kind, submitter_id, submitter_name = (
                "authorised",
                api_user,
                "Cổng dịch vụ công (benchmark)",
            )
        created = received - (rng.randint(60, 3600) if online else 0)
        w["dossier"].add(
            "\t".join(
                (
                    str(dossier_id),
                    code,
                    token,
                    name,
                    id_number,
                    f"Thôn {rng.randint(1, 12)}, mã đơn vị {place.unit_code}",
                    phone,
                    "",
                    submitter_kind,
                    submitter_name,
                    "",
                    str(channel),
                    state,
                    str(status),
                    "\\N" if step is None else str(step),
                    _ts(step_due),
                    _ts(received_at),
                    _ts(received_at),
                    "\\N" if received_at is None else _ts(due),
                    _ts(original_due),
                    _ts(received + 86400 * 2 if extend else None),
                    "Cần xác minh thêm" if extend else "",
                    _ts(end if state == "suspended" else None),
                    "restart",
                    _ts(finished),
                    _ts(returned),
                    "desk" if returned else "",
                    "",
                    _ts(created),
                    _ts(end),
                    str(place.agency_id),
                    str(place.unit_id),
                    "\\N" if applicant_id is None else str(applicant_id),
                    "\\N",
                    "\\N",
                    str(place.desk_id),
                    str(version.id),
                    "\\N" if submitter_id is None else str(submitter_id),
                    str(place.unit_id),
                    flag,
                    "",
                    "desk" if channel != 2 else "electronic",
                    str(paid),
                )
            )
            + "\n"
        )
        flags = [False, False, False]  # any component digitised, reused, from the data store
        for position, (component_id, component_name) in enumerate(version.components, 1):
            digitised = online or rng.random() < 0.6
            reused = rng.random() < 0.1
            from_store = online and rng.random() < 0.05
            flags = [flags[0] or digitised, flags[1] or reused, flags[2] or from_store]
            w["component"].add(
                f"{dossier_id}\t{'\\N' if component_id is None else component_id}\t{position}\t"
                f"{component_name}\tt\t{_bool(digitised)}\t{_bool(reused)}\t{_bool(from_store)}\tf\n"
            )
        moments = sorted(rng.uniform(received, end) for _ in range(len(actions) - 1))
        moments = [created, *moments]
        previous = "0" * 64
        current = ""
        for sequence, (action, moment) in enumerate(zip(actions, moments, strict=True), 1):
            target = TRANSITION_TARGET[action]
            if action == "request_supplement" and current == "new":
                target = "supplement_at_reception"
            if target is None:
                target = current
            staff = action not in {"submit", "withdraw"}
            digest = _hexhash(rng)
            w["history"].add(
                f"{dossier_id}\t{sequence}\t{_ts(moment)}\t"
                f"{api_user if staff and api_user else '\\N'}\t{api_post if staff and api_post else '\\N'}\t"
                f"{action}\t{current}\t{target}\t\\N\t\\N\t\t"
                f'{{"state": "{current}"}}\t{{"state": "{target}"}}\t[]\t{previous}\t{digest}\n'
            )
            previous = digest
            current = target or current
        appraisal: tuple[Supplement, ...] = ()
        if supplement or reserve == "b3":
            stage = "reception" if final == "supplement_at_reception" else "appraisal"
            asked = int(
                moments[-1] if final in {"supplement_at_reception", "supplement_in_processing"} else received
            )
            completed = (
                None if final in {"supplement_at_reception", "supplement_in_processing"} else asked + 86400
            )
            if stage == "appraisal":  # the exchange record lists only the appraisal's requests
                appraisal = (Supplement(_aware(asked), None if completed is None else _aware(completed)),)
            w["supplement"].add(
                f"{dossier_id}\t{stage}\t{_ts(asked)}\t{api_user or '\\N'}\t"
                '[{"name": "Bản sao giấy tờ tùy thân", "reason": "Bản chụp bị mờ"}]\t'
                f"{_ts(completed)}\n"
            )
        if payment_state:
            method = "online" if online else "cash"
            w["payment"].add(
                f"{dossier_id}\tB{dossier_id:012d}R\treception\t"
                f'[{{"name": "Lệ phí", "amount_vnd": {fee}}}]\t{fee}\t{payment_state}\t'
                f"{method if payment_state == 'paid' else ''}\t{'sandbox' if method == 'online' else ''}\t"
                f"{paid}\t\t\t\t{_ts(received)}\t\\N\t"
                f"{_ts(received + 600) if payment_state == 'paid' else '\\N'}\t\\N\t\t\\N\n"
            )
        if received_at is not None:  # a dossier counts in the index from its reception
            checked = CheckedRecord(
                code=code,
                procedure_code=version.procedure,
                unit_code=place.unit_code,
                channel=channel,
                received_at=_aware(received),
                due_at=_aware(due),
                finished_at=None if finished is None else _aware(finished),
                returned_at=None if returned is None else _aware(returned),
                status=status,
                paid_online=paid,
                fee_total=version.fee_total,
                e_result=False,  # no result files are generated
                digitised=flags[0],
                reused=flags[1],
                from_data_store=flags[2],
                supplements=appraisal,
                vneid=False,
                rated=False,
                unhappy=False,
                complained=False,
                synced=False,
                record={},
            )
            procedure_id, full_online, paper_result, disclosed = procedures.get(
                version.procedure, (None, False, True, False)
            )
            timing = timeliness(checked, calendar)
            quality, officer = quality_scores(checked, timing, fully_disclosed=disclosed)
            w["record"].add(
                "\t".join(
                    (
                        str(dossier_id),
                        code,
                        "live",
                        str(dossier_id),
                        str(place.unit_id),
                        str(place.unit_id),  # an in-force unit counts under itself
                        str(province.unit_id),
                        str(place.agency_id),
                        "\\N" if handler is None else str(handler),
                        "\\N" if procedure_id is None else str(procedure_id),
                        version.procedure,
                        str(channel),
                        _ts(received),
                        _ts(due),
                        _ts(finished),
                        _ts(returned),
                        str(status),
                        str(paid),
                        str(version.fee_total),
                        "f",
                        _bool(flags[0]),
                        _bool(flags[1]),
                        _bool(flags[2]),
                        str(len(appraisal)),
                        _bool(timing.on_time),
                        _bool(timing.early),
                        _iso(timing.late_after),
                        "\\N" if timing.working_hours is None else repr(timing.working_hours),
                        "f",
                        "f",
                        "f",
                        "f",
                        "f",
                        _bool(full_online),
                        _bool(paper_result),
                        "\\N" if quality is None else str(quality),
                        "\\N" if officer is None else str(officer),
                        updated,
                    )
                )
                + "\n"
            )
        dossier_id += 1
    out = Path(plan.out_dir)
    if b2_codes:
        (out / "b2_codes.txt").write_text("\n".join(b2_codes) + "\n")
    if b3_tokens:
        (out / "b3_tokens.txt").write_text("\n".join(b3_tokens) + "\n")


@dataclass
class Schema:
    """What the load drops and rebuilds: secondary indexes, primary/unique keys and foreign keys."""

    indexes: list[tuple[str, str]]  # name, CREATE INDEX statement
    keys: list[tuple[str, str, str]]  # table, name, definition
    foreign: list[tuple[str, str, str]]


def _schema_objects(conn: psycopg.Connection[Any]) -> Schema:
    with conn.cursor() as cur:
        cur.execute(
            "select i.indexname, i.indexdef from pg_indexes i where i.tablename = any(%s) "
            "and i.indexname not in (select conname from pg_constraint where contype in ('p', 'u'))",
            (TABLES,),
        )
        indexes = cur.fetchall()
        cur.execute(
            "select c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) from pg_constraint c "
            "where c.contype in ('p', 'u') and c.conrelid::regclass::text = any(%s)",
            (TABLES,),
        )
        keys = cur.fetchall()
        cur.execute(
            "select c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) from pg_constraint c "
            "where c.contype = 'f' and (c.conrelid::regclass::text = any(%s) "
            "or c.confrelid::regclass::text = any(%s))",
            (TABLES, TABLES),
        )
        foreign = cur.fetchall()
    return Schema(indexes=indexes, keys=keys, foreign=foreign)


def _run_parallel(dsn: str, statements: list[str], workers: int) -> None:
    """Run independent DDL statements on ``workers`` connections at once."""
    queue = list(statements)
    conns = [psycopg.connect(dsn, autocommit=True) for _ in range(max(1, workers))]
    for conn in conns:
        conn.execute("SET maintenance_work_mem = '512MB'")
    import threading

    lock = threading.Lock()

    def drain(conn: psycopg.Connection[Any]) -> None:
        while True:
            with lock:
                if not queue:
                    return
                statement = queue.pop(0)
            conn.execute(statement)

    threads = [threading.Thread(target=drain, args=(conn,)) for conn in conns]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for conn in conns:
        conn.close()


def load(plan: Plan, *, workers: int) -> dict[str, Any]:
    """Load the planned dossiers; returns row counts and timings."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with psycopg.connect(plan.dsn, autocommit=True) as conn:
        schema = _schema_objects(conn)
        for table, name, _definition in [*schema.foreign, *schema.keys]:
            conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in schema.indexes:
            conn.execute(f'DROP INDEX "{name}"')
    timings["drop_s"] = time.perf_counter() - started
    # Balance provinces over the workers, largest first.
    shares: list[list[str]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for province in sorted(plan.provinces, key=lambda p: -p.dossiers):
        target = loads.index(min(loads))
        shares[target].append(province.code)
        loads[target] += province.dossiers
    step = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        results = pool.starmap(_worker, [(plan, share) for share in shares])
    rows: dict[str, int] = {}
    for result in results:
        for name, count in result.items():
            rows[name] = rows.get(name, 0) + count
    timings["copy_s"] = time.perf_counter() - step
    step = time.perf_counter()
    with psycopg.connect(plan.dsn, autocommit=True) as conn:
        conn.execute(
            "SELECT setval(pg_get_serial_sequence('dossiers_dossier', 'id'), "
            "(SELECT coalesce(max(id), 1) FROM dossiers_dossier))"
        )
        conn.execute(
            "SELECT setval(pg_get_serial_sequence('indicators_dossierrecord', 'id'), "
            "(SELECT coalesce(max(id), 1) FROM indicators_dossierrecord))"
        )
    _run_parallel(
        plan.dsn,
        [
            *[
                f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
                for table, name, definition in schema.keys
            ],
            *[definition for _name, definition in schema.indexes],
        ],
        workers,
    )
    timings["index_s"] = time.perf_counter() - step
    step = time.perf_counter()
    _run_parallel(
        plan.dsn,
        [
            f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
            for table, name, definition in schema.foreign
        ],
        workers,
    )
    timings["foreign_keys_s"] = time.perf_counter() - step
    step = time.perf_counter()
    _run_parallel(plan.dsn, [f"VACUUM (ANALYZE) {table}" for table in TABLES], workers)
    timings["vacuum_analyze_s"] = time.perf_counter() - step
    timings["total_s"] = time.perf_counter() - started
    return {"rows": rows, "timings": timings, "workers": workers}


def sample_tokens(dsn: str, count: int) -> list[str]:
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT token FROM dossiers_dossier ORDER BY random() LIMIT %s", (count,))
        return [row[0] for row in cur.fetchall()]


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))
