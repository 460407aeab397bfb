"""Plain data describing a procedure version, used by import, staff edits and the revision service."""

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from onestop.catalog.constants import BudgetUnit, Channel, ComponentKind, FeeCollection
from onestop.workdays.constants import LimitUnit


@dataclass
class ComponentData:
    name: str
    copies: str = ""
    kind: str = ComponentKind.SUBMIT
    required: bool | None = None
    case: str = ""
    form_name: str = ""


@dataclass
class FeeData:
    name: str
    amount_vnd: int | None = None
    online_amount_vnd: int | None = None
    exemptions: str = ""
    note: str = ""
    collected_at: str = FeeCollection.AT_RECEPTION


@dataclass
class StepData:
    name: str
    role: str
    budget_value: int
    budget_unit: str = BudgetUnit.WORKING_HOURS
    required_outputs: list[str] = field(default_factory=list)
    handoff_agency: str = ""


@dataclass
class VersionContent:
    name: str
    field_name: str
    levels: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    online_level: str = ""
    partial_online_reason: str = ""
    time_limit_value: int | None = None
    time_limit_unit: str = ""
    time_limit_text: str = ""
    time_limit_by_channel: list[dict[str, Any]] = field(default_factory=list)
    cutoff_applies: bool = True
    result_name: str = ""
    result_type: str = ""
    applicants: str = ""
    steps_text: str = ""
    agency_text: str = ""
    legal_basis: list[str] = field(default_factory=list)
    legal_basis_text: str = ""
    publication_decision: str = ""
    publication_decision_date: date | None = None
    legal_basis_effective_date: date | None = None
    disclosure_date: date | None = None
    source_url: str = ""
    demo_values: list[str] = field(default_factory=list)
    components: list[ComponentData] = field(default_factory=list)
    fees: list[FeeData] = field(default_factory=list)
    steps: list[StepData] = field(default_factory=list)

    def content_hash(self) -> str:
        canonical = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()

    def missing_fields(self) -> list[str]:
        """Fields a dossier needs that were not published (the version then takes no dossiers)."""
        missing = []
        if not self.time_limit_unit or (
            self.time_limit_unit != LimitUnit.SAME_DAY and not self.time_limit_value
        ):
            missing.append("time_limit")
        if not self.channels:
            missing.append("channels")
        if not self.components:
            missing.append("components")
        return missing


MISSING_FIELD_LABELS = {
    "time_limit": lambda: _("time limit"),
    "channels": lambda: _("submission channels"),
    "components": lambda: _("components"),
}


def default_steps(*, time_limit_value: int | None, time_limit_unit: str) -> list[StepData]:
    """A default internal process fitting inside the time limit, for the agency to adjust.

    Reception and transfer, appraisal by a specialist, the leader's approval, return at the desk; the
    specialist gets what the other steps leave.
    """
    if time_limit_unit == LimitUnit.SAME_DAY:
        total_hours = 8
    elif time_limit_unit == LimitUnit.WORKING_HOURS and time_limit_value:
        total_hours = time_limit_value
    elif time_limit_unit == LimitUnit.WORKING_DAYS and time_limit_value:
        total_hours = 8 * time_limit_value
    else:
        return []
    if total_hours < 4:
        return [
            StepData(
                name="Tiếp nhận, xử lý và trả kết quả",
                role="desk_officer",
                budget_value=total_hours,
                required_outputs=["Kết quả giải quyết"],
            )
        ]
    desk, leader = (1, 1) if total_hours <= 8 else (4, 4)
    return [
        StepData(name="Tiếp nhận và chuyển hồ sơ", role="desk_officer", budget_value=desk),
        StepData(
            name="Thẩm định, dự thảo kết quả",
            role="specialist",
            budget_value=total_hours - 2 * desk - leader,
            required_outputs=["Dự thảo kết quả"],
        ),
        StepData(
            name="Phê duyệt, ký kết quả",
            role="agency_leader",
            budget_value=leader,
            required_outputs=["Kết quả"],
        ),
        StepData(name="Trả kết quả", role="desk_officer", budget_value=desk),
    ]


CHANNEL_NAMES = {
    "trực tiếp": Channel.IN_PERSON,
    "dịch vụ bưu chính": Channel.POST,
    "bưu chính": Channel.POST,
    "trực tuyến": Channel.ONLINE,
}
