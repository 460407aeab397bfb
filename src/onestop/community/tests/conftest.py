"""Builders for community tests: Ninh Giang with villages, helpers of two communes, helped dossiers."""

from collections.abc import Callable, Iterator
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine

from onestop.accounts.models import User
from onestop.catalog.models import Procedure
from onestop.catalog.selectors import version_in_force
from onestop.community.constants import ConsentMethod
from onestop.community.demo import demo_villages
from onestop.community.models import Village
from onestop.community.selectors import consent_for
from onestop.community.services import helped_dossier_record, helper_register_citizen
from onestop.dossiers.constants import ChannelCode, SubmitterKind
from onestop.dossiers.models import Dossier
from onestop.dossiers.services import ApplicantData, ComponentIntake, SubmitterData, dossier_create
from onestop.organizations.constants import Role
from onestop.organizations.models import AdministrativeUnit, Desk
from onestop.organizations.services import staff_post_create
from onestop.workdays.constants import TZ

MONDAY_MORNING = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
PROCEDURE = "1.001193"  # birth registration, taken at the commune


@pytest.fixture(autouse=True)
def _working_monday() -> Iterator[None]:
    with time_machine.travel(MONDAY_MORNING, tick=True):
        yield


def _helper_at(commune: AdministrativeUnit, username: str, full_name: str) -> User:
    user = User.objects.create_user(username=username, full_name=full_name, password="x-unused-pass")
    staff_post_create(
        actor=None, user=user, role=Role.COMMUNITY_HELPER, unit=commune, valid_from=date(2025, 7, 1)
    )
    return user


@pytest.fixture
def place(demo_few: object) -> SimpleNamespace:
    ninh_giang = AdministrativeUnit.objects.get(code="11203", valid_to__isnull=True)
    tan_an = AdministrativeUnit.objects.get(code="11167", valid_to__isnull=True)
    dong, tay, trung_tam = demo_villages(commune=ninh_giang)
    return SimpleNamespace(
        ninh_giang=ninh_giang,
        tan_an=tan_an,
        dong=dong,
        tay=tay,
        trung_tam=trung_tam,
        tan_an_village=Village.objects.create(commune=tan_an, name="Thôn Bắc"),
        helper=User.objects.get(username="totcn.ninhgiang"),
        second_helper=_helper_at(ninh_giang, "totcn2.ninhgiang", "Hoàng Thị Thu"),
        other_helper=_helper_at(tan_an, "totcn.tanan", "Lý Văn Sơn"),
        desk=User.objects.get(username="motcua.ninhgiang"),
        admin=User.objects.get(username="quantri.ninhgiang"),
        specialist=User.objects.get(username="tuphap.ninhgiang"),
        other_desk=User.objects.get(username="motcua.tanan"),
        inspector=User.objects.get(username="thanhtra.haiphong"),
        desk_place=Desk.objects.get(name="Trung tâm Phục vụ hành chính công Xã Ninh Giang"),
    )


@pytest.fixture
def register(place: SimpleNamespace) -> Callable[..., User]:
    """A citizen registered by a helper (the demo helper in Thôn Đông unless told otherwise)."""
    counter = iter(range(100))

    def build(*, helper: User | None = None, **extra: Any) -> User:
        number = next(counter)
        fields: dict[str, Any] = {
            "full_name": f"Người Dân {number}",
            "personal_id": f"0310900{number:05d}",
            "phone": f"09880{number:05d}",
            "consent_method": ConsentMethod.IN_PERSON_SIGNED,
            "village": place.dong,
            **extra,
        }
        return helper_register_citizen(helper=helper or place.helper, **fields)

    return build


@pytest.fixture
def helped_dossier(place: SimpleNamespace) -> Callable[..., Dossier]:
    """An online dossier ``helper`` submits for ``citizen`` at the Ninh Giang desk, recorded as helped."""
    version = version_in_force(procedure=Procedure.objects.get(code=PROCEDURE))
    assert version is not None

    def build(*, helper: User, citizen: User, record: bool = True) -> Dossier:
        dossier = dossier_create(
            actor=helper,
            desk=place.desk_place,
            version=version,
            applicant=ApplicantData(
                name=citizen.full_name, id_number=citizen.personal_id, phone=citizen.phone, account=citizen
            ),
            channel=ChannelCode.ONLINE,
            components=[ComponentIntake(component=c) for c in version.components.order_by("position")[:1]],
            submitter=SubmitterData(
                kind=SubmitterKind.HELPER, name=helper.full_name, id_number=helper.personal_id, account=helper
            ),
        )
        if record:
            helped_dossier_record(
                helper=helper, dossier=dossier, consent=consent_for(helper=helper, citizen=citizen)
            )
        return dossier

    return build
