"""`onestop search-procedures "QUERY"` prints the ranked procedure codes."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from onestop.catalog.content import VersionContent
from onestop.catalog.services import procedure_version_create
from onestop.demo.loader import DemoResult
from onestop.organizations.constants import UnitLevel
from onestop.organizations.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog() -> None:
    for code, name in [
        ("1.001193", "Thủ tục đăng ký khai sinh"),
        ("1.004884", "Thủ tục đăng ký lại khai sinh"),
        ("1.000894", "Thủ tục đăng ký kết hôn"),
    ]:
        procedure_version_create(
            actor=None, code=code, content=VersionContent(name=name, field_name="Hộ tịch")
        )


def run(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):  # tests match message ids
        call_command("search_procedures", *args, stdout=out)
    return out.getvalue()


@pytest.mark.smoke
def test_json_prints_one_array_of_codes_best_first(catalog: None) -> None:
    assert json.loads(run("dang ky khai sinh", "--json"))[:2] == ["1.001193", "1.004884"]


def test_limit_cuts_the_list(catalog: None) -> None:
    assert len(json.loads(run("dang ky", "--json"))) == 3
    assert len(json.loads(run("dang ky", "--json", "--limit", "1"))) == 1


def test_without_json_prints_a_table_with_rank_code_and_name(catalog: None) -> None:
    lines = run("khai sinh lai").splitlines()

    assert lines[0].split()[:2] == ["1", "1.004884"]
    assert lines[0].endswith("Thủ tục đăng ký lại khai sinh")


def test_no_match_prints_an_empty_array_or_a_message(catalog: None) -> None:
    assert json.loads(run("qwzx", "--json")) == []
    assert run("qwzx").strip() == "No procedure matches."


def test_unit_restricts_the_search(demo_catalog: DemoResult) -> None:
    unit = AdministrativeUnit.objects.create(
        code="99998", name="Xã Mới Lập", name_folded="xa moi lap", level=UnitLevel.COMMUNE
    )

    assert json.loads(run("khai sinh", "--json", "--unit", unit.code)) == []


def test_unknown_unit_is_an_error(catalog: None) -> None:
    with pytest.raises(CommandError, match="99999"):
        run("khai sinh", "--unit", "99999")


@pytest.mark.parametrize("limit", ["0", "101", "many"])
def test_limit_out_of_range_is_an_error(catalog: None, limit: str) -> None:
    with pytest.raises(CommandError):
        run("khai sinh", "--limit", limit)
