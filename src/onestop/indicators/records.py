"""Exchange records: checking one JSON Lines record, and the facts the index needs from it.

The rules are domain.md "How OneStop computes the dossier indicators from these records". This module is pure
computation over a record and a working calendar; reading and writing rows is left to services.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.utils.translation import gettext as _

from onestop.core.text import nfc
from onestop.workdays.deadlines import WorkingCalendar

# An open dossier whose late_after is this moment counts late at any period end.
ALWAYS_LATE = datetime(1900, 1, 1, tzinfo=UTC)
DONE_STATUSES = (9, 10)  # TrangThaiHoSo of a dossier that reached a result
ENDED_STATUSES = frozenset({7, 8, 9, 10})
REQUIRED = ("MaHoSo", "MaTTHC", "MaDonVi", "KenhThucHien", "NgayTiepNhan", "TrangThaiHoSo")


class RecordError(ValueError):
    """A record that cannot be taken, with every reason found."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class Supplement:
    requested_at: datetime
    completed_at: datetime | None


@dataclass(frozen=True)
class CheckedRecord:
    """A record whose every field has the type the format names; ``record`` is its normalised form."""

    code: str
    procedure_code: str
    unit_code: str
    channel: int
    received_at: datetime
    due_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    status: int
    paid_online: int
    fee_total: int
    e_result: bool
    digitised: bool
    reused: bool
    from_data_store: bool
    supplements: tuple[Supplement, ...]
    vneid: bool
    rated: bool
    unhappy: bool
    complained: bool
    synced: bool
    record: dict[str, Any]


def _moment(value: Any, field: str, reasons: list[str], *, required: bool = False) -> datetime | None:
    if value is None:
        if required:
            reasons.append(_("%(field)s is missing.") % {"field": field})
        return None
    if not isinstance(value, str):
        reasons.append(_("%(field)s must be an ISO 8601 date and time.") % {"field": field})
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        reasons.append(
            _("%(field)s is not an ISO 8601 date and time: “%(value)s”.") % {"field": field, "value": value}
        )
        return None
    if moment.tzinfo is None:
        reasons.append(_("%(field)s has no UTC offset: “%(value)s”.") % {"field": field, "value": value})
        return None
    return moment


def _flag(value: Any, field: str, reasons: list[str]) -> bool:
    if value in (None, False, 0):
        return False
    if value in (True, 1):
        return True
    reasons.append(_("%(field)s must be true or false.") % {"field": field})
    return False


def _list(value: Any, field: str, reasons: list[str]) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        reasons.append(_("%(field)s must be a list of objects.") % {"field": field})
        return []
    return value


def _text(value: Any, field: str, reasons: list[str], max_length: int) -> str:
    if not isinstance(value, str) or not value.strip():
        reasons.append(_("%(field)s must be a non-empty text.") % {"field": field})
        return ""
    text = nfc(value.strip())
    if len(text) > max_length:
        reasons.append(
            _("%(field)s is longer than %(max)s characters.") % {"field": field, "max": max_length}
        )
    return text


def _choice(value: Any, field: str, allowed: range, reasons: list[str]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        reasons.append(
            _("%(field)s must be a whole number from %(low)s to %(high)s.")
            % {"field": field, "low": allowed.start, "high": allowed.stop - 1}
        )
        return 0
    return value


def _fee_total(value: Any, reasons: list[str]) -> int:
    total = 0
    for fee in _list(value, "DanhSachPhiLePhi", reasons):
        amount = fee.get("Gia")
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            reasons.append(_("DanhSachPhiLePhi: Gia must be a whole number of đồng, not negative."))
        else:
            total += amount
    return total


def check_record(data: Any) -> CheckedRecord:
    """Check one decoded JSON Lines record; raise RecordError listing everything wrong with it."""
    if not isinstance(data, dict):
        raise RecordError([_("A line must hold one JSON object.")])
    reasons: list[str] = [
        _("%(field)s is missing.") % {"field": field} for field in REQUIRED if data.get(field) in (None, "")
    ]
    if reasons:
        raise RecordError(reasons)
    code = _text(data["MaHoSo"], "MaHoSo", reasons, 60)
    procedure_code = _text(data["MaTTHC"], "MaTTHC", reasons, 20)
    unit_code = _text(data["MaDonVi"], "MaDonVi", reasons, 35)
    channel = _choice(data["KenhThucHien"], "KenhThucHien", range(1, 4), reasons)
    status = _choice(data["TrangThaiHoSo"], "TrangThaiHoSo", range(1, 11), reasons)
    paid_online = _choice(
        data.get("DuocThanhToanTrucTuyen") or 0, "DuocThanhToanTrucTuyen", range(3), reasons
    )
    received_at = _moment(data["NgayTiepNhan"], "NgayTiepNhan", reasons, required=True)
    due_at = _moment(data.get("NgayHenTra"), "NgayHenTra", reasons)
    finished_at = _moment(data.get("NgayKetThucXuLy"), "NgayKetThucXuLy", reasons)
    returned_at = _moment(data.get("NgayTraKetQua"), "NgayTraKetQua", reasons)
    if received_at and finished_at and finished_at < received_at:
        reasons.append(_("NgayKetThucXuLy is before NgayTiepNhan."))
    if received_at and due_at and due_at < received_at:
        reasons.append(_("NgayHenTra is before NgayTiepNhan."))
    if status in ENDED_STATUSES and finished_at is None:
        reasons.append(_("TrangThaiHoSo %(status)s needs NgayKetThucXuLy.") % {"status": status})
    fee_total = _fee_total(data.get("DanhSachPhiLePhi"), reasons)
    components = _list(data.get("TaiLieuNop"), "TaiLieuNop", reasons)
    digitised = any(_flag(c.get("DuocSoHoa"), "DuocSoHoa", reasons) for c in components)
    reused = any(_flag(c.get("DuocTaiSuDung"), "DuocTaiSuDung", reasons) for c in components)
    from_store = any(_flag(c.get("DuocLayTuKhoDMQG"), "DuocLayTuKhoDMQG", reasons) for c in components)
    supplements = []
    for item in _list(data.get("DanhSachYeuCauBoSung"), "DanhSachYeuCauBoSung", reasons):
        requested = _moment(item.get("NgayYeuCau"), "NgayYeuCau", reasons, required=True)
        completed = _moment(item.get("NgayHoanThanh"), "NgayHoanThanh", reasons)
        if requested and completed and completed < requested:
            reasons.append(_("NgayHoanThanh is before NgayYeuCau."))
        if requested:
            supplements.append(Supplement(requested, completed))
    rating = data.get("DanhGia")
    if rating is not None and not isinstance(rating, dict):
        reasons.append(_("DanhGia must be an object or null."))
        rating = None
    happy = _flag(rating.get("HaiLong"), "HaiLong", reasons) if rating else True
    complained = _flag(rating.get("PhanAnh"), "PhanAnh", reasons) if rating else False
    e_result = bool(data.get("MaKetQua")) and bool(data.get("DuongDanTepTinKetQua"))
    vneid = _flag(data.get("TaiKhoanDuocXacThucVoiVNeID"), "TaiKhoanDuocXacThucVoiVNeID", reasons)
    synced = _flag(data.get("DongBoDVCQG"), "DongBoDVCQG", reasons)
    if reasons or received_at is None:
        raise RecordError(reasons)
    return CheckedRecord(
        code=code,
        procedure_code=procedure_code,
        unit_code=unit_code,
        channel=channel,
        received_at=received_at,
        due_at=due_at,
        finished_at=finished_at,
        returned_at=returned_at,
        status=status,
        paid_online=paid_online,
        fee_total=fee_total,
        e_result=e_result,
        digitised=digitised,
        reused=reused,
        from_data_store=from_store,
        supplements=tuple(sorted(supplements, key=lambda s: s.requested_at)),
        vneid=vneid,
        rated=rating is not None,
        unhappy=rating is not None and (not happy or complained),
        complained=complained,
        synced=synced,
        record={**data, "MaHoSo": code, "MaTTHC": procedure_code, "MaDonVi": unit_code},
    )


@dataclass(frozen=True)
class Timeliness:
    on_time: bool | None  # None while open
    early: bool
    late_after: datetime | None  # open dossiers: late at a period end whose working time passes this
    working_hours: float | None


def _paused(
    cal: WorkingCalendar, supplements: tuple[Supplement, ...], start: datetime, end: datetime
) -> timedelta:
    """Working time the applicant spent on supplements inside [start, end] (an open one runs to ``end``)."""
    total = timedelta(0)
    for item in supplements:
        until = min(item.completed_at or end, end)
        total += cal.working_time_between(max(item.requested_at, start), until)
    return total


def _end_of_local_day(cal: WorkingCalendar, moment: datetime) -> datetime:
    local = moment.astimezone(cal.tz)
    return datetime.combine(local.date(), time.max, tzinfo=cal.tz)


def timeliness(record: CheckedRecord, cal: WorkingCalendar) -> Timeliness:
    """Indicator 2.1 for one dossier: decided for a finished one, a threshold moment for an open one."""
    received, due, finished = record.received_at, record.due_at, record.finished_at
    hours = None
    if finished is not None:
        worked = cal.working_time_between(received, finished) - _paused(
            cal, record.supplements, received, finished
        )
        hours = round(max(worked, timedelta(0)).total_seconds() / 3600, 4)
    if len(record.supplements) > 1:
        return Timeliness(False if finished else None, False, None if finished else ALWAYS_LATE, hours)
    if due is None:
        if finished is not None:
            same_day = finished.astimezone(cal.tz).date() == received.astimezone(cal.tz).date()
            return Timeliness(same_day, False, None, hours)
        return Timeliness(None, False, _end_of_local_day(cal, received), hours)
    allowed = cal.working_time_between(received, due)
    if finished is not None:
        used = cal.working_time_between(received, finished) - _paused(
            cal, record.supplements, received, finished
        )
        on_time = used <= allowed
        early = on_time and finished.astimezone(cal.tz).date() < due.astimezone(cal.tz).date()
        return Timeliness(on_time, early, None, hours)
    open_supplement = next((s for s in record.supplements if s.completed_at is None), None)
    if open_supplement is not None:
        # The clock stopped when the supplement was asked for, and stays stopped.
        used = cal.working_time_between(received, open_supplement.requested_at)
        return Timeliness(None, False, None if used <= allowed else ALWAYS_LATE, None)
    paused = _paused(cal, record.supplements, received, datetime.max.replace(tzinfo=UTC))
    return Timeliness(None, False, cal.add_working_time(received, allowed + paused), None)


def quality_scores(
    record: CheckedRecord, timing: Timeliness, *, fully_disclosed: bool
) -> tuple[int | None, int | None]:
    """Circular 01/2018 Art 13: nine criteria scored 0/1/2 (of 18) for a finished dossier; the officer's
    share (Art 14: time, per-unit time, contacts, attitude; of 8). Open dossiers are not scored yet."""
    if timing.on_time is None:
        return None, None
    elapsed = 2 if timing.early else 1 if timing.on_time else 0
    per_unit = 2 if timing.on_time else 0
    contacts = 2 if not record.supplements else 1 if len(record.supplements) == 1 else 0
    agencies = 2  # the one-stop desk is the applicant's single point of contact
    at_desk = 2
    publicity = 2 if fully_disclosed else 1
    attitude = 0 if record.complained else 1 if record.unhappy else 2
    feedback = 0 if record.complained else 2
    online = 2 if record.channel == 2 else 1
    total = elapsed + per_unit + contacts + agencies + at_desk + publicity + attitude + feedback + online
    return total, elapsed + per_unit + contacts + attitude


def local_day_bounds(first: date, last: date, tz: Any) -> tuple[datetime, datetime]:
    """[start of ``first``, start of the day after ``last``) in local time."""
    return (
        datetime.combine(first, time.min, tzinfo=tz),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz),
    )
