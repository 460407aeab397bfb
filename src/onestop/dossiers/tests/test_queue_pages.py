"""Work queues: "my work" is the user's own desk, agency or assignments; pages follow a keyset cursor."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from onestop.dossiers.constants import DeadlineFlag, State
from onestop.dossiers.models import Dossier
from onestop.dossiers.selectors import queue, queue_page
from onestop.organizations.models import Desk


def _walk(user: object, *, size: int, **filters: object) -> list[list[int]]:
    """Every page of the queue, following each page's cursor to the end."""
    pages, after = [], ""
    while True:
        page = queue_page(dossiers=queue(user=user, name="unit", **filters), after=after, size=size)  # type: ignore[arg-type]
        pages.append([row.pk for row in page.rows])
        if not page.next_cursor:
            return pages
        after = page.next_cursor


def test_pages_cover_every_open_dossier_once_in_due_order_undated_last(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    dated = [dossier_in(State.RECEIVED) for _ in range(3)]
    undated = [dossier_in(State.NEW) for _ in range(2)]
    # Two share a due time to the microsecond: the id breaks the tie across a page boundary.
    due = dated[0].due_at
    assert due is not None
    Dossier.objects.filter(pk=dated[1].pk).update(due_at=due)
    Dossier.objects.filter(pk=dated[2].pk).update(due_at=due - timedelta(hours=1))
    expected = [dated[2].pk, dated[0].pk, dated[1].pk, *sorted(d.pk for d in undated)]

    pages = _walk(people.desk, size=2)

    assert pages == [expected[0:2], expected[2:4], expected[4:5]]


def test_a_full_last_page_has_no_next_cursor(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    for _ in range(2):
        dossier_in(State.RECEIVED)
    assert [len(p) for p in _walk(people.desk, size=2)] == [2]


def test_filters_by_state_procedure_and_search(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    received = dossier_in(State.RECEIVED)
    new = dossier_in(State.NEW)
    assert _walk(people.desk, size=50, state=State.NEW) == [[new.pk]]
    assert _walk(people.desk, size=50, search=received.code.lower()) == [[received.pk]]
    assert _walk(people.desk, size=50, search="Văn An") == [sorted([received.pk, new.pk])]
    procedure_id = received.procedure_version.procedure_id
    assert _walk(people.desk, size=50, procedure_id=procedure_id + 999) == [[]]


def test_a_forged_cursor_is_refused_with_a_message(people: SimpleNamespace) -> None:
    with pytest.raises(ValidationError):
        queue_page(dossiers=queue(user=people.desk, name="unit"), after="1;DROP")


def test_my_work_holds_my_desks_waiting_dossiers_not_every_desk_of_my_units(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    mine = dossier_in(State.NEW)
    elsewhere = dossier_in(State.NEW)
    branch = Desk.objects.create(
        name="Điểm tiếp nhận khác", unit=people.desk_place.unit, agency=people.desk_place.agency
    )
    Dossier.objects.filter(pk=elsewhere.pk).update(desk=branch)

    listed = set(queue(user=people.desk, name="mine").values_list("pk", flat=True))

    assert mine.pk in listed
    assert elsewhere.pk not in listed
    assert elsewhere.pk in set(queue(user=people.desk, name="unit").values_list("pk", flat=True))


def test_the_leader_sees_the_agencys_dossiers_awaiting_assignment(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier]
) -> None:
    at_agency = dossier_in(State.AT_AGENCY)
    assert list(queue(user=people.leader, name="mine")) == [at_agency]
    assert not queue(user=people.desk, name="mine").filter(pk=at_agency.pk).exists()


def test_the_queue_page_links_to_the_next_page_and_rejects_a_bad_cursor(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier], staff_client: Callable[[str], Client]
) -> None:
    for _ in range(51):
        dossier_in(State.NEW)
    client = staff_client(people.desk.username)
    url = reverse("backoffice:dossier_queue")

    first = client.get(url)
    assert first.status_code == 200
    assert first.context["page"].next_cursor
    assert 'rel="next"' in first.content.decode()
    second = client.get(url, {"queue": "mine", "after": first.context["page"].next_cursor})
    assert len(second.context["page"].rows) == 1
    first_pks = {row.pk for row in first.context["page"].rows}
    assert not {row.pk for row in second.context["page"].rows} & first_pks

    bad = client.get(url, {"after": "not-a-cursor"})
    assert bad.status_code == 400
    assert "Liên kết trang này không còn hợp lệ" in bad.content.decode()


def test_each_queue_row_links_the_dossier_and_shows_its_state_flag_and_local_due_time(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier], staff_client: Callable[[str], Client]
) -> None:
    late = dossier_in(State.RECEIVED)
    undated = dossier_in(State.NEW)
    # 02:30 UTC is 09:30 in Vietnam.
    due = datetime(2026, 2, 27, 2, 30, tzinfo=UTC)
    Dossier.objects.filter(pk=late.pk).update(due_at=due, deadline_flag=DeadlineFlag.LATE)
    client = staff_client(people.desk.username)

    html = client.get(reverse("backoffice:dossier_queue"), {"queue": "unit"}).content.decode()

    detail = reverse("backoffice:dossier_detail", args=[late.pk])
    procedure = late.procedure_version
    assert f'<td class="code"><a href="{detail}">{late.code}</a></td>' in html
    assert f'<a href="?queue=unit&amp;procedure={procedure.procedure_id}">{procedure.name[:89]}' in html
    assert (
        '<td>Đã tiếp nhận tại Bộ phận Một cửa <span class="tag tag-warning">Quá hạn</span></td>\n'
        "      <td>09:30 27/02/2026</td>"
    ) in html
    assert f'<a href="{reverse("backoffice:dossier_detail", args=[undated.pk])}">' in html
    assert "<td>Đã nộp, chờ tiếp nhận</td>\n      <td>—</td>" in html

    client.cookies["django_language"] = "en"
    english = client.get(reverse("backoffice:dossier_queue"), {"queue": "unit"}).content.decode()
    assert '<td>Received at the desk <span class="tag tag-warning">Late</span></td>' in english


def test_the_state_filter_lists_the_open_states_and_keeps_the_one_chosen(
    people: SimpleNamespace, dossier_in: Callable[[State], Dossier], staff_client: Callable[[str], Client]
) -> None:
    received = dossier_in(State.RECEIVED)
    new = dossier_in(State.NEW)
    client = staff_client(people.desk.username)
    url = reverse("backoffice:dossier_queue")

    unfiltered = client.get(url, {"queue": "unit"}).content.decode()
    assert '<select id="id_state" name="state"><option value="" selected>' in unfiltered
    assert f'<option value="{State.RECEIVED}">{State.RECEIVED.label}</option>' in unfiltered
    assert f'value="{State.RETURNED}"' not in unfiltered  # finished states are not in a work queue

    filtered = client.get(url, {"queue": "unit", "state": State.RECEIVED})
    html = filtered.content.decode()
    assert f'<option value="{State.RECEIVED}" selected>{State.RECEIVED.label}</option>' in html
    assert '<option value="">' in html
    assert [row.pk for row in filtered.context["page"].rows] == [received.pk]
    assert new.code not in html
