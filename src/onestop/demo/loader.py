"""The built-in demo: Hải Phòng with a few communes, its centres, agencies and staff for every role.

Unit codes and names are real (Decision 19/2025); agency identifiers, people and addresses are invented
and marked as demo values. Loading is idempotent: a second run changes nothing.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from onestop.accounts.models import User
from onestop.accounts.services import demo_totp_device
from onestop.community.demo import demo_villages
from onestop.demo.catalog import load_demo_catalog
from onestop.organizations.constants import AgencyKind, DeskKind, Role, UnitLevel
from onestop.organizations.models import AdministrativeUnit, Agency, Desk, StaffPost
from onestop.organizations.services import (
    agency_save,
    desk_save,
    staff_post_create,
    unit_link_successor,
    unit_upsert,
)

REFORM_DAY = date(2025, 7, 1)
LAST_DAY_BEFORE_REFORM = date(2025, 6, 30)
DEMO_PASSWORD = "demo-onestop-2026"  # noqa: S105 - published demo credential

PROVINCE = ("31", "Thành phố Hải Phòng", "thành phố trung ương")
COMMUNES = [
    ("11203", "Xã Ninh Giang", "xã"),
    ("11224", "Xã Khúc Thừa Dụ", "xã"),
    ("11167", "Xã Tân An", "xã"),
    ("10525", "Phường Hải Dương", "phường"),
    ("11311", "Phường Hồng Bàng", "phường"),
    ("11914", "Đặc khu Cát Hải", "đặc khu"),
]
LEGACY_PROVINCES = [("30", "Tỉnh Hải Dương", "tỉnh"), ("31", "Thành phố Hải Phòng", "thành phố trung ương")]
LEGACY_DISTRICT = ("299", "Huyện Ninh Giang", "huyện", "30")
# The four old communes of Ninh Giang district that merged into today's Xã Ninh Giang.
LEGACY_COMMUNES = [
    ("11185", "Xã Vĩnh Hòa", "xã"),
    ("11203", "Thị trấn Ninh Giang", "thị trấn"),
    ("11215", "Xã Hồng Dụ", "xã"),
    ("11227", "Xã Hiệp Lực", "xã"),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str
    place: str


@dataclass(frozen=True)
class DemoResult:
    logins: list[DemoLogin]
    units: int
    agencies: int
    desks: int
    posts: int
    procedures: int


def _units() -> tuple[AdministrativeUnit, dict[str, AdministrativeUnit]]:
    province = unit_upsert(
        actor=None,
        code=PROVINCE[0],
        name=PROVINCE[1],
        level=UnitLevel.PROVINCE,
        division_type=PROVINCE[2],
        valid_from=REFORM_DAY,
    )
    communes = {
        code: unit_upsert(
            actor=None,
            code=code,
            name=name,
            level=UnitLevel.COMMUNE,
            division_type=kind,
            parent=province,
            valid_from=REFORM_DAY,
        )
        for code, name, kind in COMMUNES
    }
    old_provinces = {
        code: unit_upsert(
            actor=None,
            code=code,
            name=name,
            level=UnitLevel.PROVINCE,
            division_type=kind,
            valid_to=LAST_DAY_BEFORE_REFORM,
        )
        for code, name, kind in LEGACY_PROVINCES
    }
    for old in old_provinces.values():
        unit_link_successor(actor=None, predecessor=old, successor=province)
    code, name, kind, province_code = LEGACY_DISTRICT
    district = unit_upsert(
        actor=None,
        code=code,
        name=name,
        level=UnitLevel.DISTRICT,
        division_type=kind,
        parent=old_provinces[province_code],
        valid_to=LAST_DAY_BEFORE_REFORM,
    )
    ninh_giang = communes["11203"]
    unit_link_successor(actor=None, predecessor=district, successor=province)
    unit_link_successor(actor=None, predecessor=district, successor=ninh_giang, partial=True)
    for code, name, kind in LEGACY_COMMUNES:
        old_commune = unit_upsert(
            actor=None,
            code=code,
            name=name,
            level=UnitLevel.COMMUNE,
            division_type=kind,
            parent=district,
            valid_to=LAST_DAY_BEFORE_REFORM,
        )
        unit_link_successor(actor=None, predecessor=old_commune, successor=ninh_giang)
    return province, communes


def _agencies_and_desks(
    province: AdministrativeUnit, communes: dict[str, AdministrativeUnit]
) -> dict[str, Agency | Desk]:
    places: dict[str, Agency | Desk] = {}
    city = agency_save(
        actor=None,
        e_id="H31",
        name="UBND thành phố Hải Phòng",
        kind=AgencyKind.PEOPLES_COMMITTEE,
        unit=province,
    )
    places["city"] = city
    centre = agency_save(
        actor=None,
        e_id="H31.22",
        name="Trung tâm Phục vụ hành chính công thành phố Hải Phòng",
        kind=AgencyKind.SERVICE_CENTRE,
        unit=province,
        parent=city,
    )
    places["justice"] = agency_save(
        actor=None,
        e_id="H31.10",
        name="Sở Tư pháp thành phố Hải Phòng",
        kind=AgencyKind.DEPARTMENT,
        unit=province,
        parent=city,
    )
    main_desk = desk_save(
        actor=None,
        name="Trung tâm Phục vụ hành chính công thành phố Hải Phòng",
        kind=DeskKind.PROVINCIAL_CENTRE,
        unit=province,
        agency=centre,
        address="(demo) Số 18 Hoàng Diệu, Phường Hồng Bàng, Hải Phòng",
    )
    places["provincial_desk"] = main_desk
    desk_save(
        actor=None,
        name="Chi nhánh Hải Dương — Trung tâm Phục vụ hành chính công",
        kind=DeskKind.BRANCH,
        unit=province,
        agency=centre,
        parent=main_desk,
        address="(demo) Phường Hải Dương, Hải Phòng",
    )
    for index, (code, commune) in enumerate(sorted(communes.items()), start=1):
        committee = agency_save(
            actor=None,
            e_id=f"H31.{50 + index:02d}",
            name=f"UBND {commune.name}",
            kind=AgencyKind.PEOPLES_COMMITTEE,
            unit=commune,
            parent=city,
        )
        commune_centre = agency_save(
            actor=None,
            e_id=f"H31.{50 + index:02d}.01",
            name=f"Trung tâm Phục vụ hành chính công {commune.name}",
            kind=AgencyKind.SERVICE_CENTRE,
            unit=commune,
            parent=committee,
        )
        places[f"committee:{code}"] = committee
        places[f"desk:{code}"] = desk_save(
            actor=None,
            name=f"Trung tâm Phục vụ hành chính công {commune.name}",
            kind=DeskKind.COMMUNE_CENTRE,
            unit=commune,
            agency=commune_centre,
            address=f"(demo) Trụ sở UBND {commune.name}",
        )
    return places


# username, full name, role, place key (agency/desk) or unit code, title
STAFF = [
    ("motcua.ninhgiang", "Nguyễn Thị Lan", Role.DESK_OFFICER, "desk:11203", "Công chức Một cửa"),
    ("tuphap.ninhgiang", "Trần Văn Minh", Role.SPECIALIST, "committee:11203", "Công chức Tư pháp - Hộ tịch"),
    ("chutich.ninhgiang", "Phạm Quốc Hùng", Role.AGENCY_LEADER, "committee:11203", "Chủ tịch UBND xã"),
    ("quantri.ninhgiang", "Lê Thu Hà", Role.UNIT_ADMIN, "unit:11203", "Quản trị hệ thống xã"),
    ("totcn.ninhgiang", "Đỗ Mạnh Cường", Role.COMMUNITY_HELPER, "unit:11203", "Tổ công nghệ số cộng đồng"),
    ("motcua.tanan", "Vũ Thị Hoa", Role.DESK_OFFICER, "desk:11167", "Công chức Một cửa"),
    ("motcua.haiphong", "Hoàng Văn Nam", Role.DESK_OFFICER, "provincial_desk", "Chuyên viên Trung tâm PVHCC"),
    ("thanhtra.haiphong", "Bùi Thị Mai", Role.INSPECTOR, "unit:31", "Thanh tra viên"),
    ("quantri.haiphong", "Ngô Đức Anh", Role.SYSTEM_ADMIN, "unit:31", "Quản trị hệ thống"),
]
CITIZEN = ("0912345678", "Nguyễn Văn An", "031090001234")


def _user(username: str, full_name: str, *, staff_admin: bool = False) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=full_name)
        user.set_password(DEMO_PASSWORD)
    user.full_name = full_name
    user.is_staff = staff_admin
    user.is_superuser = staff_admin
    user.save()
    return user


@transaction.atomic
def load_demo(*, with_catalog: bool = True, only_procedures: set[str] | None = None) -> DemoResult:
    province, communes = _units()
    places = _agencies_and_desks(province, communes)
    units_by_code = {province.code: province, **communes}
    logins: list[DemoLogin] = []
    for username, full_name, role, place_key, title in STAFF:
        user = _user(username, full_name, staff_admin=role == Role.SYSTEM_ADMIN)
        demo_totp_device(user=user, key_hex=settings.ONESTOP_DEMO_TOTP_KEY)
        place: Agency | Desk | AdministrativeUnit
        if place_key.startswith("unit:"):
            place = units_by_code[place_key.removeprefix("unit:")]
        else:
            place = places[place_key]
        if not StaffPost.objects.filter(user=user, role=role).exists():
            staff_post_create(
                actor=None,
                user=user,
                role=role,
                valid_from=REFORM_DAY,
                agency=place if isinstance(place, Agency) else None,
                desk=place if isinstance(place, Desk) else None,
                unit=place if isinstance(place, AdministrativeUnit) else None,
                title=title,
            )
        logins.append(
            DemoLogin(username=username, full_name=full_name, role=str(role.label), place=str(place))
        )
    phone, full_name, personal_id = CITIZEN
    citizen = _user(phone, full_name)
    if not citizen.personal_id:
        citizen.personal_id = personal_id
        citizen.phone = phone
    # The demo citizen confirmed the phone when registering, so the demo can apply online at once.
    citizen.contact_verified_at = citizen.contact_verified_at or timezone.now()
    citizen.email = citizen.email or "nguyenvanan@example.vn"
    citizen.save()
    logins.append(
        DemoLogin(
            username=phone, full_name=full_name, role=str(Role.CITIZEN.label), place=communes["11203"].name
        )
    )
    demo_villages(commune=communes["11203"])
    procedures = load_demo_catalog(province=province, only=only_procedures) if with_catalog else 0
    return DemoResult(
        procedures=procedures,
        logins=logins,
        units=AdministrativeUnit.objects.count(),
        agencies=Agency.objects.count(),
        desks=Desk.objects.count(),
        posts=StaffPost.objects.count(),
    )
