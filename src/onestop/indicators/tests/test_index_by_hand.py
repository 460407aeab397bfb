"""Each indicator computed by hand on a crafted month of one commune, and matched exactly.

March 2026 in Xã Ninh Giang (11203); Wednesday 4 March is made a holiday. Working hours 07:30-11:30 and
13:00-17:00, so Monday 2 March from 08:00 holds 7.5 working hours and every full working day 8.
"""

from datetime import date
from typing import Any

import pytest

from onestop.indicators.selectors import Period, compute_index, subject_by_code
from onestop.indicators.tests.crafted import component, e_result
from onestop.workdays.constants import EntryKind
from onestop.workdays.services import calendar_entry_save

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
FEE = [{"TenPhiLePhi": "Lệ phí", "Gia": 16000}]
HAPPY = {"HaiLong": True, "PhanAnh": False}


@pytest.fixture
def march(imported: Any, line: Any) -> Any:
    calendar_entry_save(
        actor=None, day=date(2026, 3, 4), kind=EntryKind.HOLIDAY, name="Nghỉ thử", decision="Test"
    )
    done = {"TrangThaiHoSo": 10}
    records = [
        # R1 on time thanks to the supplement: allowed Mon 08:00 → Thu 17:00 = 23.5 h; used to Fri 15:00
        # = 29.5 h, minus the supplement Tue 13:00 → Thu 13:00 (8 h, Wednesday being a holiday) = 21.5 h.
        line(
            MaTTHC="1.001193",
            KenhThucHien=2,
            NgayHenTra="2026-03-05T17:00:00+07:00",
            NgayKetThucXuLy="2026-03-06T15:00:00+07:00",
            DanhSachYeuCauBoSung=[
                {"NgayYeuCau": "2026-03-03T13:00:00+07:00", "NgayHoanThanh": "2026-03-05T13:00:00+07:00"}
            ],
            DanhSachPhiLePhi=FEE,
            DuocThanhToanTrucTuyen=2,
            TaiLieuNop=component(digitised=True, reused=True, store=True),
            DanhGia=HAPPY,
            **done,
            **e_result("R1"),
        ),
        # R2 late: due Thu 17:00 (23.5 h), done Fri 09:00 (25 h).
        line(
            MaTTHC="1.001193",
            KenhThucHien=2,
            NgayHenTra="2026-03-05T17:00:00+07:00",
            NgayKetThucXuLy="2026-03-06T09:00:00+07:00",
            DanhSachPhiLePhi=FEE,
            DanhGia={"HaiLong": False, "PhanAnh": False},
            **done,
            **e_result("R2"),
        ),
        # R3 on time only because of the holiday: due Tue 17:00 (15.5 h), done on the holiday evening.
        line(
            MaTTHC="1.000656",
            KenhThucHien=2,
            NgayHenTra="2026-03-03T17:00:00+07:00",
            NgayKetThucXuLy="2026-03-04T20:00:00+07:00",
            DanhSachPhiLePhi=[{"TenPhiLePhi": "Lệ phí", "Gia": 0}],
            TaiLieuNop=component(digitised=True),
            DanhGia=HAPPY,
            TrangThaiHoSo=9,
            **e_result("R3"),
        ),
        # R4 on time: due Tue 17:00 (15.5 h); done Thu 10:00 (18 h) minus Mon 13:00 → Tue 13:00 (8 h).
        # Online, but a paper-result procedure without an e-result: not counted as fully online.
        line(
            MaTTHC="1.000656",
            KenhThucHien=2,
            NgayHenTra="2026-03-03T17:00:00+07:00",
            NgayKetThucXuLy="2026-03-05T10:00:00+07:00",
            DanhSachYeuCauBoSung=[
                {"NgayYeuCau": "2026-03-02T13:00:00+07:00", "NgayHoanThanh": "2026-03-03T13:00:00+07:00"}
            ],
            TaiLieuNop=component(digitised=True, reused=True),
            **done,
        ),
        # R5 late whatever the dates: two supplement requests.
        line(
            MaTTHC="1.001193",
            NgayKetThucXuLy="2026-03-03T10:00:00+07:00",
            DanhSachYeuCauBoSung=[
                {"NgayYeuCau": "2026-03-02T09:00:00+07:00", "NgayHoanThanh": "2026-03-02T10:00:00+07:00"},
                {"NgayYeuCau": "2026-03-02T13:00:00+07:00", "NgayHoanThanh": "2026-03-02T14:00:00+07:00"},
            ],
            DanhSachPhiLePhi=[{"TenPhiLePhi": "Lệ phí", "Gia": 50000}],
            DuocThanhToanTrucTuyen=1,
            **done,
        ),
        # R6 open at the period's end, due in April: on time.
        line(NgayTiepNhan="2026-03-30T08:00:00+07:00", NgayHenTra="2026-04-03T17:00:00+07:00"),
        # R7 open at the period's end, due 10 March: late.
        line(NgayHenTra="2026-03-10T17:00:00+07:00", TrangThaiHoSo=5),
        # R8 no due date, ended the day it was received: on time; the applicant complained.
        line(
            NgayTiepNhan="2026-03-09T09:00:00+07:00",
            NgayHenTra=None,
            NgayKetThucXuLy="2026-03-09T16:00:00+07:00",
            TaiLieuNop=component(digitised=True),
            DanhGia={"HaiLong": True, "PhanAnh": True},
            **done,
            **e_result("R8"),
        ),
        # R9 no due date, ended the next day: late. Not synchronised.
        line(
            NgayTiepNhan="2026-03-09T09:00:00+07:00",
            NgayHenTra=None,
            NgayKetThucXuLy="2026-03-10T09:00:00+07:00",
            DongBoDVCQG=False,
            **done,
        ),
        # R10 waiting for a supplement asked for in time: on time. Not synchronised.
        line(
            NgayTiepNhan="2026-03-16T08:00:00+07:00",
            NgayHenTra="2026-03-18T17:00:00+07:00",
            DanhSachYeuCauBoSung=[{"NgayYeuCau": "2026-03-17T09:00:00+07:00", "NgayHoanThanh": None}],
            TrangThaiHoSo=5,
            DongBoDVCQG=False,
        ),
    ]
    report = imported(records)
    assert (report.imported, report.refused) == (10, 0), report.errors
    subject = subject_by_code("11203", period=MARCH)
    assert subject is not None
    return compute_index(subject, MARCH)


def _indicator(result: Any, key: str) -> dict[str, Any]:
    return result.as_json()["indicators"][key]


def test_on_time_counts_supplement_pauses_holidays_open_dossiers_and_same_day_results(march: Any) -> None:
    # On time: R1, R3, R4, R6, R8, R10 of the ten.
    assert _indicator(march, "2.1") == {"rate": 0.6, "points": 12.0, "numerator": 6, "denominator": 10}


def test_online_filing_and_fully_online_service(march: Any) -> None:
    assert _indicator(march, "online_filing")["rate"] == 0.4
    # Eligible (1.001193, 1.000656): R1-R5; fully online with the e-result a paper procedure needs: R1-R3.
    assert _indicator(march, "3.x") == {"rate": 0.6, "points": 7.2, "numerator": 3, "denominator": 5}


def test_online_payment_leaves_out_zero_fee_dossiers(march: Any) -> None:
    # Fee-bearing: R1, R2, R5 (R3's fee is 0 đồng); paid online: R1 (provincial gateway), R5 (national).
    assert _indicator(march, "3.6") == {"rate": 0.6667, "points": 4.0, "numerator": 2, "denominator": 3}


def test_e_results_and_digitisation_over_dossiers_that_reached_a_result(march: Any) -> None:
    # Reached status 9 or 10: R1, R2, R3, R4, R5, R8, R9. E-result: R1, R2, R3, R8.
    assert _indicator(march, "4.1") == {"rate": 0.5714, "points": 3.43, "numerator": 4, "denominator": 7}
    # Digitised and with an e-result: R1, R3, R8 — threshold 80 %.
    assert _indicator(march, "4.2") == {"rate": 0.4286, "points": 2.14, "numerator": 3, "denominator": 7}


def test_reuse_and_data_store_over_dossiers_received(march: Any) -> None:
    assert _indicator(march, "4.3") == {"rate": 0.2, "points": 0.5, "numerator": 2, "denominator": 10}
    assert _indicator(march, "4.4") == {"rate": 0.1, "points": 0.4, "numerator": 1, "denominator": 10}


def test_satisfaction_subtracts_the_late_rate_and_the_unhappy_share(march: Any) -> None:
    # 100 % - 40 % late - 2 of 4 rated (R2 unhappy, R8 complained) = 10 %; threshold 90 %.
    assert _indicator(march, "5.4") == {"rate": 0.1, "points": 0.67}


def test_sync_rate_and_mean_processing_time(march: Any) -> None:
    assert _indicator(march, "1.4") == {"rate": 0.8, "points": 4.8, "numerator": 8, "denominator": 10}
    # Working hours to the end minus supplements, of the 7 finished: R1 29.5 - 8 = 21.5; R2 25; R3 15.5;
    # R4 18 - 8 = 10; R5 10 - 2 = 8; R8 5.5; R9 8. Mean 93.5 / 7 h = 1.67 working days of 8 h.
    assert _indicator(march, "2.2") == {"rate": None, "value": 1.67}


def test_total_scales_the_points_earned_to_the_points_measured(march: Any) -> None:
    data = march.as_json()
    # Measured: 1.4, 2.1, 3.x, 3.6, 4.1, 4.2, 4.3, 4.4, 5.4 = 66 points; the catalog did not exist in March.
    assert data["points_measured"] == 66.0
    assert data["points_earned"] == 35.14
    assert data["total"] == 53.24
    assert data["band"] == "average"
    assert _indicator(march, "1.3") == {"rate": None, "points": None, "numerator": 0, "denominator": 0}


def test_the_shipped_scheme_applies_when_no_scheme_is_stored(march: Any) -> None:
    from django.core.cache import cache

    from onestop.indicators.models import IndexScheme

    IndexScheme.objects.all().delete()
    cache.clear()  # the dashboards keep the weights for a minute
    subject = subject_by_code("11203", period=MARCH)
    assert subject is not None
    assert compute_index(subject, MARCH).as_json() == march.as_json()
