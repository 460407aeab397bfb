"""Reads of the service index: indicators of a unit or agency for a period, rankings, drill-downs, officers.

Everything is aggregated from ``DossierRecord`` (the fact table); no query here touches the dossier tables.
"""

import calendar as month_calendar
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from onestop.catalog.constants import Channel
from onestop.catalog.models import ProcedureAssignment, ProcedureVersion
from onestop.catalog.selectors import disclosure_missing
from onestop.indicators.constants import GROUP_LABELS, INDICATOR_LABELS, LOSS_REASONS, Band, OfficerBand
from onestop.indicators.models import DossierRecord, IndexIndicator, IndexScheme, RecordsVersion
from onestop.indicators.records import DONE_STATUSES, local_day_bounds
from onestop.indicators.schemes import DECISION_766_2025
from onestop.indicators.units import UnitResolver
from onestop.organizations.constants import AgencyKind, UnitLevel
from onestop.organizations.models import AdministrativeUnit, Agency
from onestop.organizations.scope import AllUnits, covered_unit_ids
from onestop.workdays.selectors import calendar_for_unit

PAID_ONLINE = (1, 2)


# Periods -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def _whole_months(self) -> int | None:
        if self.first.day != 1:
            return None
        if self.last.day != month_calendar.monthrange(self.last.year, self.last.month)[1]:
            return None
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1

    def previous(self) -> "Period":
        """The period of the same length just before: last month, last quarter, last year, or N days."""
        months = self._whole_months()
        if months is None:
            return Period(self.first - timedelta(days=self.days), self.first - timedelta(days=1))
        index = self.first.year * 12 + self.first.month - 1 - months
        return Period(date(index // 12, index % 12 + 1, 1), self.first - timedelta(days=1))

    def __str__(self) -> str:
        return f"{self.first:%d/%m/%Y} - {self.last:%d/%m/%Y}"


def period_named(kind: str, *, on: date | None = None) -> Period:
    """This month, quarter or year (to date), or the ``on`` day's."""
    day = on or timezone.localdate()
    if kind == "year":
        return Period(date(day.year, 1, 1), date(day.year, 12, 31))
    if kind == "quarter":
        start_month = (day.month - 1) // 3 * 3 + 1
        end_month = start_month + 2
        return Period(
            date(day.year, start_month, 1),
            date(day.year, end_month, month_calendar.monthrange(day.year, end_month)[1]),
        )
    return Period(
        date(day.year, day.month, 1),
        date(day.year, day.month, month_calendar.monthrange(day.year, day.month)[1]),
    )


# Subjects: what a figure is about ----------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """A unit (with its sub-units) or an agency, and the records that count for it."""

    code: str
    name: str
    unit: AdministrativeUnit | None = None
    agency: Agency | None = None
    record_filter: Q = field(default_factory=Q)
    assignment_filter: Q = field(default_factory=Q)


def subject_for_unit(unit: AdministrativeUnit, resolver: UnitResolver | None = None) -> Subject:
    """A unit in force counts the history of the units it took over; a past unit counts what it recorded."""
    if unit.valid_to is not None:
        ids = (resolver or UnitResolver()).descendants(unit.pk)
        return Subject(
            unit.code, unit.name, unit=unit, record_filter=Q(unit_id__in=ids), assignment_filter=Q(pk__in=[])
        )
    if unit.level == UnitLevel.PROVINCE:
        return Subject(
            unit.code,
            unit.name,
            unit=unit,
            record_filter=Q(province=unit),
            assignment_filter=Q(unit=unit) | Q(unit__parent=unit),
        )
    return Subject(
        unit.code,
        unit.name,
        unit=unit,
        record_filter=Q(rank_unit=unit),
        assignment_filter=Q(unit=unit) | Q(unit_id=unit.parent_id),
    )


def subject_for_agency(agency: Agency) -> Subject:
    return Subject(
        agency.e_id,
        agency.name,
        agency=agency,
        record_filter=Q(agency=agency) | Q(agency__parent=agency),
        assignment_filter=Q(agency=agency) | Q(agency__parent=agency),
    )


def subject_by_code(code: str, *, period: Period) -> Subject | None:
    """A unit code (the unit in force at the period's end, so an old code shows the old unit) or an agency
    electronic identifier."""
    agency = Agency.objects.filter(e_id=code).first()
    if agency is not None:
        return subject_for_agency(agency)
    units = AdministrativeUnit.objects.filter(code=code)
    at_end = (
        units.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=period.last))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.last))
        .first()
    )
    unit = at_end or units.filter(valid_to__isnull=True).first() or units.order_by("-valid_to").first()
    return subject_for_unit(unit) if unit else None


# Weights -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Weights:
    version: str
    bands: list[list[Any]]
    indicators: list[IndexIndicator]


# Weights, calendars and assignments change a few times a year; a dashboard may see a change a minute late.
SETTINGS_TTL = 60


def _cached[T](key: str, compute: Callable[[], T]) -> T:
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, SETTINGS_TTL)
    return value


def scheme_in_force(*, on: date) -> Weights:
    """The scheme in force on ``on`` (the first one for a period before it). Should every scheme have been
    deleted, the shipped one still applies, so the index never stops."""
    return _cached(f"indicators:scheme:{on.isoformat()}", lambda: _scheme_in_force(on))


def _scheme_in_force(on: date) -> Weights:
    scheme = (
        IndexScheme.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
        or IndexScheme.objects.order_by("valid_from").first()
    )
    if scheme is not None:
        return Weights(scheme.version, scheme.bands, list(scheme.indicators.all()))
    data = DECISION_766_2025
    rows = [
        IndexIndicator(key=key, group=group, position=position, weight=points, threshold=threshold)
        for position, (key, group, points, threshold) in enumerate(data["indicators"], 1)
    ]
    return Weights(data["version"], data["bands"], rows)


def band_for(scheme: Weights, total: float) -> str:
    for bound, band in scheme.bands:
        if total >= bound:
            return str(band)
    return str(Band.WEAK)


# Results -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorResult:
    key: str
    group: str
    weight: Decimal | None
    threshold: Decimal | None
    numerator: int | None
    denominator: int | None
    value: float | None = None  # 2.2: mean working days
    fixed_rate: float | None = None  # 5.4: a rate composed of other rates

    @property
    def label(self) -> str:
        return str(INDICATOR_LABELS.get(self.key, self.key))

    @property
    def group_label(self) -> str:
        return str(GROUP_LABELS.get(self.group, self.group))

    @property
    def measured(self) -> bool:
        return self.rate is not None or self.value is not None

    @property
    def rate(self) -> float | None:
        if self.fixed_rate is not None:
            return self.fixed_rate
        if not self.denominator or self.numerator is None:
            return None
        return max(0.0, min(1.0, self.numerator / self.denominator))

    @property
    def points(self) -> float | None:
        if self.rate is None or self.weight is None or not self.weight:
            return None
        threshold = float(self.threshold or 1)
        return round(min(1.0, self.rate / threshold) * float(self.weight), 2)

    @property
    def lost(self) -> int | None:
        if self.numerator is None or self.denominator is None:
            return None
        return self.denominator - self.numerator

    @property
    def has_drill_down(self) -> bool:
        return self.key in LOSS_REASONS and self.rate is not None


@dataclass
class IndexResult:
    subject: Subject
    period: Period
    scheme: str
    indicators: list[IndicatorResult]
    total: float | None
    band: str | None
    points_earned: float
    points_measured: float
    counts: dict[str, Any]

    @property
    def on_time(self) -> IndicatorResult | None:
        return self.indicator("2.1")

    def indicator(self, key: str) -> IndicatorResult | None:
        return next((item for item in self.indicators if item.key == key), None)

    def as_json(self) -> dict[str, Any]:
        indicators: dict[str, Any] = {}
        for item in self.indicators:
            entry: dict[str, Any] = {"rate": None if item.rate is None else round(item.rate, 4)}
            if item.weight:
                entry["points"] = item.points
            if item.value is not None:
                entry["value"] = round(item.value, 2)
            if item.denominator is not None and item.fixed_rate is None:
                entry["numerator"], entry["denominator"] = item.numerator, item.denominator
            indicators[item.key] = entry
        return {
            "unit": self.subject.code,
            "name": self.subject.name,
            "from": self.period.first.isoformat(),
            "to": self.period.last.isoformat(),
            "scheme": self.scheme,
            "indicators": indicators,
            "total": self.total,
            "band": self.band,
            "points_earned": self.points_earned,
            "points_measured": self.points_measured,
        }


def _received_counts() -> dict[str, Any]:
    eligible = Q(full_online_eligible=True)
    done = Q(status__in=DONE_STATUSES)
    fee = Q(fee_total__gt=0)
    return {
        "received": Count("id"),
        "online": Count("id", filter=Q(channel=2)),
        "synced": Count("id", filter=Q(synced=True)),
        "eligible": Count("id", filter=eligible),
        "eligible_online": Count(
            "id", filter=eligible & Q(channel=2) & (Q(paper_result=False) | Q(e_result=True))
        ),
        "fee_bearing": Count("id", filter=fee),
        "paid_online": Count("id", filter=fee & Q(paid_online__in=PAID_ONLINE)),
        "done": Count("id", filter=done),
        "e_result": Count("id", filter=done & Q(e_result=True)),
        "digitised": Count("id", filter=done & Q(e_result=True, digitised=True)),
        "reused": Count("id", filter=Q(reused=True)),
        "data_store": Count("id", filter=Q(from_data_store=True)),
        "rated": Count("id", filter=Q(rated=True)),
        "unhappy": Count("id", filter=Q(rated=True, unhappy=True)),
    }


def _timing_q(start: datetime, end: datetime, measured_at: datetime) -> tuple[Q, Q, Q]:
    finished_in = Q(finished_at__gte=start, finished_at__lt=end)
    open_at_end = Q(finished_at__isnull=True) | Q(finished_at__gte=end)
    population = Q(received_at__lt=end) & (finished_in | open_at_end)
    on_time = (finished_in & Q(on_time=True)) | (
        open_at_end & (Q(late_after__isnull=True) | Q(late_after__gte=measured_at))
    )
    return population, on_time, finished_in


def _timing_counts(start: datetime, end: datetime, measured_at: datetime) -> dict[str, Any]:
    _population, on_time, finished_in = _timing_q(start, end, measured_at)
    return {
        "population": Count("id"),
        "on_time": Count("id", filter=on_time),
        "finished": Count("id", filter=finished_in),
        "hours": Sum("working_hours", filter=finished_in),
    }


@dataclass
class _Window:
    start: datetime
    end: datetime
    measured_at: datetime
    hours_per_day: float


def _window(period: Period, unit: AdministrativeUnit | None) -> _Window:
    cal = _cached(f"indicators:calendar:{unit.pk if unit else None}", lambda: calendar_for_unit(unit=unit))
    start, end = local_day_bounds(period.first, period.last, cal.tz)
    hours = sum(
        (datetime.combine(date.min, e) - datetime.combine(date.min, s)).total_seconds()
        for s, e in cal.periods
    )
    # Open dossiers are measured at the period's end, or now while the period is still running.
    measured = min(end - timedelta(microseconds=1), timezone.now())
    return _Window(start, end, cal.last_working_moment(measured), hours / 3600)


def _prefixed(counts: dict[str, Any]) -> dict[str, Any]:
    # Aggregate names must not clash with field names (e_result, digitised, ...).
    return {f"n_{name}": value for name, value in counts.items()}


def _unprefixed(row: dict[str, Any]) -> dict[str, Any]:
    return {name.removeprefix("n_"): value for name, value in row.items()}


def _record_counts(
    records: QuerySet[DossierRecord], window: _Window, group: str | None
) -> dict[Any, dict[str, Any]]:
    """Counts per group value (or under ``None``) for the received-in-period and the 2.1 populations."""
    population, _on_time, _finished = _timing_q(window.start, window.end, window.measured_at)
    received = records.filter(received_at__gte=window.start, received_at__lt=window.end)
    timing = records.filter(population)
    received_counts = _prefixed(_received_counts())
    timing_counts = _prefixed(_timing_counts(window.start, window.end, window.measured_at))
    results: dict[Any, dict[str, Any]] = {}
    if group is None:
        results[None] = _unprefixed(
            {**received.aggregate(**received_counts), **timing.aggregate(**timing_counts)}
        )
        return results
    for row in received.values(group).annotate(**received_counts).order_by():
        results.setdefault(row.pop(group), {}).update(_unprefixed(row))
    for row in timing.values(group).annotate(**timing_counts).order_by():
        results.setdefault(row.pop(group), {}).update(_unprefixed(row))
    return results


@dataclass(frozen=True)
class _VersionFacts:
    procedure_id: int
    published_known: bool
    published_on_time: bool
    disclosed_known: bool
    disclosed_on_time: bool
    fully_disclosed: bool
    fee_bearing: bool
    payment_integrated: bool


_FACTS_CACHE: dict[tuple[Any, ...], dict[int, "_VersionFacts"]] = {}


def _version_facts(on: date) -> dict[int, "_VersionFacts"]:
    """Per procedure, the catalog facts indicators 1.1-1.3 and 3.5 read, from the version in force.

    Versions are never edited in place, so the facts of a day change only when a version is added.
    """
    stamp = ProcedureVersion.objects.aggregate(n=Count("id"), last=Max("id"), at=Max("created_at"))
    key = (on, stamp["n"], stamp["last"], stamp["at"])
    if key not in _FACTS_CACHE:
        if len(_FACTS_CACHE) > 64:
            _FACTS_CACHE.clear()
        _FACTS_CACHE[key] = _version_facts_uncached(on)
    return _FACTS_CACHE[key]


def _version_facts_uncached(on: date) -> dict[int, "_VersionFacts"]:
    cal = calendar_for_unit(unit=None)
    gateway = bool(getattr(settings, "ONESTOP_PAYMENT_PAY_URL", ""))
    facts: dict[int, _VersionFacts] = {}
    versions = (
        ProcedureVersion.objects.filter(effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=on))
        .select_related("procedure")
        .prefetch_related("fees", "components", "steps")
        .order_by("procedure_id", "number")
    )
    for version in versions:
        published, effective, disclosed = (
            version.publication_decision_date,
            version.legal_basis_effective_date,
            version.disclosure_date,
        )
        fee_bearing = any(fee.amount_vnd for fee in version.fees.all())
        facts[version.procedure_id] = _VersionFacts(
            procedure_id=version.procedure_id,
            published_known=bool(published and effective),
            published_on_time=bool(
                published and effective and cal.add_working_days(published, 5) <= effective
            ),
            disclosed_known=bool(published and disclosed),
            disclosed_on_time=bool(
                published and disclosed and disclosed <= cal.add_working_days(published, 5)
            ),
            fully_disclosed=not disclosure_missing(version=version),
            fee_bearing=fee_bearing,
            payment_integrated=fee_bearing and gateway and Channel.ONLINE in (version.channels or []),
        )
    return facts


def _catalog_counts(
    procedure_ids: set[int], facts: dict[int, _VersionFacts], paid_procedures: set[int]
) -> dict[str, int]:
    rows = [facts[pid] for pid in procedure_ids if pid in facts]
    fee_bearing = [row for row in rows if row.fee_bearing]
    return {
        "published_known": sum(row.published_known for row in rows),
        "published_on_time": sum(row.published_on_time for row in rows),
        "disclosed_known": sum(row.disclosed_known for row in rows),
        "disclosed_on_time": sum(row.disclosed_on_time for row in rows),
        "procedures": len(rows),
        "fully_disclosed": sum(row.fully_disclosed for row in rows),
        "fee_procedures": len(fee_bearing),
        "fee_integrated": sum(row.payment_integrated for row in fee_bearing),
        "fee_paid_online": sum(row.procedure_id in paid_procedures for row in fee_bearing),
    }


# Numerator and denominator of each indicator, from the counts; None: OneStop holds no data for it yet.
RATIOS: dict[str, tuple[str, str] | None] = {
    "1.1": ("published_on_time", "published_known"),
    "1.2": ("disclosed_on_time", "disclosed_known"),
    "1.3": ("fully_disclosed", "procedures"),
    "1.4": ("synced", "received"),
    "2.1": ("on_time", "population"),
    "3.x": ("eligible_online", "eligible"),
    "3.5": ("fee_integrated", "fee_procedures"),
    "3.5b": ("fee_paid_online", "fee_procedures"),
    "3.6": ("paid_online", "fee_bearing"),
    "4.1": ("e_result", "done"),
    "4.2": ("digitised", "done"),
    "4.x": None,
    "4.3": ("reused", "received"),
    "4.4": ("data_store", "received"),
    "4.5": None,
    "5.2": None,
    "5.3": None,
    "online_filing": ("online", "received"),
}


def _score(
    *,
    subject: Subject,
    period: Period,
    scheme: Weights,
    rows: list[IndexIndicator],
    counts: dict[str, Any],
    hours_per_day: float,
) -> IndexResult:
    results: list[IndicatorResult] = []
    for row in rows:
        numerator = denominator = None
        value = fixed = None
        if row.key == "2.2":
            finished = counts.get("finished") or 0
            value = (counts.get("hours") or 0) / finished / hours_per_day if finished else None
        elif row.key == "5.4":
            population, rated = counts.get("population") or 0, counts.get("rated") or 0
            if population or rated:
                late_rate = 1 - (counts.get("on_time") or 0) / population if population else 0.0
                unhappy_rate = (counts.get("unhappy") or 0) / rated if rated else 0.0
                fixed = max(0.0, 1 - late_rate - unhappy_rate)
        elif RATIOS.get(row.key):
            num_key, den_key = RATIOS[row.key]  # type: ignore[misc]
            numerator, denominator = counts.get(num_key) or 0, counts.get(den_key) or 0
        results.append(
            IndicatorResult(
                key=row.key,
                group=row.group,
                weight=row.weight or None,
                threshold=row.threshold,
                numerator=numerator,
                denominator=denominator,
                value=value,
                fixed_rate=fixed,
            )
        )
    scored = [item for item in results if item.weight and item.points is not None]
    earned = round(sum(item.points or 0 for item in scored), 2)
    measured = round(sum(float(item.weight or 0) for item in scored), 2)
    # A unit with no dossier in the period has no total: catalog points alone would rank it first.
    has_dossiers = bool(counts.get("received") or counts.get("population"))
    total = round(earned / measured * 100, 2) if measured and has_dossiers else None
    return IndexResult(
        subject=subject,
        period=period,
        scheme=scheme.version,
        indicators=results,
        total=total,
        band=band_for(scheme, total) if total is not None else None,
        points_earned=earned,
        points_measured=measured,
        counts=counts,
    )


def _paid_procedures(records: QuerySet[DossierRecord], window: _Window) -> set[int]:
    return set(
        records.filter(
            received_at__gte=window.start,
            received_at__lt=window.end,
            fee_total__gt=0,
            paid_online__in=PAID_ONLINE,
        )
        .filter(procedure__isnull=False)
        .values_list("procedure_id", flat=True)
        .distinct()
    )


def assigned_procedures(subject: Subject) -> set[int]:
    owner = subject.agency or subject.unit
    key = f"indicators:procedures:{type(owner).__name__}:{owner.pk if owner else None}"
    return _cached(
        key,
        lambda: set(
            ProcedureAssignment.objects.filter(subject.assignment_filter)
            .values_list("procedure_id", flat=True)
            .distinct()
        ),
    )


def compute_index(subject: Subject, period: Period, *, procedures: set[int] | None = None) -> IndexResult:
    """Every indicator of ``subject`` for ``period``, its 100-point total and band. ``procedures``: the
    subject's assigned procedures when the caller already has them (a trend over several periods)."""
    scheme = scheme_in_force(on=period.last)
    rows = scheme.indicators
    window = _window(period, subject.unit)
    records = DossierRecord.objects.filter(subject.record_filter)
    counts = _record_counts(records, window, None)[None]
    if procedures is None:
        procedures = assigned_procedures(subject)
    counts.update(_catalog_counts(procedures, _version_facts(period.last), _paid_procedures(records, window)))
    return _score(
        subject=subject,
        period=period,
        scheme=scheme,
        rows=rows,
        counts=counts,
        hours_per_day=window.hours_per_day,
    )


# Rankings ------------------------------------------------------------------------------------------------


@dataclass
class RankRow:
    rank: int | None
    result: IndexResult
    previous_rank: int | None
    previous_total: float | None

    @property
    def rank_change(self) -> int | None:
        if self.previous_rank is None or self.rank is None:
            return None
        return self.previous_rank - self.rank

    @property
    def total_change(self) -> float | None:
        if self.previous_total is None or self.result.total is None:
            return None
        return round(self.result.total - self.previous_total, 2)


def _assignments_under(parent: AdministrativeUnit, kind: str) -> dict[Any, set[int]]:
    """Procedures per commune (or per agency) in ``parent``; the province's own under its id."""
    return _cached(
        f"indicators:assignments:{parent.pk}:{kind}", lambda: _assignments_under_uncached(parent, kind)
    )


def _assignments_under_uncached(parent: AdministrativeUnit, kind: str) -> dict[Any, set[int]]:
    assignments: dict[Any, set[int]] = {}
    key = "agency_id" if kind == "agencies" else "unit_id"
    for owner, procedure_id in (
        ProcedureAssignment.objects.filter(Q(unit=parent) | Q(unit__parent=parent))
        .values_list(key, "procedure_id")
        .iterator(chunk_size=20_000)
    ):
        assignments.setdefault(owner, set()).add(procedure_id)
    return assignments


def _sibling_results(
    parent: AdministrativeUnit, period: Period, kind: str, assignments: dict[Any, set[int]]
) -> list[IndexResult]:
    scheme = scheme_in_force(on=period.last)
    rows = scheme.indicators
    window = _window(period, parent)
    facts = _version_facts(period.last)
    records = DossierRecord.objects.filter(province=parent)
    if kind == "agencies":
        members: list[tuple[Any, Subject]] = [
            (agency.pk, subject_for_agency(agency))
            for agency in Agency.objects.filter(unit=parent, kind=AgencyKind.DEPARTMENT, active=True)
        ]
        group = "agency"
    else:
        members = [
            (unit.pk, subject_for_unit(unit))
            for unit in AdministrativeUnit.objects.filter(
                parent=parent, valid_to__isnull=True, level=UnitLevel.COMMUNE
            )
        ]
        group = "rank_unit"
    counts = _record_counts(records, window, group)
    paid = {
        key: set(ids)
        for key, ids in _group_sets(
            records.filter(
                received_at__gte=window.start,
                received_at__lt=window.end,
                fee_total__gt=0,
                paid_online__in=PAID_ONLINE,
            ).filter(procedure__isnull=False),
            group,
        ).items()
    }
    province_procedures = assignments.get(parent.pk, set()) if kind != "agencies" else set()
    results = []
    for key, subject in members:
        member_counts = dict(counts.get(key, {}))
        procedures = assignments.get(key, set()) | province_procedures
        member_counts.update(_catalog_counts(procedures, facts, paid.get(key, set())))
        results.append(
            _score(
                subject=subject,
                period=period,
                scheme=scheme,
                rows=rows,
                counts=member_counts,
                hours_per_day=window.hours_per_day,
            )
        )
    return results


def _group_sets(records: QuerySet[DossierRecord], group: str) -> dict[Any, list[int]]:
    found: dict[Any, list[int]] = {}
    for key, procedure_id in records.values_list(group, "procedure_id").distinct():
        found.setdefault(key, []).append(procedure_id)
    return found


def _ranked(results: list[IndexResult]) -> list[tuple[int | None, IndexResult]]:
    """Ranks by total, ties sharing one; units without a total (no dossiers) come last, unranked."""
    ordered = sorted(results, key=lambda r: (-(r.total if r.total is not None else -1), r.subject.name))
    ranked: list[tuple[int | None, IndexResult]] = []
    rank, previous_total = 0, -1.0
    for position, result in enumerate(ordered, 1):
        if result.total is None:
            ranked.append((None, result))
            continue
        if result.total != previous_total:
            rank, previous_total = position, result.total
        ranked.append((rank, result))
    return ranked


def ranking(*, parent: AdministrativeUnit, period: Period, kind: str = "communes") -> list[RankRow]:
    """Siblings under ``parent`` ranked by total (ties share a rank), with the change since the previous
    period of the same length."""
    assignments = _assignments_under(parent, kind)  # the same for both periods
    now = _ranked(_sibling_results(parent, period, kind, assignments))
    before = {
        r.subject.code: (rank, r.total)
        for rank, r in _ranked(_sibling_results(parent, period.previous(), kind, assignments))
        if r.total is not None
    }
    return [
        RankRow(
            rank=rank,
            result=result,
            previous_rank=before.get(result.subject.code, (None, None))[0],
            previous_total=before.get(result.subject.code, (None, None))[1],
        )
        for rank, result in now
    ]


def trend(subject: Subject, period: Period, *, steps: int = 6) -> list[IndexResult]:
    """The index over the ``steps`` periods ending with ``period``, oldest first."""
    periods = [period]
    for _step in range(steps - 1):
        periods.append(periods[-1].previous())
    procedures = assigned_procedures(subject)
    return [compute_index(subject, p, procedures=procedures) for p in reversed(periods)]


# Cached dashboards ---------------------------------------------------------------------------------------

# Figures that change only with the clock (an open dossier passing its deadline) and the settings cached
# above show within this; a write to the province's records shows at the next read.
DASHBOARD_TTL = 60


def _province_of(subject: Subject) -> int | None:
    unit = subject.agency.unit if subject.agency is not None else subject.unit
    if unit is None or unit.valid_to is not None:
        return None  # a past unit's records count under successors in any province
    if unit.level == UnitLevel.PROVINCE:
        return unit.pk
    return unit.parent_id if unit.level == UnitLevel.COMMUNE else None


def dashboard_cache_key(*, subject: Subject, period: Period, user: Any, variant: str) -> str | None:
    """Where ``user``'s dashboard of ``subject`` for ``period`` may be cached, on the version of the
    province's records; None: not cacheable. ``variant`` is whatever else the page shows (language, links)."""
    province = _province_of(subject)
    if province is None:
        return None
    version = (
        RecordsVersion.objects.filter(province_id=province).values_list("version", flat=True).first() or 0
    )
    parts = f"{subject.code}|{period.first}|{period.last}|{user.pk}|{version}|{variant}"
    return "indicators:dashboard:" + hashlib.sha256(parts.encode()).hexdigest()


# Drill-down ----------------------------------------------------------------------------------------------


def _visible(records: QuerySet[DossierRecord], *, user: Any) -> QuerySet[DossierRecord]:
    covered = covered_unit_ids(user=user)
    if isinstance(covered, AllUnits):
        return records
    return records.filter(Q(unit_id__in=covered) | Q(rank_unit_id__in=covered) | Q(province_id__in=covered))


def losses(*, user: Any, subject: Subject, period: Period, key: str) -> QuerySet[DossierRecord]:
    """The dossiers of ``subject`` that cost it points on indicator ``key`` in ``period``, as ``user`` may
    see them."""
    window = _window(period, subject.unit)
    records = _visible(DossierRecord.objects.filter(subject.record_filter), user=user)
    received = records.filter(received_at__gte=window.start, received_at__lt=window.end)
    done = Q(status__in=DONE_STATUSES)
    if key in {"2.1", "5.4"}:
        population, on_time, _finished = _timing_q(window.start, window.end, window.measured_at)
        lost = records.filter(population).exclude(on_time)
        if key == "5.4":
            lost = lost | received.filter(rated=True, unhappy=True)
    else:
        lost = {
            "1.4": received.filter(synced=False),
            "3.x": received.filter(full_online_eligible=True).exclude(
                Q(channel=2) & (Q(paper_result=False) | Q(e_result=True))
            ),
            "3.6": received.filter(fee_total__gt=0).exclude(paid_online__in=PAID_ONLINE),
            "4.1": received.filter(done, e_result=False),
            "4.2": received.filter(done).exclude(e_result=True, digitised=True),
            "4.3": received.filter(reused=False),
            "4.4": received.filter(from_data_store=False),
            "online_filing": received.exclude(channel=2),
        }.get(key, records.none())
    return lost.select_related("unit", "rank_unit").order_by("-received_at")


def subject_visible(*, user: Any, subject: Subject) -> bool:
    """Whether ``user`` covers the subject's unit (a past unit: it or what took it over)."""
    covered = covered_unit_ids(user=user)
    if isinstance(covered, AllUnits):
        return True
    if subject.agency is not None:
        return subject.agency.unit_id in covered
    if subject.unit is None:
        return False
    if subject.unit.pk in covered:
        return True
    resolver = UnitResolver()
    return subject.unit.valid_to is not None and resolver.current(subject.unit.pk) in covered


def visible_top_unit(*, user: Any) -> AdministrativeUnit | None:
    """The widest in-force unit the user covers: where their dashboard opens."""
    covered = covered_unit_ids(user=user)
    units = AdministrativeUnit.objects.filter(valid_to__isnull=True)
    if not isinstance(covered, AllUnits):
        units = units.filter(pk__in=covered)
    order: dict[str, int] = {UnitLevel.PROVINCE: 0, UnitLevel.DISTRICT: 1, UnitLevel.COMMUNE: 2}
    return min(units, key=lambda unit: (order.get(unit.level, 9), unit.code), default=None)


def record_for(*, user: Any, code: str) -> DossierRecord | None:
    return (
        _visible(DossierRecord.objects.filter(code=code), user=user)
        .select_related("unit", "rank_unit", "agency", "line")
        .first()
    )


# Officers and agencies (Circular 01/2018 Art 13-15) ----------------------------------------------------


def officer_band(score: float | None) -> str | None:
    if score is None:
        return None
    if score >= 5:
        return str(OfficerBand.FULL)
    if score >= 3.5:
        return str(OfficerBand.DONE)
    return str(OfficerBand.NOT_DONE)


def agency_band(score: float | None) -> str | None:
    if score is None:
        return None
    for bound, band in ((15, Band.EXCELLENT), (12, Band.GOOD), (9, Band.FAIR), (6, Band.AVERAGE)):
        if score >= bound:
            return str(band)
    return str(Band.WEAK)


@dataclass(frozen=True)
class OfficerSummary:
    user_id: int
    name: str
    open_now: int
    late_now: int
    finished: int
    on_time: int
    mean_score: float | None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.finished if self.finished else None

    @property
    def band(self) -> str | None:
        return officer_band(self.mean_score)


def _summaries(records: QuerySet[DossierRecord], window: _Window) -> list[OfficerSummary]:
    now = timezone.now()
    finished_in = Q(finished_at__gte=window.start, finished_at__lt=window.end)
    rows = (
        records.exclude(handler=None)
        .values("handler_id", "handler__full_name", "handler__username")
        .annotate(
            open_now=Count("id", filter=Q(finished_at__isnull=True)),
            late_now=Count("id", filter=Q(finished_at__isnull=True, late_after__lt=now)),
            finished=Count("id", filter=finished_in),
            on_time=Count("id", filter=finished_in & Q(on_time=True)),
            mean_score=Avg("officer_score", filter=finished_in),
        )
        .order_by("handler__full_name")
    )
    return [
        OfficerSummary(
            user_id=row["handler_id"],
            name=row["handler__full_name"] or row["handler__username"],
            open_now=row["open_now"],
            late_now=row["late_now"],
            finished=row["finished"],
            on_time=row["on_time"],
            mean_score=round(row["mean_score"], 2) if row["mean_score"] is not None else None,
        )
        for row in rows
    ]


def officers(*, user: Any, subject: Subject, period: Period) -> list[OfficerSummary]:
    """Workload, timeliness and quality score of each officer who handled ``subject``'s dossiers."""
    records = _visible(DossierRecord.objects.filter(subject.record_filter), user=user)
    return _summaries(records, _window(period, subject.unit))


def officer_summary(*, user: Any, officer_id: int, period: Period) -> OfficerSummary | None:
    records = _visible(DossierRecord.objects.filter(handler_id=officer_id), user=user)
    found = _summaries(records, _window(period, None))
    return found[0] if found else None


def agency_quality(*, subject: Subject, period: Period) -> tuple[float | None, str | None]:
    """The mean per-dossier quality score (of 18) of dossiers finished in ``period`` and its band."""
    window = _window(period, subject.unit)
    score = DossierRecord.objects.filter(
        subject.record_filter, finished_at__gte=window.start, finished_at__lt=window.end
    ).aggregate(score=Avg("quality_score"))["score"]
    score = round(score, 2) if score is not None else None
    return score, agency_band(score)


def officer_records(*, user: Any, officer_id: int, period: Period) -> QuerySet[DossierRecord]:
    window = _window(period, None)
    return (
        _visible(DossierRecord.objects.filter(handler_id=officer_id), user=user)
        .filter(Q(finished_at__isnull=True) | Q(finished_at__gte=window.start, finished_at__lt=window.end))
        .select_related("unit")
        .order_by("-received_at")
    )


def export_records(
    *, subject: Subject | None = None, period: Period | None = None
) -> QuerySet[DossierRecord]:
    records = DossierRecord.objects.all()
    if subject is not None:
        records = records.filter(subject.record_filter)
    if period is not None:
        start, end = local_day_bounds(period.first, period.last, timezone.get_current_timezone())
        records = records.filter(received_at__gte=start, received_at__lt=end)
    return records.order_by("received_at", "id")
