"""Two years of invented history for the demo, so its dashboards rank something from the first visit."""

import json
from datetime import datetime, time, timedelta

from django.utils import timezone

from onestop.catalog.models import ProcedureAssignment
from onestop.demo.loader import REFORM_DAY
from onestop.indicators.constants import RecordSource
from onestop.indicators.generator import generated_records
from onestop.indicators.models import DossierRecord
from onestop.indicators.services import ImportReport, records_import
from onestop.organizations.models import AdministrativeUnit
from onestop.workdays.selectors import calendar_for_unit


def demo_history_load(*, province_code: str = "31", count: int = 6000) -> ImportReport | None:
    """Import ``count`` records for the province's communes over the last year, and a tenth as many for
    the pre-reform communes before July 2025. Nothing when the demo already has imported history."""
    if DossierRecord.objects.filter(source=RecordSource.IMPORT).exists():
        return None
    province = AdministrativeUnit.objects.get(code=province_code, valid_to__isnull=True)
    communes = list(province.children.filter(valid_to__isnull=True).values_list("code", flat=True))
    old_communes = list(
        AdministrativeUnit.objects.filter(level="commune", valid_to__lt=REFORM_DAY).values_list(
            "code", flat=True
        )
    )
    procedures = sorted(
        set(
            ProcedureAssignment.objects.filter(unit__parent=province).values_list(
                "procedure__code", flat=True
            )
        )
    )[:40]
    if not procedures:
        return None
    tz = timezone.get_current_timezone()
    calendar = calendar_for_unit(unit=province)
    today = timezone.localdate()
    lines = [
        json.dumps(record, ensure_ascii=False)
        for record in generated_records(
            unit_codes=communes,
            procedure_codes=procedures,
            count=count,
            first=datetime.combine(today - timedelta(days=365), time.min, tzinfo=tz),
            last=datetime.combine(today - timedelta(days=1), time.max, tzinfo=tz),
            calendar=calendar,
        )
    ]
    if old_communes:
        lines += [
            json.dumps(record, ensure_ascii=False)
            for record in generated_records(
                unit_codes=old_communes,
                procedure_codes=procedures,
                count=count // 10,
                first=datetime.combine(REFORM_DAY - timedelta(days=365), time.min, tzinfo=tz),
                last=datetime.combine(REFORM_DAY - timedelta(days=1), time.max, tzinfo=tz),
                calendar=calendar,
                seed=2025,
                prefix="LSCU",
            )
        ]
    return records_import(lines=lines, file_name="demo-history.jsonl")
