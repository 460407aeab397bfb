"""Importing administrative units from the optional vietnam-provinces package."""

import datetime as dt
import sys
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from pytest_django import DjangoDbBlocker

from onestop.core.models import AuditEvent
from onestop.organizations.constants import UnitLevel
from onestop.organizations.models import AdministrativeUnit, UnitSuccession
from onestop.organizations.unit_import import ImportReport, units_import_from_package

pytest.importorskip(
    "vietnam_provinces", reason="the optional 'provinces' extra (vietnam-provinces) is missing"
)

REFORM_DATE = dt.date(2025, 7, 1)
LEGACY_END = dt.date(2025, 6, 30)


@pytest.fixture(scope="module")
def imported(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[ImportReport]:
    """Import once per module, in a transaction rolled back at the end so other modules see no units."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield units_import_from_package()
        transaction.set_rollback(True)


def in_force(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code, valid_to__isnull=True)


def legacy(code: str, level: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code, level=level, valid_to=LEGACY_END)


def successor_links(unit: AdministrativeUnit) -> dict[tuple[str, str], bool]:
    return {
        (link.successor.level, link.successor.code): link.partial
        for link in unit.succession_links_out.select_related("successor")
    }


def unit_counts() -> tuple[int, int]:
    return AdministrativeUnit.objects.count(), UnitSuccession.objects.count()


@pytest.mark.smoke
@pytest.mark.django_db
def test_all_34_provinces_and_3321_communes_in_force_are_loaded(imported: ImportReport) -> None:
    current = AdministrativeUnit.objects.filter(valid_to__isnull=True)
    assert current.filter(level=UnitLevel.PROVINCE).count() == 34
    assert current.filter(level=UnitLevel.COMMUNE).count() == 3321
    assert not current.filter(level=UnitLevel.DISTRICT).exists()
    assert not current.exclude(valid_from=REFORM_DATE).exists()
    communes = current.filter(level=UnitLevel.COMMUNE)
    assert not communes.exclude(parent__level=UnitLevel.PROVINCE, parent__valid_to__isnull=True).exists()
    assert (imported.provinces_created, imported.communes_created) == (34, 3321)


@pytest.mark.django_db
def test_pre_reform_provinces_districts_and_communes_end_on_30_june_2025(imported: ImportReport) -> None:
    old = AdministrativeUnit.objects.filter(valid_to=LEGACY_END, valid_from__isnull=True)
    assert old.filter(level=UnitLevel.PROVINCE).count() == 63
    assert old.filter(level=UnitLevel.DISTRICT).count() == 696
    assert old.filter(level=UnitLevel.COMMUNE).count() == imported.legacy_communes_created > 10_000
    assert not old.filter(level=UnitLevel.DISTRICT).exclude(parent__in=old.filter(level="province")).exists()
    assert not old.filter(level=UnitLevel.COMMUNE).exclude(parent__in=old.filter(level="district")).exists()


@pytest.mark.django_db
def test_codes_are_padded_and_names_folded(imported: ImportReport) -> None:
    hanoi = in_force("01")
    assert hanoi.level == UnitLevel.PROVINCE
    assert in_force("00004").parent == hanoi
    hong_du = legacy("11215", UnitLevel.COMMUNE)
    assert (hong_du.name, hong_du.name_folded, hong_du.division_type) == ("Xã Hồng Dụ", "xa hong du", "xã")


@pytest.mark.django_db
def test_xa_ninh_giang_is_in_force_under_hai_phong_and_succeeds_hong_du_and_the_old_town(
    imported: ImportReport,
) -> None:
    ninh_giang = in_force("11203")
    assert (ninh_giang.name, ninh_giang.level, ninh_giang.division_type) == ("Xã Ninh Giang", "commune", "xã")
    assert (ninh_giang.parent.code, ninh_giang.parent.name) == ("31", "Thành phố Hải Phòng")
    predecessors = ninh_giang.predecessors.filter(level=UnitLevel.COMMUNE)
    assert {(unit.code, unit.name) for unit in predecessors} >= {
        ("11215", "Xã Hồng Dụ"),
        ("11203", "Thị trấn Ninh Giang"),
    }
    old_town = legacy("11203", UnitLevel.COMMUNE)
    assert (old_town.division_type, old_town.parent.code) == ("thị trấn", "299")


@pytest.mark.django_db
def test_old_ninh_giang_district_ended_and_is_succeeded_by_hai_phong(imported: ImportReport) -> None:
    district = legacy("299", UnitLevel.DISTRICT)
    assert (district.name, district.valid_to) == ("Huyện Ninh Giang", LEGACY_END)
    assert (district.parent.code, district.parent.name, district.parent.valid_to) == (
        "30",
        "Tỉnh Hải Dương",
        LEGACY_END,
    )
    links = successor_links(district)
    assert links[(UnitLevel.PROVINCE, "31")] is False
    assert links[(UnitLevel.COMMUNE, "11203")] is True  # the district went to several communes


@pytest.mark.django_db
def test_old_hai_duong_province_is_succeeded_by_new_hai_phong(imported: ImportReport) -> None:
    assert successor_links(legacy("30", UnitLevel.PROVINCE)) == {(UnitLevel.PROVINCE, "31"): False}
    old_hai_phong = legacy("31", UnitLevel.PROVINCE)
    assert old_hai_phong.pk != in_force("31").pk
    assert successor_links(old_hai_phong) == {(UnitLevel.PROVINCE, "31"): False}


@pytest.mark.django_db
def test_old_tien_giang_goes_to_dong_thap_only_despite_the_package_province_table(
    imported: ImportReport,
) -> None:
    # The package's province table also lists Tây Ninh (80), from one commune coded under the wrong province.
    assert successor_links(legacy("82", UnitLevel.PROVINCE)) == {(UnitLevel.PROVINCE, "82"): False}


@pytest.mark.django_db
def test_commune_split_over_several_communes_links_each_as_partial(imported: ImportReport) -> None:
    links = successor_links(legacy("00634", UnitLevel.COMMUNE))  # Phường Đại Mỗ, split five ways
    assert len(links) == 5
    assert all(links.values())


@pytest.mark.django_db
def test_island_district_without_communes_is_succeeded_by_its_special_zone(imported: ImportReport) -> None:
    con_dao = legacy("755", UnitLevel.DISTRICT)
    assert successor_links(con_dao) == {
        (UnitLevel.PROVINCE, "79"): False,
        (UnitLevel.COMMUNE, "26732"): False,
    }
    assert in_force("26732").name == "Đặc khu Côn Đảo"


@pytest.mark.django_db
def test_import_writes_one_summary_audit_row(imported: ImportReport) -> None:
    event = AuditEvent.objects.get(action="units.imported")
    assert event.subject_id == str(in_force("01").pk)
    assert event.after is not None
    assert event.after["communes_created"] == 3321


@pytest.mark.django_db
def test_running_twice_creates_and_changes_nothing(imported: ImportReport) -> None:
    before = unit_counts()
    report = units_import_from_package()
    assert not report.changed
    assert unit_counts() == before
    assert AuditEvent.objects.filter(action="units.imported").count() == 1


@pytest.mark.django_db
def test_running_again_restores_a_changed_name(imported: ImportReport) -> None:
    AdministrativeUnit.objects.filter(pk=in_force("31").pk).update(name="Hải Phòng", name_folded="hai phong")
    before = unit_counts()
    report = units_import_from_package()
    assert report.provinces_updated == 1
    assert report.changed
    assert unit_counts() == before
    hai_phong = in_force("31")
    assert (hai_phong.name, hai_phong.name_folded) == ("Thành phố Hải Phòng", "thanh pho hai phong")


@pytest.mark.django_db
def test_no_legacy_option_loads_only_units_in_force(imported: ImportReport) -> None:
    with connection.cursor() as cursor:  # plain DELETE: the ORM collector takes seconds over 14k units
        for model in (UnitSuccession, AdministrativeUnit):
            cursor.execute("DELETE FROM " + connection.ops.quote_name(model._meta.db_table))  # noqa: S608
    out = StringIO()
    call_command("import_units", "--no-legacy", stdout=out)
    assert not AdministrativeUnit.objects.filter(valid_to__isnull=False).exists()
    assert AdministrativeUnit.objects.count() == 34 + 3321
    assert not UnitSuccession.objects.exists()
    assert "Provinces: 34 created, 0 updated" in out.getvalue()
    assert "Communes: 3321 created, 0 updated" in out.getvalue()
    assert "Legacy" not in out.getvalue()


@pytest.mark.smoke
def test_command_fails_with_install_hint_when_package_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "vietnam_provinces", None)  # makes `import vietnam_provinces` fail
    with pytest.raises(CommandError, match=r"install the 'provinces' extra: uv sync --extra provinces"):
        call_command("import_units")
