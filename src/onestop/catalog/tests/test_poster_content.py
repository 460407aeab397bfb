"""What the desk poster lists, and the plain wording of fees and time limits it shares with the pages."""

import io
from collections.abc import Iterator

import pytest
from django.utils import translation
from pypdf import PdfReader

from onestop.catalog.models import Fee, ProcedureVersion
from onestop.catalog.posters import (
    desk_poster_pdf,
    fee_summary,
    format_vnd,
    poster_groups,
    poster_versions,
    time_limit_display,
)
from onestop.catalog.selectors import versions_for_unit
from onestop.organizations.constants import DeskKind
from onestop.organizations.models import Desk
from onestop.workdays.constants import LimitUnit


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Assert on the English wording: the Vietnamese catalogue is written separately."""
    with translation.override("en"):
        yield


def test_money_is_written_the_vietnamese_way() -> None:
    assert format_vnd(50000) == "50.000 đ"
    assert format_vnd(1250000) == "1.250.000 đ"
    assert format_vnd(0) == "0 đ"


@pytest.mark.parametrize(
    ("amounts", "summary"),
    [
        ([], "No fee published"),
        ([0], "Free"),
        ([None], "Set by the provincial council"),
        ([50000], "50.000 đ"),
        ([0, 8000], "Free, or up to 8.000 đ"),
        ([10000, 50000], "from 10.000 đ to 50.000 đ"),
        ([50000, None], "50.000 đ; some set by the provincial council"),
    ],
)
def test_fee_summary_in_words(amounts: list[int | None], summary: str) -> None:
    fees = [Fee(position=i, name="Lệ phí", amount_vnd=amount) for i, amount in enumerate(amounts)]
    assert fee_summary(fees) == summary


def test_time_limit_prefers_the_published_text() -> None:
    assert time_limit_display(ProcedureVersion(time_limit_text=" 03 ngày làm việc ")) == "03 ngày làm việc"
    assert (
        time_limit_display(ProcedureVersion(time_limit_value=5, time_limit_unit=LimitUnit.WORKING_DAYS))
        == "5 working days"
    )
    assert time_limit_display(ProcedureVersion(time_limit_unit=LimitUnit.SAME_DAY)) == "The same working day"
    assert time_limit_display(ProcedureVersion()) == "Not published yet"


@pytest.mark.usefixtures("demo_catalog")
def test_commune_poster_groups_the_communes_procedures_by_field() -> None:
    desk = Desk.objects.get(name="Trung tâm Phục vụ hành chính công Xã Ninh Giang")

    groups = poster_groups(desk=desk, base_url="https://onestop.example/")

    entries = [entry for group in groups for entry in group.entries]
    expected = versions_for_unit(unit=desk.unit)
    assert [entry.code for entry in entries] == list(expected.values_list("procedure__code", flat=True))
    assert len({group.field for group in groups}) == len(groups)  # each field once
    birth = next(entry for entry in entries if entry.code == "1.001193")
    assert birth.url == "https://onestop.example/thu-tuc/1.001193/"
    assert birth.qr.startswith("data:image/svg+xml")
    assert birth.fees == "Free, or up to 8.000 đ"


@pytest.mark.usefixtures("demo_catalog")
def test_provincial_centre_poster_lists_the_provinces_procedures() -> None:
    desk = Desk.objects.get(kind=DeskKind.PROVINCIAL_CENTRE)
    versions = poster_versions(desk=desk)
    assert {version.procedure.code for version in versions} == set(
        versions_for_unit(unit=desk.unit).values_list("procedure__code", flat=True)
    )

    pdf = desk_poster_pdf(desk=desk, base_url="https://onestop.example")

    reader = PdfReader(io.BytesIO(pdf))
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert desk.name in text
    for version in versions:
        assert version.procedure.code in text
