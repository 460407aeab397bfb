"""Extension with apology (once, a working day ahead), stop at the applicant's request, refusal."""

from collections.abc import Callable
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import ValidationError

from onestop.dossiers.constants import DvcqgStatus, State
from onestop.dossiers.documents import dossier_form_pdf
from onestop.dossiers.models import Dossier
from onestop.dossiers.tests.conftest import act, form_text
from onestop.workdays.deadlines import TZ

NEW_DUE = datetime(2026, 3, 16, 17, 0, tzinfo=TZ)


def test_extension_sets_a_new_due_time_once(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(State.IN_PROGRESS)
    original = dossier.due_at
    dossier = act(
        people, dossier, "leader", "extend", {"reasons": "Chờ kết quả xác minh", "new_due_at": NEW_DUE}
    )
    assert dossier.due_at == NEW_DUE
    assert dossier.original_due_at == original
    assert dossier.extension_reason == "Chờ kết quả xác minh"
    assert dossier.state == State.IN_PROGRESS
    apology = form_text(
        dossier_form_pdf(actor=people.leader, dossier=dossier, number="04", tracking_url="http://t/")
    )
    assert "Chờ kết quả xác minh" in apology
    assert "16/03/2026" in apology
    with pytest.raises(ValidationError, match="một lần"):
        act(
            people,
            dossier,
            "leader",
            "extend",
            {"reasons": "Lần hai", "new_due_at": NEW_DUE + timedelta(days=7)},
        )


def test_extension_later_than_one_working_day_before_the_due_time_is_refused(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(State.IN_PROGRESS)  # due Monday 9 March 17:00
    with time_machine.travel(datetime(2026, 3, 9, 9, 0, tzinfo=TZ)), pytest.raises(ValidationError):
        act(people, dossier, "leader", "extend", {"reasons": "Muộn", "new_due_at": NEW_DUE})


def test_stop_at_the_applicants_request_ends_processing(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(State.IN_PROGRESS)
    with pytest.raises(ValidationError):
        act(people, dossier, "desk", "stop", {})
    dossier = act(people, dossier, "desk", "stop", {"reasons": "Người nộp xin dừng giải quyết"})
    assert dossier.dvcqg_status == DvcqgStatus.STOPPED
    assert dossier.finished_at is not None
    notice = form_text(
        dossier_form_pdf(actor=people.desk, dossier=dossier, number="05", tracking_url="http://t/")
    )
    assert "Người nộp xin dừng giải quyết" in notice


def test_refusal_at_reception_issues_form_03_with_status_3(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = act(
        people, dossier_in(State.NEW), "desk", "refuse_reception", {"reasons": "Không thuộc thẩm quyền"}
    )
    assert dossier.dvcqg_status == DvcqgStatus.NOT_RECEIVED
    assert dossier.due_at is None
    assert dossier.finished_at is not None
    text = form_text(
        dossier_form_pdf(actor=people.desk, dossier=dossier, number="03", tracking_url="http://t/")
    )
    assert "Không thuộc thẩm quyền" in text
    assert dossier.code in text


def test_refusal_after_appraisal_needs_reasons_and_a_letter(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(State.AWAITING_APPROVAL)
    with pytest.raises(ValidationError):
        act(people, dossier, "leader", "refuse", {"reasons": "Không đủ điều kiện"})  # no letter attached
    dossier = act(people, dossier, "leader", "refuse", {"reasons": "Không đủ điều kiện", "files": 1})
    assert dossier.state == State.REFUSED
    assert dossier.finished_at is not None
    dossier = act(people, dossier, "desk", "return_result", {"method": "desk"})
    assert dossier.dvcqg_status == DvcqgStatus.RETURNED


def test_a_step_that_requires_files_cannot_complete_without_them(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(State.IN_PROGRESS)
    with pytest.raises(ValidationError, match="Phiếu thẩm định"):
        act(people, dossier, "specialist", "complete_step", {})


def test_the_result_cannot_be_returned_by_post_without_a_waybill(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(State.DONE)
    with pytest.raises(ValidationError):
        act(people, dossier, "desk", "return_result", {"method": "post"})
    dossier = act(people, dossier, "desk", "return_result", {"method": "post", "waybill": "EB123456789VN"})
    assert dossier.waybill_number == "EB123456789VN"
    assert dossier.returned_at is not None


def test_suspension_pauses_the_clock_until_resumed(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(State.IN_PROGRESS)  # due Monday 9 March 17:00
    with time_machine.travel(datetime(2026, 3, 3, 9, 0, tzinfo=TZ), tick=False):
        dossier = act(people, dossier, "leader", "suspend", {"reasons": "Chờ kết quả xác minh"})
    assert dossier.dvcqg_status == DvcqgStatus.PROCESSING
    with time_machine.travel(datetime(2026, 3, 5, 9, 0, tzinfo=TZ), tick=False):
        dossier = act(people, dossier, "leader", "resume", {})
    assert dossier.state == State.IN_PROGRESS
    # Two working days suspended: the due time moves from Monday 9 to Wednesday 11 March, 17:00.
    assert dossier.due_at == datetime(2026, 3, 11, 17, 0, tzinfo=TZ)
