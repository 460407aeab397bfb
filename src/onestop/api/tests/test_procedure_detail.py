"""GET /api/v1/procedures/{code}: a procedure's published content in the version in force."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from onestop.catalog.content import ComponentData, FeeData, VersionContent
from onestop.catalog.services import procedure_version_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def birth_registration() -> None:
    last_year = timezone.localdate() - timedelta(days=365)
    first = VersionContent(name="Thủ tục đăng ký khai sinh (cũ)", field_name="Hộ tịch")
    procedure_version_create(actor=None, code="1.001193", content=first, effective_from=last_year)
    content = VersionContent(
        name="Thủ tục đăng ký khai sinh",
        field_name="Hộ tịch",
        levels=["commune"],
        channels=["in_person", "online"],
        online_level="full",
        time_limit_unit="same_day",
        time_limit_text="Ngay trong ngày tiếp nhận",
        result_name="Giấy khai sinh",
        result_type="both",
        applicants="Cha, mẹ, ông, bà",
        agency_text="Ủy ban nhân dân cấp xã",
        legal_basis=["Luật Hộ tịch 2014"],
        components=[ComponentData(name="Giấy chứng sinh", copies="1 bản chính", required=True)],
        fees=[FeeData(name="Lệ phí", amount_vnd=8000, exemptions="Đúng hạn")],
    )
    procedure_version_create(actor=None, code="1.001193", content=content)


@pytest.mark.smoke
def test_detail_shows_the_version_in_force(client: Client, birth_registration: None) -> None:
    response = client.get("/api/v1/procedures/1.001193")

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "1.001193"
    assert body["name"] == "Thủ tục đăng ký khai sinh"
    assert body["version"] == 2
    assert body["effective_from"] == timezone.localdate().isoformat()
    assert body["field"] == "Hộ tịch"
    assert body["levels"] == ["commune"]
    assert body["channels"] == ["in_person", "online"]
    assert body["online_level"] == "full"
    assert body["time_limit"] == {"value": None, "unit": "same_day", "text": "Ngay trong ngày tiếp nhận"}
    assert body["result"] == "Giấy khai sinh"
    assert body["result_type"] == "both"
    assert body["legal_basis"] == ["Luật Hộ tịch 2014"]
    assert body["agency"] == "Ủy ban nhân dân cấp xã"
    assert body["components"] == [
        {
            "name": "Giấy chứng sinh",
            "copies": "1 bản chính",
            "kind": "submit",
            "required": True,
            "case": "",
            "form_name": "",
        }
    ]
    assert body["fees"] == [
        {
            "name": "Lệ phí",
            "amount_vnd": 8000,
            "online_amount_vnd": None,
            "exemptions": "Đúng hạn",
            "note": "",
            "collected_at": "reception",
        }
    ]
    assert body["accepts_dossiers"] is True
    assert body["missing_fields"] == []
    assert "score" not in body


def test_incomplete_procedure_says_what_is_missing(client: Client) -> None:
    content = VersionContent(name="Thủ tục đăng ký giám hộ", field_name="Hộ tịch")
    procedure_version_create(actor=None, code="1.004837", content=content)

    body = client.get("/api/v1/procedures/1.004837").json()

    assert body["accepts_dossiers"] is False
    assert body["missing_fields"] == ["time_limit", "channels", "components"]


def test_unknown_code_is_a_404(english: Client) -> None:
    response = english.get("/api/v1/procedures/9.999999")

    assert response.status_code == 404
    assert response.json() == {"detail": "No procedure in force has this code."}


def test_procedure_not_yet_in_force_is_a_404(client: Client) -> None:
    content = VersionContent(name="Thủ tục đăng ký giám hộ", field_name="Hộ tịch")
    later = timezone.localdate() + timedelta(days=3)
    procedure_version_create(actor=None, code="1.004837", content=content, effective_from=later)

    assert client.get("/api/v1/procedures/1.004837").status_code == 404
