"""GET /api/v1/procedures: the procedures in force, searched or listed by code, for anyone."""

import json
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from onestop.catalog.content import VersionContent
from onestop.catalog.models import ProcedureAssignment
from onestop.catalog.selectors import versions_in_force
from onestop.catalog.services import procedure_version_create
from onestop.catalog.tests.search_evaluation import load_bundled_catalog, seed_default_synonyms
from onestop.demo.loader import DemoResult
from onestop.organizations.constants import UnitLevel
from onestop.organizations.models import AdministrativeUnit

pytestmark = pytest.mark.django_db
URL = "/api/v1/procedures"


@pytest.fixture
def catalog() -> None:
    seed_default_synonyms()
    load_bundled_catalog()


def get(client: Client, **params: Any) -> Any:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.mark.smoke
def test_anyone_searches_with_everyday_words_and_gets_the_best_match_first(
    client: Client, catalog: None
) -> None:
    body = get(client, search="lam so do", limit=3)

    assert body["results"][0]["code"] == "1.013978"
    assert body["results"][0]["field"] == "Đất đai"
    assert body["results"][0]["url"] == "http://testserver/api/v1/procedures/1.013978"
    scores = [item["score"] for item in body["results"]]
    assert scores == sorted(scores, reverse=True)
    assert len(scores) == 3
    assert body["next"] is None


def test_search_gives_the_same_codes_as_the_command_line(client: Client, catalog: None) -> None:
    out = StringIO()
    call_command("search_procedures", "CCCD bi mat", "--json", "--limit", "5", stdout=out)

    codes = [item["code"] for item in get(client, search="CCCD bi mat", limit=5)["results"]]
    assert codes == json.loads(out.getvalue())


def test_search_that_matches_nothing_returns_an_empty_list(client: Client, catalog: None) -> None:
    assert get(client, search="qwzx pfft") == {"next": None, "results": []}


def test_without_search_every_procedure_in_force_comes_page_by_page_in_code_order(
    client: Client, catalog: None
) -> None:
    codes: list[str] = []
    body = get(client, limit=40)
    pages = 1
    while body["next"]:
        codes += [item["code"] for item in body["results"]]
        assert all(item["score"] is None for item in body["results"])
        body = client.get(body["next"]).json()
        pages += 1
    codes += [item["code"] for item in body["results"]]

    expected = sorted(versions_in_force().values_list("procedure__code", flat=True))
    assert codes == expected
    assert pages == -(-len(expected) // 40)


def test_blank_search_lists_by_code(client: Client, catalog: None) -> None:
    assert get(client, search="  ", limit=5) == get(client, limit=5)


def test_version_not_yet_in_force_is_not_listed(client: Client) -> None:
    later = timezone.localdate() + timedelta(days=10)
    content = VersionContent(name="Thủ tục đăng ký giám hộ", field_name="Hộ tịch")
    procedure_version_create(actor=None, code="1.004837", content=content, effective_from=later)

    assert get(client)["results"] == []
    assert get(client, search="giam ho")["results"] == []


def test_unit_restricts_list_and_search_to_its_procedures(client: Client, demo_catalog: DemoResult) -> None:
    commune = (
        AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, procedure_assignments__isnull=False)
        .distinct()
        .order_by("code")
        .first()
    )
    assert commune is not None
    assigned = set(ProcedureAssignment.objects.filter(unit=commune).values_list("procedure__code", flat=True))

    listed = get(client, unit=commune.code, limit=100)
    searched = get(client, unit=commune.code, search="giay phep", limit=100)

    assert {item["code"] for item in listed["results"]} == assigned
    assert searched["results"]
    assert {item["code"] for item in searched["results"]} <= assigned


def test_next_link_keeps_the_unit(client: Client, demo_catalog: DemoResult) -> None:
    commune = (
        AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, procedure_assignments__isnull=False)
        .order_by("code")
        .first()
    )
    assert commune is not None

    body = get(client, unit=commune.code, limit=2)

    assert f"unit={commune.code}" in body["next"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": "abc"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "2.5"}, "limit"),
        ({"unit": "99999"}, "unit"),
        ({"search": "x" * 201}, "search"),
    ],
)
def test_bad_parameter_is_a_400_naming_it(english: Client, params: dict[str, str], field: str) -> None:
    response = english.get(URL, params)

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert response.json()[field][0].endswith(".")


def test_limit_error_says_what_is_allowed(english: Client) -> None:
    response = english.get(URL, {"limit": "1000"})

    assert response.json() == {"limit": ["limit must be a whole number from 1 to 100."]}


def test_errors_are_in_vietnamese_by_default(client: Client) -> None:
    response = client.get(URL, {"unit": "99999"})

    assert response.status_code == 400
    assert response["Content-Language"] == "vi"
    with translation.override("vi"):
        assert response.json() == {"unit": [gettext("No administrative unit in force has this code.")]}
    assert response.json()["unit"][0] != "No administrative unit in force has this code."


def test_writes_are_not_offered(client: Client) -> None:
    assert client.post(URL, {"name": "x"}).status_code == 405
