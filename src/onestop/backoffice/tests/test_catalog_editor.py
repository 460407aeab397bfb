"""Unit administrators edit procedures, fees, components, steps and synonyms; each save is a new version."""

from collections.abc import Callable
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from onestop.catalog.models import Procedure, Synonym
from onestop.catalog.selectors import content_from_version, version_in_force
from onestop.core.models import AuditEvent

pytestmark = pytest.mark.usefixtures("demo_few")

CODE = "1.001193"


def _formset(prefix: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": len(rows),
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def _edit_data(**changes: Any) -> dict[str, Any]:
    version = version_in_force(procedure=Procedure.objects.get(code=CODE))
    assert version is not None
    content = content_from_version(version)
    data: dict[str, Any] = {
        "name": content.name,
        "field_name": content.field_name,
        "levels": content.levels,
        "channels": content.channels,
        "online_level": content.online_level,
        "time_limit_value": content.time_limit_value or "",
        "time_limit_unit": content.time_limit_unit,
        "time_limit_text": content.time_limit_text,
        "cutoff_applies": "on",
        "result_name": content.result_name,
        "effective_from": timezone.localdate().isoformat(),
    }
    data.update(
        _formset(
            "components",
            [
                {"name": c.name, "copies": c.copies, "kind": c.kind, "required": "case", "form_name": ""}
                for c in content.components
            ],
        )
    )
    data.update(
        _formset(
            "fees",
            [
                {"name": f.name, "amount_vnd": f.amount_vnd or "", "collected_at": f.collected_at}
                for f in content.fees
            ],
        )
    )
    data.update(
        _formset(
            "steps",
            [
                {
                    "name": s.name,
                    "role": s.role,
                    "budget_value": s.budget_value,
                    "budget_unit": s.budget_unit,
                    "required_outputs": "\n".join(s.required_outputs),
                }
                for s in content.steps
            ],
        )
    )
    data.update(changes)
    return data


def test_unit_admin_saves_a_new_fee_as_a_new_version(staff_client: Callable[[str], Client]) -> None:
    client = staff_client("quantri.ninhgiang")
    data = _edit_data(**{"fees-0-amount_vnd": "8000", "fees-0-name": "Lệ phí đăng ký khai sinh"})
    response = client.post(reverse("backoffice:catalog_edit", args=[CODE]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    procedure = Procedure.objects.get(code=CODE)
    newest = procedure.versions.order_by("-number").first()
    assert newest is not None
    assert newest.effective_from == timezone.localdate()
    assert newest.fees.order_by("position").first().amount_vnd == 8000  # type: ignore[union-attr]
    assert newest.demo_values == []
    assert AuditEvent.objects.filter(
        actor__username="quantri.ninhgiang", action="procedure.version_created"
    ).exists()
    old_page = client.get(reverse("backoffice:catalog_version", args=[CODE, newest.number - 1]))
    assert old_page.status_code == 200


def test_partly_online_needs_a_reason_and_nothing_is_saved(staff_client: Callable[[str], Client]) -> None:
    client = staff_client("quantri.ninhgiang")
    before = Procedure.objects.get(code=CODE).versions.count()
    response = client.post(
        reverse("backoffice:catalog_edit", args=[CODE]), _edit_data(online_level="partial")
    )
    assert response.status_code == 200
    assert 'href="#id_partial_online_reason"' in response.content.decode()
    assert Procedure.objects.get(code=CODE).versions.count() == before


def test_steps_beyond_the_time_limit_are_shown_as_an_error(staff_client: Callable[[str], Client]) -> None:
    client = staff_client("quantri.ninhgiang")
    response = client.post(
        reverse("backoffice:catalog_edit", args=[CODE]), _edit_data(**{"steps-1-budget_value": 99})
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_desk_officer_cannot_open_the_catalog_editor(staff_client: Callable[[str], Client]) -> None:
    client = staff_client("motcua.ninhgiang")
    assert client.get(reverse("backoffice:catalog_list")).status_code == 403
    assert client.post(reverse("backoffice:catalog_edit", args=[CODE]), _edit_data()).status_code == 404


def test_commune_admin_cannot_edit_a_procedure_not_used_in_the_commune(
    staff_client: Callable[[str], Client],
) -> None:
    provincial_only = "3.000347"  # driving licences: ministry level, assigned to the city only
    client = staff_client("quantri.ninhgiang")
    assert client.get(reverse("backoffice:catalog_edit", args=[provincial_only])).status_code == 404
    assert client.get(reverse("backoffice:catalog_list")).content.decode().count(provincial_only) == 0


def test_synonyms_are_added_and_deleted_with_an_audit_row(staff_client: Callable[[str], Client]) -> None:
    client = staff_client("quantri.ninhgiang")
    response = client.post(
        reverse("backoffice:synonyms"), {"term": "Giấy Khai Sinh", "expansion": "đăng ký khai sinh"}
    )
    assert response.status_code == 302
    synonym = Synonym.objects.get(term="giay khai sinh")
    client.post(reverse("backoffice:synonym_remove", args=[synonym.pk]))
    assert not Synonym.objects.filter(term="giay khai sinh").exists()
    actions = set(AuditEvent.objects.filter(subject_type="catalog.synonym").values_list("action", flat=True))
    assert actions == {"synonym.saved", "synonym.deleted"}


def test_catalog_export_gives_the_units_procedures_as_xlsx(staff_client: Callable[[str], Client]) -> None:
    client = staff_client("quantri.ninhgiang")
    response = client.get(reverse("backoffice:catalog_export", args=["11203"]))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    codes = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert CODE in codes
    assert "3.000347" not in codes
    assert client.get(reverse("backoffice:catalog_export", args=["11167"])).status_code == 404
