"""Synthetic history in the exchange format, with the shapes real one-stop data has, for demos and load."""

import random
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from onestop.workdays.deadlines import WorkingCalendar


def generated_records(
    *,
    unit_codes: Sequence[str],
    procedure_codes: Sequence[str],
    count: int,
    first: datetime,
    last: datetime,
    calendar: WorkingCalendar,
    seed: int = 766,
    prefix: str = "LS",
) -> Iterator[dict[str, Any]]:
    """``count`` records received between ``first`` and ``last``; each unit gets its own online share
    (30-80 %) and on-time rate (83-99.9 %), so rankings have something to rank."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible by seed
    profile = {code: (rng.uniform(0.3, 0.8), rng.uniform(0.83, 0.999)) for code in unit_codes}
    span = (last - first).total_seconds()
    now = datetime.now(UTC)
    for number in range(count):
        unit = unit_codes[number % len(unit_codes)]
        online_share, on_time_rate = profile[unit]
        received = first + timedelta(seconds=rng.uniform(0, span))
        received = received.astimezone(calendar.tz).replace(
            hour=rng.choice([8, 9, 10, 14, 15]), microsecond=0
        )
        limit = rng.choice([1, 3, 5, 7, 10, 15])
        due = calendar.due_at(received, f"{limit} working days")
        online = rng.random() < online_share
        late = rng.random() > on_time_rate
        supplements = []
        if rng.random() < 0.08:
            asked = calendar.add_working_time(received, timedelta(hours=4))
            supplements.append(
                {"NgayYeuCau": asked.isoformat(), "NgayHoanThanh": (asked + timedelta(days=2)).isoformat()}
            )
        finished = (
            due + timedelta(days=rng.uniform(0.5, 4)) if late else due - timedelta(days=rng.uniform(0, limit))
        )
        finished = max(finished, received + timedelta(hours=1))
        done = finished < now and rng.random() < 0.998  # a few stay stuck, and count late
        fee = rng.choice([0, 0, 0, 8000, 16000, 50000, 100000])
        e_result = done and rng.random() < 0.7
        status = (10 if rng.random() < 0.9 else 9) if done else rng.choice([2, 4, 4, 5])
        rating = None
        if done and rng.random() < 0.2:
            rating = {"HaiLong": rng.random() < 0.93, "PhanAnh": rng.random() < 0.02}
        code = f"{prefix}.{unit}.{received:%y%m%d}.{number:07d}"
        yield {
            "MaHoSo": code,
            "MaTTHC": procedure_codes[number % len(procedure_codes)],
            "MaDonVi": unit,
            "KenhThucHien": 2 if online else rng.choice([1, 1, 1, 3]),
            "NgayTiepNhan": received.isoformat(),
            "NgayHenTra": due.isoformat(),
            "NgayKetThucXuLy": finished.isoformat() if done else None,
            "NgayTraKetQua": (finished + timedelta(hours=2)).isoformat() if status == 10 else None,
            "TrangThaiHoSo": status,
            "DuocThanhToanTrucTuyen": (2 if rng.random() < online_share else 0) if fee else 0,
            "DanhSachPhiLePhi": [{"TenPhiLePhi": "Lệ phí", "Gia": fee}] if fee else [],
            "TaiLieuNop": [
                {
                    "TenTaiLieu": f"Thành phần {position}",
                    "DuocSoHoa": online or rng.random() < 0.8,
                    "DuocTaiSuDung": rng.random() < 0.3,
                    "DuocLayTuKhoDMQG": rng.random() < 0.15,
                }
                for position in range(1, 4)
            ],
            "MaKetQua": f"{code}-KQ" if e_result else None,
            "DuongDanTepTinKetQua": f"https://ketqua.invalid/{code}.pdf" if e_result else None,
            "DanhSachYeuCauBoSung": supplements,
            "TaiKhoanDuocXacThucVoiVNeID": online,
            "DanhGia": rating,
            "DongBoDVCQG": rng.random() < 0.97,
        }
