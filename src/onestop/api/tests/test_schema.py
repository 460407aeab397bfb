"""The OpenAPI 3.1 description of the API, served at /api/v1/schema, is valid."""

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.test import Client
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_served_schema_is_valid_openapi_3_1(client: Client) -> None:
    response = client.get("/api/v1/schema", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"] == "3.1.0"
    validate_schema(schema)


def test_schema_generates_without_warnings(tmp_path: Path) -> None:
    # The command fails on any warning drf-spectacular raises (an untyped field, an unknown path parameter).
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))

    assert yaml.safe_load((tmp_path / "schema.yaml").read_text())["openapi"] == "3.1.0"


def test_schema_is_served_as_yaml_by_default(client: Client) -> None:
    response = client.get("/api/v1/schema")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.safe_load(response.content)["openapi"] == "3.1.0"


def test_schema_documents_the_procedure_endpoints_and_parameters(client: Client) -> None:
    paths = client.get("/api/v1/schema", {"format": "json"}).json()["paths"]

    listing = paths["/api/v1/procedures"]["get"]
    assert {parameter["name"] for parameter in listing["parameters"]} == {"search", "unit", "limit", "cursor"}
    limit = next(parameter for parameter in listing["parameters"] if parameter["name"] == "limit")
    assert limit["schema"].items() >= {"minimum": 1, "maximum": 100, "default": 20}.items()
    assert set(listing["responses"]) == {"200", "400"}
    detail = paths["/api/v1/procedures/{code}"]["get"]
    assert set(detail["responses"]) == {"200", "404"}
