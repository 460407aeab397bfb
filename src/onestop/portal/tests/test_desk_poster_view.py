"""The desk's printable poster is public, served inline as a PDF named after the desk."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from onestop.organizations.constants import DeskKind
from onestop.organizations.models import Desk

pytestmark = pytest.mark.usefixtures("demo_catalog")


def test_poster_is_served_inline_as_a_pdf_named_after_the_desk(client: Client) -> None:
    desk = Desk.objects.get(kind=DeskKind.PROVINCIAL_CENTRE)

    response = client.get(f"/mot-cua/{desk.pk}/poster.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="thu-tuc-trung-tam-phuc-vu-hanh-chinh-cong-thanh-pho-hai-phong.pdf"'
    )
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Trung tâm Phục vụ hành chính công thành phố Hải Phòng" in text
    assert client.get(f"/mot-cua/{desk.pk}/poster.pdf").content == response.content  # cached


def test_unknown_or_closed_desk_has_no_poster(client: Client) -> None:
    desk = Desk.objects.get(kind=DeskKind.PROVINCIAL_CENTRE)
    assert client.get("/mot-cua/999999/poster.pdf").status_code == 404
    Desk.objects.filter(pk=desk.pk).update(active=False)
    assert client.get(f"/mot-cua/{desk.pk}/poster.pdf").status_code == 404
