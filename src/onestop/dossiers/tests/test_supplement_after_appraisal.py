"""A supplement after appraisal: requested within 3 working days; the clock restarts or pauses by rule."""

from collections.abc import Callable
from datetime import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import ValidationError

from onestop.core.models import OutboxMessage
from onestop.dossiers.constants import DvcqgStatus, State, SupplementRule
from onestop.dossiers.documents import dossier_form_pdf
from onestop.dossiers.models import Dossier
from onestop.dossiers.tests.conftest import act, form_text
from onestop.workdays.deadlines import TZ

ITEMS = {"items": [{"name": "Giấy chứng sinh", "reason": "Bản chụp mờ, không đọc được"}]}


def test_restart_rule_gives_a_full_new_time_limit_from_the_supplement(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(State.IN_PROGRESS)  # received Monday 2 March 09:00, 5 working days
    assert dossier.due_at == datetime(2026, 3, 9, 17, 0, tzinfo=TZ)
    dossier = act(people, dossier, "specialist", "request_supplement", ITEMS)
    assert dossier.dvcqg_status == DvcqgStatus.SUPPLEMENT
    request = dossier.supplement_requests.get()
    assert request.items == ITEMS["items"]
    slip = form_text(
        dossier_form_pdf(actor=people.specialist, dossier=dossier, number="02", tracking_url="http://t/")
    )
    assert "Bản chụp mờ, không đọc được" in slip
    with time_machine.travel(datetime(2026, 3, 4, 10, 0, tzinfo=TZ)):
        dossier = act(people, dossier, "desk", "supplement_received", {})
    assert dossier.state == State.IN_PROGRESS
    assert dossier.due_at == datetime(2026, 3, 11, 17, 0, tzinfo=TZ)  # Wed 4 March + 5 working days
    assert dossier.supplement_requests.get().completed_at is not None
    record = OutboxMessage.objects.filter(topic="dvcqg_sync", key=dossier.code).order_by("-id").first()
    assert record is not None
    assert len(record.payload["DanhSachYeuCauBoSung"]) == 1


def test_pause_rule_adds_the_waiting_time_to_the_due_time(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(State.IN_PROGRESS)
    Dossier.objects.filter(pk=dossier.pk).update(supplement_rule=SupplementRule.PAUSE)
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=TZ), tick=False):
        dossier = act(people, dossier, "specialist", "request_supplement", ITEMS)
    with time_machine.travel(datetime(2026, 3, 3, 10, 0, tzinfo=TZ), tick=False):
        dossier = act(people, dossier, "desk", "supplement_received", {})
    # Paused one working day (8 working hours): due Monday 9 March 17:00 moves to Tuesday 10 March 17:00.
    assert dossier.due_at == datetime(2026, 3, 10, 17, 0, tzinfo=TZ)


def test_supplement_after_three_working_days_of_receipt_is_refused(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(State.IN_PROGRESS)
    with time_machine.travel(datetime(2026, 3, 5, 10, 0, tzinfo=TZ)), pytest.raises(ValidationError):
        act(people, dossier, "specialist", "request_supplement", ITEMS)


def test_a_supplement_request_lists_every_item_with_its_reason(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dossier = dossier_in(State.IN_PROGRESS)
    with pytest.raises(ValidationError):
        act(
            people,
            dossier,
            "specialist",
            "request_supplement",
            {"items": [{"name": "Tờ khai", "reason": ""}]},
        )
