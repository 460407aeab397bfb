"""The demo's catalog: the bundled reference procedures, assigned to the demo units and agencies.

Procedures the demo uses whose time limit (or channels) was not published are completed with invented
values, recorded in the version's ``demo_values``.
"""

from dataclasses import replace

from django.db import transaction

from onestop.catalog.constants import ImplementingLevel, OnlineLevel
from onestop.catalog.content import default_steps
from onestop.catalog.importing import BUNDLED_CATALOG, load_records, procedures_import
from onestop.catalog.models import Procedure
from onestop.catalog.selectors import content_from_version, version_in_force
from onestop.catalog.services import procedure_assign, procedure_version_create
from onestop.organizations.constants import AgencyKind, UnitLevel
from onestop.organizations.models import AdministrativeUnit, Agency
from onestop.workdays.constants import LimitUnit

# Procedures the demo shows and uses, with a demo time limit for those published without one.
DEMO_PROCEDURES: dict[str, tuple[int, str] | None] = {
    "1.001193": None,  # đăng ký khai sinh (same day)
    "1.000656": None,  # đăng ký khai tử
    "1.000894": None,  # đăng ký kết hôn
    "2.000635": None,  # bản sao trích lục hộ tịch
    "2.000815": None,  # chứng thực bản sao
    "2.000884": None,  # chứng thực chữ ký
    "2.000986": None,  # liên thông khai sinh, thường trú (20 working days)
    "2.000720": None,  # thay đổi đăng ký hộ kinh doanh
    "1.001022": (3, LimitUnit.WORKING_DAYS),  # nhận cha, mẹ, con: portal shows no unit
    "1.013978": (20, LimitUnit.WORKING_DAYS),  # cấp GCN lần đầu: limit differs by channel
}


@transaction.atomic
def load_demo_catalog(*, province: AdministrativeUnit, only: set[str] | None = None) -> int:
    """Import the bundled catalog (or ``only`` those codes), assign every procedure in the demo province,
    complete the demo ones."""
    records = load_records(BUNDLED_CATALOG)
    if only is not None:
        records = [record for record in records if record.get("code") in only]
    procedures_import(records=records)
    city = Agency.objects.get(unit=province, kind=AgencyKind.PEOPLES_COMMITTEE)
    committees = {
        agency.unit_id: agency
        for agency in Agency.objects.filter(
            unit__parent=province, unit__level=UnitLevel.COMMUNE, kind=AgencyKind.PEOPLES_COMMITTEE
        )
    }
    for procedure in Procedure.objects.all():
        version = version_in_force(procedure=procedure)
        if version is None:
            continue
        if ImplementingLevel.COMMUNE in version.levels:
            for agency in committees.values():
                procedure_assign(actor=None, procedure=procedure, unit=agency.unit, agency=agency)
        else:
            procedure_assign(actor=None, procedure=procedure, unit=province, agency=city)
    for code, demo_limit in DEMO_PROCEDURES.items():
        if only is None or code in only:
            _complete(code=code, demo_limit=demo_limit)
    return Procedure.objects.count()


def _complete(*, code: str, demo_limit: tuple[int, str] | None) -> None:
    version = version_in_force(procedure=Procedure.objects.get(code=code))
    if version is None or version.demo_values:
        return
    content = content_from_version(version)
    demo_values: list[str] = []
    if "time_limit" in version.missing_fields and demo_limit is not None:
        value, unit = demo_limit
        content = replace(content, time_limit_value=value, time_limit_unit=unit)
        content.steps = default_steps(time_limit_value=value, time_limit_unit=unit)
        demo_values.append("time_limit")
    if not content.online_level and "online" in content.channels:
        content = replace(content, online_level=OnlineLevel.FULL)
        demo_values.append("online_level")
    if demo_values:
        content = replace(content, demo_values=demo_values)
        procedure_version_create(
            actor=None, code=code, content=content, effective_from=version.effective_from
        )
