"""Exchange records for hand-computed tests: every field at a neutral value unless the test says otherwise."""

from collections.abc import Callable
from typing import Any

LineMaker = Callable[..., dict[str, Any]]


def line_maker() -> LineMaker:
    counter = iter(range(1, 1_000_000))

    def make(**fields: Any) -> dict[str, Any]:
        record: dict[str, Any] = {
            "MaHoSo": f"T-{next(counter):05d}",
            "MaTTHC": "3.000347",
            "MaDonVi": "11203",
            "KenhThucHien": 1,
            "NgayTiepNhan": "2026-03-02T08:00:00+07:00",
            "NgayHenTra": "2026-03-06T17:00:00+07:00",
            "NgayKetThucXuLy": None,
            "NgayTraKetQua": None,
            "TrangThaiHoSo": 4,
            "DuocThanhToanTrucTuyen": 0,
            "DanhSachPhiLePhi": [],
            "TaiLieuNop": [
                {
                    "TenTaiLieu": "Tờ khai",
                    "DuocSoHoa": False,
                    "DuocTaiSuDung": False,
                    "DuocLayTuKhoDMQG": False,
                }
            ],
            "MaKetQua": None,
            "DuongDanTepTinKetQua": None,
            "DanhSachYeuCauBoSung": [],
            "TaiKhoanDuocXacThucVoiVNeID": False,
            "DanhGia": None,
            "DongBoDVCQG": True,
        }
        record.update(fields)
        return record

    return make


def component(*, digitised: bool = False, reused: bool = False, store: bool = False) -> list[dict[str, Any]]:
    return [
        {"TenTaiLieu": "Tờ khai", "DuocSoHoa": digitised, "DuocTaiSuDung": reused, "DuocLayTuKhoDMQG": store}
    ]


def e_result(code: str) -> dict[str, str]:
    return {"MaKetQua": f"{code}-KQ", "DuongDanTepTinKetQua": f"https://ketqua.invalid/{code}.pdf"}
