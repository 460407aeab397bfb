"""Builders for dossier tests: demo officials, a test procedure and a dossier brought to any state."""

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from io import BytesIO
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter

from onestop.accounts.models import User
from onestop.catalog.content import StepData
from onestop.catalog.models import Procedure
from onestop.catalog.selectors import content_from_version, version_in_force
from onestop.catalog.services import procedure_assign, procedure_version_create
from onestop.dossiers.constants import ChannelCode, State
from onestop.dossiers.models import Dossier
from onestop.dossiers.services import ApplicantData, ComponentIntake, dossier_act, dossier_create
from onestop.organizations.models import Agency, Desk
from onestop.workdays.constants import LimitUnit
from onestop.workdays.deadlines import TZ

MONDAY_MORNING = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
TEST_CODE = "9.999001"


def form_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def pdf_upload(name: str = "scan.pdf", pages: int = 1) -> SimpleUploadedFile:
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=420, height=595)
    buffer = BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


@pytest.fixture(autouse=True)
def _working_monday() -> Iterator[None]:
    # Deadlines depend on the calendar: run every dossier test on a plain working Monday morning.
    with time_machine.travel(MONDAY_MORNING, tick=True):
        yield


def demo_people() -> SimpleNamespace:
    """The demo officials and places the dossier tests act as (the demo must be loaded)."""
    return SimpleNamespace(
        desk=User.objects.get(username="motcua.ninhgiang"),
        specialist=User.objects.get(username="tuphap.ninhgiang"),
        leader=User.objects.get(username="chutich.ninhgiang"),
        other_desk=User.objects.get(username="motcua.tanan"),
        citizen=User.objects.get(username="0912345678"),
        desk_place=Desk.objects.get(name="Trung tâm Phục vụ hành chính công Xã Ninh Giang"),
        agency=Agency.objects.get(name="UBND Xã Ninh Giang"),
    )


@pytest.fixture
def people(demo_few: object) -> SimpleNamespace:
    return demo_people()


@pytest.fixture
def test_procedure(people: SimpleNamespace) -> Any:
    return make_test_procedure(people)


def make_test_procedure(people: SimpleNamespace, *, working_days: int = 5) -> Any:
    """A limit of ``working_days``; two specialist steps (the second a hand-off), each needing a file."""
    base = version_in_force(procedure=Procedure.objects.get(code="1.001193"))
    assert base is not None
    content = replace(
        content_from_version(base),
        name="Thủ tục thử nghiệm nhiều bước",
        time_limit_value=working_days,
        time_limit_unit=LimitUnit.WORKING_DAYS,
        time_limit_text=f"{working_days:02d} ngày làm việc",
        fees=[],  # fee-free, so workflow tests need no payment; the payments tests add their own
        steps=[
            StepData(name="Tiếp nhận", role="desk_officer", budget_value=2),
            StepData(
                name="Thẩm định", role="specialist", budget_value=12, required_outputs=["Phiếu thẩm định"]
            ),
            StepData(
                name="Xác minh tại Công an xã",
                role="specialist",
                budget_value=12,
                required_outputs=["Văn bản xác minh"],
                handoff_agency="Công an xã Ninh Giang",
            ),
            StepData(name="Phê duyệt", role="agency_leader", budget_value=8, required_outputs=["Kết quả"]),
            StepData(name="Trả kết quả", role="desk_officer", budget_value=2),
        ],
    )
    version = procedure_version_create(actor=None, code=TEST_CODE, content=content)
    procedure_assign(actor=None, procedure=version.procedure, unit=people.agency.unit, agency=people.agency)
    return version


PATHS: dict[State, list[tuple[str, str, dict[str, Any]]]] = {
    State.NEW: [],
    State.SUPPLEMENT_AT_RECEPTION: [
        ("desk", "request_supplement", {"items": [{"name": "Tờ khai", "reason": "Thiếu chữ ký"}]})
    ],
    State.NOT_RECEIVED: [("desk", "refuse_reception", {"reasons": "Không thuộc thẩm quyền"})],
    State.RECEIVED: [("desk", "receive", {})],
    State.AT_AGENCY: [("desk", "receive", {}), ("desk", "transfer", {})],
}
PATHS[State.IN_PROGRESS] = [*PATHS[State.AT_AGENCY], ("leader", "assign", {"assignee": "specialist"})]
PATHS[State.SUPPLEMENT_IN_PROCESSING] = [
    *PATHS[State.IN_PROGRESS],
    ("specialist", "request_supplement", {"items": [{"name": "Giấy chứng sinh", "reason": "Bản mờ"}]}),
]
PATHS[State.AWAITING_APPROVAL] = [
    *PATHS[State.IN_PROGRESS],
    ("specialist", "complete_step", {"files": 1}),
    ("specialist", "submit_for_approval", {"files": 1}),
]
PATHS[State.SUSPENDED] = [*PATHS[State.IN_PROGRESS], ("leader", "suspend", {"reasons": "Chờ xác minh"})]
PATHS[State.DONE] = [*PATHS[State.AWAITING_APPROVAL], ("leader", "approve", {"files": 1})]
PATHS[State.REFUSED] = [
    *PATHS[State.AWAITING_APPROVAL],
    ("leader", "refuse", {"files": 1, "reasons": "Không đủ"}),
]
PATHS[State.RETURNED] = [*PATHS[State.DONE], ("desk", "return_result", {"method": "desk"})]
PATHS[State.STOPPED] = [*PATHS[State.RECEIVED], ("desk", "stop", {"reasons": "Người nộp xin dừng"})]
PATHS[State.WITHDRAWN] = [("citizen", "withdraw", {"reasons": "Nộp nhầm"})]


def act(people: SimpleNamespace, dossier: Dossier, who: str, action: str, params: dict[str, Any]) -> Dossier:
    params = dict(params)
    files = [pdf_upload(f"{action}-{i}.pdf") for i in range(params.pop("files", 0))]
    if params.get("assignee") == "specialist":
        params["assignee"] = people.specialist
    return dossier_act(actor=getattr(people, who), dossier=dossier, action=action, files=files, **params)


@pytest.fixture
def dossier_in(people: SimpleNamespace, test_procedure: Any) -> Callable[[State], Dossier]:
    """An online dossier of the citizen at the Ninh Giang desk, walked through the workflow to ``state``."""

    def build(state: State) -> Dossier:
        dossier = dossier_create(
            actor=people.citizen,
            desk=people.desk_place,
            version=test_procedure,
            applicant=ApplicantData(
                name="Nguyễn Văn An", id_number="031090001234", phone="0912345678", account=people.citizen
            ),
            channel=ChannelCode.ONLINE,
            components=[
                ComponentIntake(component=c, scan=pdf_upload()) for c in test_procedure.components.all()[:2]
            ],
        )
        for who, action, params in PATHS[state]:
            dossier = act(people, dossier, who, action, params)
        assert dossier.state == state
        return dossier

    return build
