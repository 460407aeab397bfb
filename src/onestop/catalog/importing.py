"""Import of procedures in the reference JSON format (../shared/data/procedures.json).

Every record is validated on its own; a bad record is reported with its position and reason and the rest
go on. Unpublished values stay empty (never invented); a version missing what a dossier needs is marked
incomplete and takes no dossiers until an administrator completes it.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from onestop.catalog.constants import ComponentKind, ImplementingLevel, OnlineLevel
from onestop.catalog.content import (
    CHANNEL_NAMES,
    ComponentData,
    FeeData,
    VersionContent,
    default_steps,
)
from onestop.catalog.models import ProcedureVersion
from onestop.catalog.services import procedure_version_create
from onestop.core.text import nfc
from onestop.workdays.constants import LimitUnit

BUNDLED_CATALOG = Path(__file__).resolve().parent / "data" / "procedures.json"
CODE_RE = re.compile(r"^\d{1,2}\.\d{6}$")
LEVEL_NAMES = {
    "cấp bộ": ImplementingLevel.MINISTRY,
    "cấp tỉnh": ImplementingLevel.PROVINCE,
    "cấp xã": ImplementingLevel.COMMUNE,
    "cơ quan khác": ImplementingLevel.OTHER,
}
COMPONENT_KINDS = {"nộp": ComponentKind.SUBMIT, "xuất trình": ComponentKind.SHOW, "khác": ComponentKind.OTHER}
ONLINE_LEVELS = {"toàn trình": OnlineLevel.FULL, "một phần": OnlineLevel.PARTIAL}
# "days" on the portal may be calendar days: ambiguous, so the limit is left for an administrator.
LIMIT_UNITS = {
    "working_days": LimitUnit.WORKING_DAYS,
    "hours": LimitUnit.WORKING_HOURS,
    "same_day": LimitUnit.SAME_DAY,
}


class RecordError(ValueError):
    pass


@dataclass
class RecordProblem:
    position: int
    code: str
    message: str


@dataclass
class CatalogImportReport:
    created: int = 0
    revised: int = 0
    unchanged: int = 0
    incomplete: int = 0
    problems: list[RecordProblem] = field(default_factory=list)


def _text(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(f"'{key}' must be text")
    return nfc(value)


def _list(record: dict[str, Any], key: str) -> list[Any]:
    value = record.get(key) or []
    if not isinstance(value, list):
        raise RecordError(f"'{key}' must be a list")
    return value


def _levels(text: str) -> list[str]:
    levels: list[str] = []
    for part in filter(None, (piece.strip().lower() for piece in text.split(","))):
        if part not in LEVEL_NAMES:
            raise RecordError(f"unknown implementing level {part!r}")
        levels.append(LEVEL_NAMES[part])
    return levels


def _components(record: dict[str, Any]) -> list[ComponentData]:
    components = []
    for index, item in enumerate(_list(record, "components"), 1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise RecordError(f"component {index} has no name")
        kind = COMPONENT_KINDS.get((item.get("kind") or "nộp").strip().lower())
        if kind is None:
            raise RecordError(f"component {index} has unknown kind {item.get('kind')!r}")
        required = item.get("required")
        if required is not None and not isinstance(required, bool):
            raise RecordError(f"component {index}: 'required' must be true, false or null")
        components.append(
            ComponentData(
                name=nfc(item["name"]),
                copies=nfc(item.get("copies") or ""),
                kind=kind,
                required=required,
                case=nfc(item.get("case") or ""),
                form_name=nfc(item.get("form") or ""),
            )
        )
    return components


def _fees(record: dict[str, Any]) -> list[FeeData]:
    fees = []
    for index, item in enumerate(_list(record, "fees"), 1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise RecordError(f"fee {index} has no name")
        amount = item.get("amount_vnd")
        if amount is not None and (not isinstance(amount, int) or isinstance(amount, bool) or amount < 0):
            raise RecordError(f"fee {index}: amount_vnd must be a whole number of VND or null")
        fees.append(FeeData(name=nfc(item["name"]), amount_vnd=amount, note=nfc(item.get("note") or "")))
    return fees


def content_from_record(record: Any) -> tuple[str, VersionContent]:
    """Validate one reference record and turn it into version content; raises RecordError."""
    if not isinstance(record, dict):
        raise RecordError("a record must be a JSON object")
    code = _text(record, "code")
    if not CODE_RE.match(code):
        raise RecordError(f"'code' {code!r} is not a national procedure code like 1.001193")
    name = _text(record, "name")
    field_name = _text(record, "field")
    if not name:
        raise RecordError("'name' is missing")
    if not field_name:
        raise RecordError("'field' is missing")
    unit = record.get("time_limit_unit")
    value = record.get("time_limit_value")
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        raise RecordError("'time_limit_value' must be a whole number or null")
    limit_unit = LIMIT_UNITS.get(unit or "", "")
    if limit_unit in {LimitUnit.SAME_DAY, ""}:
        value = None
    channels: list[str] = []
    for channel in _list(record, "submission_channels"):
        mapped = CHANNEL_NAMES.get(str(channel).strip().lower())
        if mapped is None:
            raise RecordError(f"unknown submission channel {channel!r}")
        channels.append(mapped)
    online_text = _text(record, "online_level").lower()
    if online_text and online_text not in ONLINE_LEVELS:
        raise RecordError(f"unknown online level {online_text!r}")
    content = VersionContent(
        name=name,
        field_name=field_name,
        levels=_levels(_text(record, "level")),
        channels=channels,
        online_level=ONLINE_LEVELS.get(online_text, ""),
        time_limit_value=value,
        time_limit_unit=limit_unit,
        time_limit_text=_text(record, "time_limit_text"),
        time_limit_by_channel=_list(record, "time_limit_by_channel"),
        result_name=_text(record, "result"),
        applicants=_text(record, "applicants"),
        agency_text=_text(record, "agency"),
        legal_basis=[nfc(str(item)) for item in _list(record, "legal_basis")],
        legal_basis_text=_text(record, "legal_basis_raw"),
        publication_decision=_text(record, "decision"),
        source_url=_text(record, "source")[:500],
        components=_components(record),
        fees=_fees(record),
    )
    content.steps = default_steps(
        time_limit_value=content.time_limit_value, time_limit_unit=content.time_limit_unit
    )
    return code, content


def procedures_import(*, records: list[Any], actor: Any = None) -> CatalogImportReport:
    """Import reference records; unchanged procedures are left alone, changed ones get a new version."""
    report = CatalogImportReport()
    for position, record in enumerate(records, 1):
        code = str(record.get("code", "")) if isinstance(record, dict) else ""
        try:
            code, content = content_from_record(record)
            current = ProcedureVersion.objects.filter(procedure__code=code, effective_to__isnull=True).first()
            record_hash = content.content_hash()
            # Compare with what was last imported, so an administrator's completion survives a re-import.
            if current is not None and current.source_hash == record_hash:
                report.unchanged += 1
                continue
            with transaction.atomic():
                version = procedure_version_create(
                    actor=actor, code=code, content=content, source_hash=record_hash
                )
        except (RecordError, ValidationError) as error:
            message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            report.problems.append(RecordProblem(position=position, code=code, message=message))
            continue
        if current is None:
            report.created += 1
        else:
            report.revised += 1
        if version.missing_fields:
            report.incomplete += 1
    return report


def load_records(path: Path) -> list[Any]:
    """Read a JSON list of records; raises ValueError with a readable message."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"cannot read {path}: {error}") from error
    if not isinstance(data, list):
        raise ValueError(f"{path} must hold a JSON list of procedure records")
    return data
