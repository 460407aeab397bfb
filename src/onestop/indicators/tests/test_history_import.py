import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from onestop.indicators.constants import RecordSource
from onestop.indicators.models import DossierRecord, ImportBatch
from onestop.indicators.selectors import Period, compute_index, ranking, subject_by_code, subject_for_unit
from onestop.indicators.services import records_import, worth_analysing
from onestop.organizations.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def _write(path: Path, lines: list[Any]) -> Path:
    path.write_text(
        "".join(
            (item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)) + "\n" for item in lines
        ),
        encoding="utf-8",
    )
    return path


def test_bad_lines_are_reported_by_number_and_never_half_imported(imported: Any, line: Any) -> None:
    good = line()
    report = imported(
        [
            good,
            line(MaDonVi="99999"),
            line(MaTTHC="9.999999"),
            line(NgayTiepNhan="2026-03-02 08:00"),
            line(KenhThucHien=7, TrangThaiHoSo="4"),
            line(TrangThaiHoSo=10, NgayKetThucXuLy=None),
            line(DanhSachPhiLePhi=[{"TenPhiLePhi": "Lệ phí", "Gia": -5}]),
            {**good, "NgayTiepNhan": "2026-03-03T08:00:00+07:00"},
            line(NgayKetThucXuLy="2026-03-01T08:00:00+07:00", TrangThaiHoSo=10),
        ]
    )
    assert report.imported == 1
    assert [error["line"] for error in report.errors] == [2, 3, 4, 5, 6, 7, 8, 9]
    reasons = {error["line"]: " ".join(error["reasons"]) for error in report.errors}
    assert "99999" in reasons[2]
    assert "9.999999" in reasons[3]
    assert "NgayTiepNhan" in reasons[4]
    assert "KenhThucHien" in reasons[5]
    assert "TrangThaiHoSo" in reasons[5]  # every problem of a line is reported, not just the first
    assert "NgayKetThucXuLy" in reasons[6]
    assert "Gia" in reasons[7]
    assert "dòng 1" in reasons[8] or "line 1" in reasons[8]
    # The duplicate of line 1 did not overwrite it.
    assert (
        DossierRecord.objects.get(code=good["MaHoSo"]).received_at.isoformat() == "2026-03-02T01:00:00+00:00"
    )
    batch = ImportBatch.objects.get()
    assert (batch.lines, batch.imported, batch.refused) == (9, 1, 8)


def test_reimporting_a_file_updates_its_records(imported: Any, line: Any) -> None:
    record = line()
    imported([record])
    imported([{**record, "TrangThaiHoSo": 10, "NgayKetThucXuLy": "2026-03-03T10:00:00+07:00"}])
    stored = DossierRecord.objects.get(code=record["MaHoSo"])
    assert (stored.status, stored.on_time, stored.source) == (10, True, RecordSource.IMPORT)


def test_history_cannot_overwrite_a_dossier_handled_in_onestop(imported: Any, line: Any) -> None:
    record = line()
    imported([record])
    DossierRecord.objects.filter(code=record["MaHoSo"]).update(source=RecordSource.LIVE)
    report = imported([{**record, "TrangThaiHoSo": 10, "NgayKetThucXuLy": "2026-03-03T10:00:00+07:00"}])
    assert report.refused == 1
    assert report.errors[0]["line"] == 1
    assert DossierRecord.objects.get(code=record["MaHoSo"]).status == 4


def test_pre_reform_history_is_ranked_under_the_successor_and_shown_under_its_own_name(
    imported: Any, line: Any
) -> None:
    march_2025 = Period(date(2025, 3, 1), date(2025, 3, 31))
    report = imported(
        [
            # Xã Vĩnh Hòa (old commune) and Thị trấn Ninh Giang (old code 11203) merged into Xã Ninh Giang.
            line(
                MaDonVi="11185",
                NgayTiepNhan="2025-03-03T08:00:00+07:00",
                NgayHenTra="2025-03-05T17:00:00+07:00",
            ),
            line(
                MaDonVi="11203",
                NgayTiepNhan="2025-03-04T08:00:00+07:00",
                NgayHenTra="2025-03-06T17:00:00+07:00",
            ),
            # Huyện Ninh Giang (old district): wholly taken over by the city, only partly by the commune.
            line(
                MaDonVi="299",
                NgayTiepNhan="2025-03-04T08:00:00+07:00",
                NgayHenTra="2025-03-06T17:00:00+07:00",
            ),
        ]
    )
    assert report.refused == 0, report.errors
    new_commune = AdministrativeUnit.objects.get(code="11203", valid_to__isnull=True)
    old_town = AdministrativeUnit.objects.get(code="11203", valid_to__isnull=False)
    vinh_hoa = AdministrativeUnit.objects.get(code="11185")
    city = AdministrativeUnit.objects.get(code="31", valid_to__isnull=True)

    district = DossierRecord.objects.get(unit__code="299")
    assert (district.rank_unit, district.province) == (city, city)

    today = compute_index(subject_for_unit(new_commune), march_2025)
    assert today.counts["received"] == 2
    rows = {row.result.subject.code: row for row in ranking(parent=city, period=march_2025)}
    assert rows["11203"].result.counts["received"] == 2
    assert compute_index(subject_for_unit(city), march_2025).counts["received"] == 3

    past = subject_by_code("11203", period=march_2025)
    assert past is not None
    assert past.unit == old_town
    assert past.name == "Thị trấn Ninh Giang"
    assert compute_index(past, march_2025).counts["received"] == 1
    assert compute_index(subject_for_unit(vinh_hoa), march_2025).counts["received"] == 1
    assert subject_by_code("11203", period=Period(date(2026, 3, 1), date(2026, 3, 31))).unit == new_commune  # type: ignore[union-attr]


def test_import_command_reports_line_numbers_and_fails_on_refused_lines(
    demo_few: Any, line: Any, tmp_path: Path, capsys: Any
) -> None:
    path = _write(tmp_path / "history.jsonl", [line(), "{not json", line(MaDonVi="00000")])
    with pytest.raises(CommandError):
        call_command("import_dossiers", str(path))
    captured = capsys.readouterr()
    assert "1" in captured.out
    assert "2:" in captured.err
    assert "3:" in captured.err
    assert DossierRecord.objects.count() == 1


def test_compute_index_command_prints_one_json_object(imported: Any, line: Any, capsys: Any) -> None:
    imported(
        [
            line(KenhThucHien=2, TrangThaiHoSo=10, NgayKetThucXuLy="2026-03-04T10:00:00+07:00"),
            line(TrangThaiHoSo=10, NgayKetThucXuLy="2026-03-12T10:00:00+07:00"),
        ]
    )
    call_command("compute_index", "--unit", "11203", "--from", "2026-03-01", "--to", "2026-03-31", "--json")
    data = json.loads(capsys.readouterr().out)
    assert (data["unit"], data["from"], data["to"]) == ("11203", "2026-03-01", "2026-03-31")
    assert data["indicators"]["2.1"] == {"rate": 0.5, "points": 10.0, "numerator": 1, "denominator": 2}
    assert data["indicators"]["online_filing"]["rate"] == 0.5
    assert set(data["indicators"]) >= {"1.4", "2.1", "3.x", "3.6", "4.1", "4.2", "4.3", "4.4", "5.4"}
    assert data["band"] in {"excellent", "good", "average", "weak"}


def test_export_writes_the_records_back_in_the_same_format(imported: Any, line: Any, tmp_path: Path) -> None:
    records = [line(), line(MaDonVi="11167")]
    imported(records)
    out = tmp_path / "out.jsonl"
    call_command("export_dossiers", str(out), "--unit", "11203")
    exported = [json.loads(text) for text in out.read_text(encoding="utf-8").splitlines()]
    assert exported == [records[0]]


def test_generated_history_is_valid_exchange_data(demo_few: Any, tmp_path: Path) -> None:
    out = tmp_path / "generated.jsonl"
    call_command("generate_dossiers", "--province", "31", "--count", "300", "--days", "60", str(out))
    call_command("import_dossiers", str(out))
    assert DossierRecord.objects.count() == 300
    communes = set(DossierRecord.objects.values_list("rank_unit__code", flat=True))
    assert len(communes) == 6


def test_provincial_departments_are_ranked_from_the_dossiers_they_handled(imported: Any, line: Any) -> None:
    march = Period(date(2026, 3, 1), date(2026, 3, 31))
    report = imported(
        [
            line(MaDonVi="H31.10", TrangThaiHoSo=10, NgayKetThucXuLy="2026-03-04T10:00:00+07:00"),
            line(MaDonVi="H31.10", TrangThaiHoSo=10, NgayKetThucXuLy="2026-03-20T10:00:00+07:00"),
        ]
    )
    assert report.refused == 0, report.errors
    city = AdministrativeUnit.objects.get(code="31", valid_to__isnull=True)
    rows = ranking(parent=city, period=march, kind="agencies")
    assert [(row.rank, row.result.subject.code) for row in rows] == [(1, "H31.10")]
    assert rows[0].result.on_time is not None
    assert (rows[0].result.on_time.numerator, rows[0].result.on_time.denominator) == (1, 2)
    # The department's dossiers count for the city too, and for no commune.
    assert compute_index(subject_for_unit(city), march).counts["received"] == 2
    assert set(DossierRecord.objects.values_list("rank_unit", "agency__e_id")) == {(city.pk, "H31.10")}


def test_an_import_in_several_chunks_keeps_every_line(
    imported: Any, line: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from onestop.indicators import services

    monkeypatch.setattr(services, "IMPORT_CHUNK", 2)
    records = [line() for _ in range(5)]
    assert imported(records).imported == 5
    exported = {r.code: r.line.data for r in DossierRecord.objects.select_related("line")}
    assert exported == {record["MaHoSo"]: record for record in records}


def _stored() -> dict[str, Any]:
    """Every imported record's columns (but its id, batch and write time) with its exchange line."""
    skip = {"id", "batch", "updated_at"}
    return {
        record.code: (
            {
                f.attname: getattr(record, f.attname)
                for f in DossierRecord._meta.concrete_fields
                if f.name not in skip
            },
            record.line.data,
        )
        for record in DossierRecord.objects.select_related("line")
    }


@pytest.mark.django_db(transaction=True)  # the workers' own connections must see the demo's rows
def test_a_parallel_import_stores_and_reports_what_a_serial_one_does(
    on_postgres: None, demo_few: Any, line: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from onestop.indicators import services

    monkeypatch.setattr(services, "IMPORT_CHUNK", 3)  # several chunks per worker
    monkeypatch.setattr(services, "PARALLEL_BATCH", 2)  # several messages per worker
    forked: list[int] = []
    parallel_import = services._import_parallel
    monkeypatch.setattr(
        services,
        "_import_parallel",
        lambda *args, **kwargs: forked.append(1) or parallel_import(*args, **kwargs),
    )
    good = [
        line(
            MaDonVi=unit,
            KenhThucHien=1 + n % 2,
            TrangThaiHoSo=10 if n % 3 else 4,
            NgayKetThucXuLy=f"2026-03-0{3 + n % 5}T10:00:00+07:00" if n % 3 else None,
            DanhSachYeuCauBoSung=[{"NgayYeuCau": "2026-03-02T09:00:00+07:00"}] if n % 4 == 0 else [],
        )
        for n, unit in enumerate(["11203", "31", "11203", "31", "11203", "31", "11203", "31", "11203", "31"])
    ]
    texts = [json.dumps(record, ensure_ascii=False) for record in good]
    # Bad lines between good ones: not JSON, an unknown unit, a blank line, a repeat of line 1's code.
    texts[3:3] = ["{not json", json.dumps(line(MaDonVi="99999")), "   "]
    texts.append(json.dumps({**good[0], "KenhThucHien": 3}))

    serial = records_import(lines=texts, file_name="serial.jsonl", workers=1)
    serial_rows = _stored()
    DossierRecord.objects.all().delete()
    parallel = records_import(lines=texts, file_name="parallel.jsonl", workers=3)

    assert (parallel.imported, parallel.refused) == (serial.imported, serial.refused) == (10, 3)
    assert parallel.errors == serial.errors
    assert [error["line"] for error in parallel.errors] == [4, 5, 14]
    repeat = " ".join(parallel.errors[2]["reasons"])
    assert "dòng 1" in repeat or "line 1" in repeat  # and did not overwrite line 1
    assert _stored() == serial_rows
    batch = ImportBatch.objects.get(file_name="parallel.jsonl")
    assert (batch.lines, batch.imported, batch.refused) == (13, 10, 3)
    assert [error["line"] for error in batch.errors] == [4, 5, 14]

    # Importing again in parallel updates the same records: nothing added, the change taken.
    changed = [json.dumps({**record, "KenhThucHien": 3}, ensure_ascii=False) for record in good]
    again = records_import(lines=changed, file_name="again.jsonl", workers=2)
    assert (again.imported, again.refused) == (10, 0)
    assert DossierRecord.objects.count() == 10
    assert set(DossierRecord.objects.values_list("channel", flat=True)) == {3}
    assert forked == [1, 1]  # the parallel path ran, not the serial fallback


@pytest.mark.django_db(transaction=True)
def test_the_import_command_imports_in_parallel_and_reports_line_numbers(
    on_postgres: None, demo_few: Any, line: Any, tmp_path: Path, capsys: Any
) -> None:
    path = _write(tmp_path / "history.jsonl", [line(), line(), "{not json", line(MaDonVi="00000"), line()])
    with pytest.raises(CommandError):
        call_command("import_dossiers", str(path), "--workers", "2")
    captured = capsys.readouterr()
    assert "3 " in captured.out
    assert "line 3:" in captured.err or "dòng 3:" in captured.err
    assert "line 4:" in captured.err or "dòng 4:" in captured.err
    assert DossierRecord.objects.count() == 3


@pytest.mark.parametrize(
    ("imported", "known_rows", "expected"),
    [
        (20_000, -1, True),  # never analysed
        (20_000, 0, True),
        (20_000, 150_000, True),
        (20_000, 957_000, False),  # 2% more: autovacuum's analyse is enough
    ],
)
def test_an_import_reads_fresh_statistics_only_when_it_grows_the_table_by_a_tenth(
    imported: int, known_rows: float, expected: bool
) -> None:
    assert worth_analysing(imported=imported, known_rows=known_rows) is expected
