import copy
import json
from io import StringIO

import pytest
from django.core.management import call_command

from onestop.catalog.importing import BUNDLED_CATALOG, load_records, procedures_import
from onestop.catalog.models import Fee, Procedure, ProcedureVersion

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return load_records(BUNDLED_CATALOG)


def _record(records: list[dict], code: str) -> dict:
    return copy.deepcopy(next(record for record in records if record["code"] == code))


@pytest.mark.smoke
def test_bundled_catalog_imports_and_reports_the_bad_record(records: list[dict]) -> None:
    report = procedures_import(records=records)
    assert report.created == len(records) - 1
    assert [(p.position, p.code) for p in report.problems] == [(104, "1.010915")]
    assert "'field' is missing" in report.problems[0].message
    assert Procedure.objects.count() == len(records) - 1


def test_reimport_of_the_same_records_changes_nothing(records: list[dict]) -> None:
    procedures_import(records=records)
    versions = ProcedureVersion.objects.count()
    report = procedures_import(records=records)
    assert report.unchanged == len(records) - 1
    assert report.created == report.revised == 0
    assert ProcedureVersion.objects.count() == versions


def test_bad_records_are_reported_and_the_good_ones_still_imported(records: list[dict]) -> None:
    good = _record(records, "1.001193")
    bad_code = {**_record(records, "1.000656"), "code": "KS-01"}
    bad_fee = _record(records, "1.000894")
    bad_fee["fees"][0]["amount_vnd"] = "tám nghìn"
    bad_channel = {**_record(records, "2.000635"), "submission_channels": ["Fax"]}
    report = procedures_import(records=["not an object", bad_code, good, bad_fee, bad_channel])
    assert report.created == 1
    assert [p.position for p in report.problems] == [1, 2, 4, 5]
    assert "national procedure code" in report.problems[1].message
    assert "amount_vnd" in report.problems[2].message
    assert "Fax" in report.problems[3].message
    assert Procedure.objects.get().code == "1.001193"


def test_unpublished_or_ambiguous_time_limit_makes_the_procedure_incomplete(records: list[dict]) -> None:
    unknown = {**_record(records, "1.001022"), "time_limit_value": None, "time_limit_unit": None}
    calendar_days = {**_record(records, "1.000656"), "time_limit_value": 5, "time_limit_unit": "days"}
    procedures_import(records=[unknown, calendar_days])
    for code in ("1.001022", "1.000656"):
        version = ProcedureVersion.objects.get(procedure__code=code)
        assert version.missing_fields == ["time_limit"]
        assert not version.accepts_dossiers
        assert version.time_limit_value is None
        assert not version.steps.exists()


def test_unpublished_fee_amount_stays_empty_never_invented(records: list[dict]) -> None:
    record = _record(records, "1.001193")
    record["fees"] = [
        {"name": "Lệ phí (theo Nghị quyết HĐND tỉnh)", "amount_vnd": None, "note": "HĐND tỉnh quy định"}
    ]
    procedures_import(records=[record])
    assert Fee.objects.get().amount_vnd is None


def test_complete_procedure_gets_a_default_process_within_its_time_limit(records: list[dict]) -> None:
    procedures_import(records=[_record(records, "2.000986")])  # 20 working days
    version = ProcedureVersion.objects.get()
    assert version.accepts_dossiers
    hours = sum(step.budget_value for step in version.steps.all())
    assert 0 < hours <= 20 * 8
    assert [step.role for step in version.steps.order_by("position")] == [
        "desk_officer",
        "specialist",
        "agency_leader",
        "desk_officer",
    ]


def test_import_command_reads_any_path_and_reports(tmp_path: object, records: list[dict]) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "catalog.json"
    path.write_text(
        json.dumps([_record(records, "1.001193"), {"code": "1"}], ensure_ascii=False), encoding="utf-8"
    )
    out = StringIO()
    call_command("import_procedures", str(path), stdout=out)
    assert "1 created" in out.getvalue()
    assert "record 2 (1)" in out.getvalue()


def test_import_command_refuses_a_file_that_is_not_a_list(tmp_path: object) -> None:
    from pathlib import Path

    from django.core.management.base import CommandError

    path = Path(str(tmp_path)) / "catalog.json"
    path.write_text('{"code": "1.001193"}', encoding="utf-8")
    with pytest.raises(CommandError, match="JSON list"):
        call_command("import_procedures", str(path), stdout=StringIO())
