"""Reference data of the benchmark database, written through Django: units, agencies, desks, procedure
assignments for all 34 provinces and 3,321 communes, the demo's catalog and PKI, and the bench accounts.

Runs once per schema into a template database (see ``database.py``); every run clones the template.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.management import call_command

REFORM_DAY = date(2025, 7, 1)
BENCH_PROVINCE = "31"  # Hải Phòng: the demo's province, with its staff, catalog and signing certificates
B4_USERS = 16


def units_load() -> str:
    """All units in force: the real list from ``vietnam-provinces`` when installed, else a synthetic one."""
    try:
        import vietnam_provinces  # noqa: F401
    except ImportError:
        _synthetic_units()
        return "synthetic (vietnam-provinces not installed)"
    call_command("import_units", verbosity=0)
    return "vietnam-provinces"


def _synthetic_units() -> None:
    """34 provinces with valid 2-digit codes and 3,321 communes with 5-digit codes, spread unevenly."""
    from onestop.core.text import fold
    from onestop.organizations.constants import UnitLevel
    from onestop.organizations.models import AdministrativeUnit

    province_codes = [f"{code:02d}" for code in sorted({*range(1, 97, 3), 2, 8})]
    provinces = []
    for index, code in enumerate(sorted(set(province_codes))):
        name = f"Tỉnh Thử nghiệm {index + 1}"
        provinces.append(
            AdministrativeUnit(
                code=code,
                name=name,
                name_folded=fold(name),
                level=UnitLevel.PROVINCE,
                division_type="tỉnh",
                valid_from=REFORM_DAY,
            )
        )
    AdministrativeUnit.objects.bulk_create(provinces, ignore_conflicts=True)
    provinces = list(AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, valid_to__isnull=True))
    weights = [1 + (index * 7) % 5 for index in range(len(provinces))]
    communes = []
    counter = 0
    total = 3321
    for index, province in enumerate(provinces):
        share = (
            total - counter if index == len(provinces) - 1 else round(total * weights[index] / sum(weights))
        )
        for _number in range(share):
            counter += 1
            code = f"{counter * 3:05d}"
            name = f"Xã Thử nghiệm {counter}"
            communes.append(
                AdministrativeUnit(
                    code=code,
                    name=name,
                    name_folded=fold(name),
                    level=UnitLevel.COMMUNE,
                    division_type="xã",
                    parent=province,
                    valid_from=REFORM_DAY,
                )
            )
    AdministrativeUnit.objects.bulk_create(communes, ignore_conflicts=True, batch_size=2000)


def organisation_load() -> dict[str, int]:
    """A People's Committee, a service centre and a one-stop desk for every province and commune in force;
    every procedure in force assigned to the level that handles it."""
    from onestop.catalog.constants import ImplementingLevel
    from onestop.catalog.models import ProcedureAssignment, ProcedureVersion
    from onestop.organizations.constants import AgencyKind, DeskKind, UnitLevel
    from onestop.organizations.models import AdministrativeUnit, Agency, Desk

    units = AdministrativeUnit.objects.filter(valid_to__isnull=True)
    provinces = {u.pk: u for u in units.filter(level=UnitLevel.PROVINCE)}
    communes = list(units.filter(level=UnitLevel.COMMUNE).order_by("code"))
    existing = {a.e_id for a in Agency.objects.all()}
    agencies: list[Agency] = []
    for province in provinces.values():
        for suffix, kind, label in (
            ("", AgencyKind.PEOPLES_COMMITTEE, "UBND"),
            (".22", AgencyKind.SERVICE_CENTRE, "Trung tâm Phục vụ hành chính công"),
        ):
            e_id = f"H{province.code}{suffix}"
            if e_id not in existing:
                agencies.append(Agency(e_id=e_id, name=f"{label} {province.name}", kind=kind, unit=province))
    Agency.objects.bulk_create(agencies)
    province_committee = {
        a.unit_id: a for a in Agency.objects.filter(kind=AgencyKind.PEOPLES_COMMITTEE, unit__in=provinces)
    }
    province_centre = {
        a.unit_id: a
        for a in Agency.objects.filter(
            kind=AgencyKind.SERVICE_CENTRE, unit__in=provinces, e_id__endswith=".22"
        )
    }
    has_committee = set(
        Agency.objects.filter(kind=AgencyKind.PEOPLES_COMMITTEE, unit__level=UnitLevel.COMMUNE).values_list(
            "unit_id", flat=True
        )
    )
    agencies = []
    per_province: dict[int, int] = {}
    for commune in communes:
        number = per_province.get(commune.parent_id or 0, 0)
        per_province[commune.parent_id or 0] = number + 1
        if commune.pk in has_committee:
            continue
        province = provinces[commune.parent_id or 0]
        group = f"H{province.code}.9{number // 100}.{number % 100:02d}"
        parent = province_committee[province.pk]
        agencies.append(
            Agency(
                e_id=group,
                name=f"UBND {commune.name}",
                kind=AgencyKind.PEOPLES_COMMITTEE,
                unit=commune,
                parent=parent,
            )
        )
        agencies.append(
            Agency(
                e_id=f"{group}.01",
                name=f"Trung tâm Phục vụ hành chính công {commune.name}",
                kind=AgencyKind.SERVICE_CENTRE,
                unit=commune,
            )
        )
    Agency.objects.bulk_create(agencies, batch_size=2000)
    has_desk = set(Desk.objects.values_list("unit_id", flat=True))
    centres = {
        a.unit_id: a
        for a in Agency.objects.filter(kind=AgencyKind.SERVICE_CENTRE).order_by("-e_id")
        if a.unit_id not in provinces
    }
    desks = [
        Desk(
            name=f"Trung tâm Phục vụ hành chính công {province.name}",
            kind=DeskKind.PROVINCIAL_CENTRE,
            unit=province,
            agency=province_centre[province.pk],
        )
        for province in provinces.values()
        if province.pk not in has_desk
    ]
    desks += [
        Desk(
            name=f"Trung tâm Phục vụ hành chính công {commune.name}",
            kind=DeskKind.COMMUNE_CENTRE,
            unit=commune,
            agency=centres[commune.pk],
        )
        for commune in communes
        if commune.pk not in has_desk
    ]
    Desk.objects.bulk_create(desks, batch_size=2000)
    committees = {
        a.unit_id: a
        for a in Agency.objects.filter(kind=AgencyKind.PEOPLES_COMMITTEE, unit__level=UnitLevel.COMMUNE)
    }
    assignments: list[ProcedureAssignment] = []
    for version in ProcedureVersion.objects.filter(effective_to__isnull=True).select_related("procedure"):
        if ImplementingLevel.COMMUNE in version.levels:
            assignments += [
                ProcedureAssignment(procedure=version.procedure, unit_id=unit_id, agency=agency)
                for unit_id, agency in committees.items()
            ]
        assignments += [
            ProcedureAssignment(procedure=version.procedure, unit_id=unit_id, agency=agency)
            for unit_id, agency in province_committee.items()
        ]
    ProcedureAssignment.objects.bulk_create(assignments, batch_size=5000, ignore_conflicts=True)
    return {
        "provinces": len(provinces),
        "communes": len(communes),
        "agencies": Agency.objects.count(),
        "desks": Desk.objects.count(),
        "assignments": ProcedureAssignment.objects.count(),
    }


def _staff(username: str, *, full_name: str, role: str, desk: Any = None, unit: Any = None) -> Any:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from onestop.accounts.models import User
    from onestop.organizations.models import StaffPost

    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=full_name)
        user.set_unusable_password()
        user.save()
        TOTPDevice.objects.create(user=user, name="bench", key=secrets.token_hex(20), confirmed=True)
        StaffPost.objects.create(
            user=user,
            role=role,
            unit=desk.unit if desk is not None else unit,
            desk=desk,
            title="Benchmark",
            valid_from=REFORM_DAY,
        )
    return user


def accounts_load() -> None:
    """The bench accounts: the API client's service account (desk officer of the bench province's centre,
    which covers all its communes), one desk officer per province for B4, and a citizen for B3."""
    from onestop.accounts.models import User
    from onestop.organizations.constants import DeskKind, Role
    from onestop.organizations.models import Desk

    centres = list(
        Desk.objects.filter(kind=DeskKind.PROVINCIAL_CENTRE, parent__isnull=True)
        .select_related("unit")
        .order_by("unit__code")
    )
    bench = next(d for d in centres if d.unit.code == BENCH_PROVINCE)
    _staff("bench.api", full_name="Cổng dịch vụ công (benchmark)", role=Role.DESK_OFFICER, desk=bench)
    others = [bench, *[d for d in centres if d.pk != bench.pk]]
    for index, desk in enumerate(others[:B4_USERS]):
        _staff(f"bench.desk{index:02d}", full_name=f"Một cửa {index:02d}", role=Role.DESK_OFFICER, desk=desk)
    if not User.objects.filter(username="bench.citizen").exists():
        citizen = User(
            username="bench.citizen",
            full_name="Nguyễn Văn Thử",
            personal_id="031099000001",
            phone="0900000001",
        )
        citizen.set_unusable_password()
        citizen.save()


def reference_load() -> dict[str, Any]:
    """Everything a run needs before the generated dossiers; idempotent."""
    from onestop.demo.loader import load_demo
    from onestop.signing.demo import demo_pki_setup

    source = units_load()
    load_demo()
    demo_pki_setup()
    counts = organisation_load()
    accounts_load()
    return {"units_source": source, **counts}


@dataclass
class Credentials:
    api_key: str
    b4_sessions: list[str] = field(default_factory=list)
    citizen_session: str = ""
    csrf: str = ""


def _session_for(user: Any) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:  # staff: the second factor passed, as after the verify page
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return str(session.session_key)


def credentials_create() -> Credentials:
    """Fresh API key and sessions for this run (the template may be older than the session lifetime)."""
    from onestop.accounts.models import User
    from onestop.api.clients import api_client_create

    service = User.objects.get(username="bench.api")
    _client, key = api_client_create(name="benchmark portal", account=service)
    desks = User.objects.filter(username__startswith="bench.desk").order_by("username")
    return Credentials(
        api_key=key,
        b4_sessions=[_session_for(user) for user in desks],
        citizen_session=_session_for(User.objects.get(username="bench.citizen")),
        csrf=secrets.token_hex(16),
    )
