import json
from collections.abc import Callable
from datetime import datetime
from io import StringIO
from pathlib import Path

import time_machine
from django.core.management import call_command

from onestop.core.models import OutboxMessage
from onestop.dossiers.constants import DeadlineFlag, State
from onestop.dossiers.deadline_jobs import deadlines_flag
from onestop.dossiers.models import Dossier
from onestop.workdays.deadlines import TZ


def test_deadline_job_flags_due_soon_then_late_and_alerts_once(
    dossier_in: Callable[[State], Dossier],
) -> None:
    dossier = dossier_in(State.IN_PROGRESS)  # due Monday 9 March 17:00
    deadlines_flag()
    dossier.refresh_from_db()
    assert dossier.deadline_flag == ""
    deadlines_flag(now=datetime(2026, 3, 9, 8, 0, tzinfo=TZ))
    dossier.refresh_from_db()
    assert dossier.deadline_flag == DeadlineFlag.DUE_SOON
    late_at = datetime(2026, 3, 10, 8, 0, tzinfo=TZ)
    deadlines_flag(now=late_at)
    deadlines_flag(now=late_at)
    dossier.refresh_from_db()
    assert dossier.deadline_flag == DeadlineFlag.LATE
    assert OutboxMessage.objects.filter(topic="staff_alert", key=dossier.code).count() == 1


def test_finished_dossiers_lose_their_flag(dossier_in: Callable[[State], Dossier]) -> None:
    dossier = dossier_in(State.IN_PROGRESS)
    deadlines_flag(now=datetime(2026, 3, 10, 8, 0, tzinfo=TZ))
    Dossier.objects.filter(pk=dossier.pk).update(finished_at=datetime(2026, 3, 10, 9, 0, tzinfo=TZ))
    deadlines_flag(now=datetime(2026, 3, 10, 10, 0, tzinfo=TZ))
    dossier.refresh_from_db()
    assert dossier.deadline_flag == ""


def test_flag_command_runs_the_job(dossier_in: Callable[[State], Dossier]) -> None:
    dossier_in(State.IN_PROGRESS)
    out = StringIO()
    with time_machine.travel(datetime(2026, 3, 10, 8, 0, tzinfo=TZ)):
        call_command("flag_deadlines", stdout=out)
    assert out.getvalue().startswith("1 late")


def test_dvcqg_records_export_as_json_lines(dossier_in: Callable[[State], Dossier], tmp_path: Path) -> None:
    dossier = dossier_in(State.RECEIVED)
    target = tmp_path / "dvcqg.jsonl"
    call_command("export_dvcqg", str(target), stderr=StringIO())
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [record["TrangThaiHoSo"] for record in records] == [1, 2]
    latest = records[-1]
    assert latest["MaHoSo"] == dossier.code
    assert latest["MaTTHC"] == "9.999001"
    assert latest["MaDonVi"] == "11203"
    assert latest["KenhThucHien"] == 2
    assert latest["NgayTiepNhan"].startswith("2026-03-02T")
    assert all(component["DuocSoHoa"] for component in latest["TaiLieuNop"])
