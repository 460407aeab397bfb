"""The exchange record of a dossier (domain.md "Exchange format"): DVCQG sync, import and export."""

from datetime import datetime
from typing import Any

from onestop.catalog.selectors import version_parts
from onestop.dossiers.constants import FileKind, SupplementStage
from onestop.dossiers.models import Dossier


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def exchange_record(dossier: Dossier) -> dict[str, Any]:
    result_files = [f for f in dossier.files.all() if f.kind == FileKind.RESULT]
    result = result_files[-1] if result_files else None
    return {
        "MaHoSo": dossier.code,
        "MaTTHC": dossier.procedure_version.procedure.code,
        "MaDonVi": dossier.unit.code,
        "KenhThucHien": dossier.channel,
        "NgayTiepNhan": _iso(dossier.received_at),
        "NgayHenTra": _iso(dossier.due_at),
        "NgayKetThucXuLy": _iso(dossier.finished_at),
        "NgayTraKetQua": _iso(dossier.returned_at),
        "TrangThaiHoSo": dossier.dvcqg_status,
        "DuocThanhToanTrucTuyen": dossier.paid_online,
        "DanhSachPhiLePhi": [
            {"TenPhiLePhi": fee.name, "Gia": fee.amount_vnd}
            for fee in version_parts(version_id=dossier.procedure_version_id).fees
            if fee.amount_vnd
        ],
        "TaiLieuNop": [
            {
                "TenTaiLieu": component.name,
                "DuocSoHoa": component.digitised,
                "DuocTaiSuDung": component.reused,
                "DuocLayTuKhoDMQG": component.from_data_store,
            }
            for component in dossier.components.all()
            if component.provided
        ],
        # The result document stored in the system is the e-result (signed once the signing app lands).
        "MaKetQua": f"{dossier.code}-KQ" if result else None,
        "DuongDanTepTinKetQua": result.file.name if result else None,
        "DanhSachYeuCauBoSung": [
            {"NgayYeuCau": _iso(request.requested_at), "NgayHoanThanh": _iso(request.completed_at)}
            for request in dossier.supplement_requests.all()
            if request.stage == SupplementStage.APPRAISAL
        ],
        "TaiKhoanDuocXacThucVoiVNeID": False,
        "DanhGia": None,
        "DongBoDVCQG": False,
    }
