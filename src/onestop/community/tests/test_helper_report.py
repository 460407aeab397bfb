"""The commune sees, per helper and per village, the accounts registered and dossiers helped; nobody else."""

from collections.abc import Callable
from datetime import date, datetime
from types import SimpleNamespace

import pytest
import time_machine

from onestop.accounts.models import User
from onestop.community.selectors import HelperReport, helper_report
from onestop.dossiers.models import Dossier
from onestop.workdays.constants import TZ


def _by_helper(report: HelperReport) -> dict[str, tuple[int, int]]:
    return {
        line.helper.username: (line.accounts_registered, line.dossiers_helped) for line in report.by_helper
    }


def _by_village(report: HelperReport) -> dict[str | None, tuple[int, int]]:
    return {
        line.village.name if line.village else None: (line.accounts_registered, line.dossiers_helped)
        for line in report.by_village
    }


def _rows(report: HelperReport) -> dict[tuple[str, str | None], tuple[int, int]]:
    return {
        (line.helper.username, line.village.name if line.village else None): (
            line.accounts_registered,
            line.dossiers_helped,
        )
        for line in report.rows
    }


@pytest.fixture
def crafted(
    place: SimpleNamespace, register: Callable[..., User], helped_dossier: Callable[..., Dossier]
) -> SimpleNamespace:
    """Demo helper: 2 accounts in Thôn Đông (3 dossiers), 1 in Thôn Tây (1 dossier), 1 without a village.
    Second helper: 1 account in Thôn Tây. Tân An's helper: 1 account and 1 dossier in Tân An."""
    an, binh = register(village=place.dong), register(village=place.dong)
    chi = register(village=place.tay)
    register(commune=place.ninh_giang, village=None)
    register(helper=place.second_helper, village=place.tay)
    for citizen in (an, an, binh):
        helped_dossier(helper=place.helper, citizen=citizen)
    helped_dossier(helper=place.helper, citizen=chi)
    tan_an_citizen = register(helper=place.other_helper, village=place.tan_an_village)
    helped_dossier(helper=place.other_helper, citizen=tan_an_citizen)
    return SimpleNamespace(an=an, chi=chi)


def test_the_report_counts_per_helper_and_per_village(
    place: SimpleNamespace, crafted: SimpleNamespace
) -> None:
    report = helper_report(user=place.admin)

    assert _by_helper(report) == {"totcn.ninhgiang": (4, 4), "totcn2.ninhgiang": (1, 0)}
    assert _by_village(report) == {
        "Thôn Đông": (2, 3),
        "Thôn Tây": (2, 1),
        "Tổ dân phố Trung Tâm": (0, 0),  # a listed village with no help yet still shows
        None: (1, 0),
    }
    assert _rows(report) == {
        ("totcn.ninhgiang", "Thôn Đông"): (2, 3),
        ("totcn.ninhgiang", "Thôn Tây"): (1, 1),
        ("totcn.ninhgiang", None): (1, 0),
        ("totcn2.ninhgiang", "Thôn Tây"): (1, 0),
    }
    assert (report.accounts_registered, report.dossiers_helped) == (5, 4)
    # In Vietnamese order (Đ among the D's), the help without a village last.
    assert [line.village.name if line.village else None for line in report.by_village] == [
        "Thôn Đông",
        "Thôn Tây",
        "Tổ dân phố Trung Tâm",
        None,
    ]
    assert [line.helper.full_name for line in report.by_helper] == ["Đỗ Mạnh Cường", "Hoàng Thị Thu"]


def test_every_official_of_the_commune_sees_it_and_a_provincial_inspector_sees_both_communes(
    place: SimpleNamespace, crafted: SimpleNamespace
) -> None:
    for official in (place.desk, User.objects.get(username="chutich.ninhgiang")):
        assert _by_helper(helper_report(user=official)) == {
            "totcn.ninhgiang": (4, 4),
            "totcn2.ninhgiang": (1, 0),
        }
    province_wide = helper_report(user=place.inspector)
    assert _by_helper(province_wide) == {
        "totcn.ninhgiang": (4, 4),
        "totcn2.ninhgiang": (1, 0),
        "totcn.tanan": (1, 1),
    }
    assert (province_wide.accounts_registered, province_wide.dossiers_helped) == (6, 5)
    only_tan_an = helper_report(user=place.inspector, unit=place.tan_an)
    assert _by_helper(only_tan_an) == {"totcn.tanan": (1, 1)}
    assert _by_village(only_tan_an) == {"Thôn Bắc": (1, 1)}


def test_an_officer_of_another_commune_sees_none_of_this_communes_rows(
    place: SimpleNamespace, crafted: SimpleNamespace
) -> None:
    report = helper_report(user=place.other_desk)
    assert _by_helper(report) == {"totcn.tanan": (1, 1)}
    assert _by_village(report) == {"Thôn Bắc": (1, 1)}
    assert {line.commune for line in [*report.rows, *report.by_helper, *report.by_village]} == {place.tan_an}
    # Asking for Ninh Giang by name does not widen the scope.
    asked = helper_report(user=place.other_desk, unit=place.ninh_giang)
    assert (asked.rows, asked.by_helper, asked.by_village) == ([], [], [])
    assert (asked.accounts_registered, asked.dossiers_helped) == (0, 0)


def test_people_without_a_reporting_post_see_nothing(
    place: SimpleNamespace, crafted: SimpleNamespace
) -> None:
    for person in (place.specialist, place.helper, crafted.an):
        report = helper_report(user=person)
        assert (report.rows, report.by_helper, report.by_village) == ([], [], [])


def test_the_date_filter_counts_local_calendar_days_both_included(
    place: SimpleNamespace, register: Callable[..., User], helped_dossier: Callable[..., Dossier]
) -> None:
    # 23:30 on Sunday 1 March in Vietnam is still 1 March, though it is 16:30 UTC.
    with time_machine.travel(datetime(2026, 3, 1, 23, 30, tzinfo=TZ), tick=False):
        sunday = register()
    with time_machine.travel(datetime(2026, 3, 3, 0, 15, tzinfo=TZ), tick=False):
        tuesday = register()
        helped_dossier(helper=place.helper, citizen=sunday)
    helped_dossier(helper=place.helper, citizen=tuesday)  # Monday 2 March

    def counts(start: date | None, end: date | None) -> tuple[int, int]:
        report = helper_report(user=place.admin, date_from=start, date_to=end)
        return (report.accounts_registered, report.dossiers_helped)

    assert counts(None, None) == (2, 2)
    assert counts(date(2026, 3, 1), date(2026, 3, 1)) == (1, 0)
    assert counts(date(2026, 3, 2), date(2026, 3, 2)) == (0, 1)
    assert counts(date(2026, 3, 2), None) == (1, 2)
    assert counts(None, date(2026, 3, 2)) == (1, 1)
    assert counts(date(2026, 3, 4), None) == (0, 0)
