"""Work queues: "my work" is the user's own desk, agency or assignments; pages follow a keyset cursor."""

from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from onestop.dossiers.constants import State
from onestop.dossiers.models import Dossier
from onestop.dossiers.selectors import queue, queue_page
from onestop.organizations.models import Desk


def _walk(user: object, *, size: int, **filters: object) -> list[list[int]]:
    """Every page of the queue, following each page's cursor to the end."""
    pages, after = [], ""
    while True:
        page = queue_page(dossiers=queue(user=user, name="unit", **filters), after=after, size=size)  # type: ignore[arg-type]
        pages.append([d.pk for d in page.dossiers])
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
    assert len(second.context["page"].dossiers) == 1
    assert not set(second.context["page"].dossiers) & set(first.context["page"].dossiers)

    bad = client.get(url, {"after": "not-a-cursor"})
    assert bad.status_code == 400
    assert "Liên kết trang này không còn hợp lệ" in bad.content.decode()
