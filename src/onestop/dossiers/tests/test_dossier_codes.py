"""Dossier codes are {agency e-ID}-{YYMMDD}-{NNNN}, unique and gap-free per agency and day."""

import threading
from collections.abc import Callable

import pytest
from django.db import close_old_connections, connection, transaction

from onestop.dossiers.codes import next_dossier_code
from onestop.dossiers.constants import State
from onestop.dossiers.models import Dossier
from onestop.organizations.models import Agency


def test_code_has_the_desk_agency_identifier_the_date_and_four_digits(
    dossier_in: Callable[[State], Dossier],
) -> None:
    first = dossier_in(State.NEW)
    second = dossier_in(State.NEW)
    e_id = first.desk.agency.e_id
    assert first.code == f"{e_id}-260302-0001"
    assert second.code == f"{e_id}-260302-0002"


def test_a_rolled_back_reception_gives_its_number_back(dossier_in: Callable[[State], Dossier]) -> None:
    dossier = dossier_in(State.NEW)
    agency = dossier.desk.agency

    def failed_reception() -> None:
        with transaction.atomic():
            next_dossier_code(agency=agency, day=dossier.created_at.date())
            raise RuntimeError("reception failed")

    with pytest.raises(RuntimeError):
        failed_reception()
    with transaction.atomic():
        assert next_dossier_code(agency=agency, day=dossier.created_at.date()).endswith("-0002")


@pytest.mark.django_db(transaction=True)
def test_parallel_receptions_get_unique_gap_free_codes(on_postgres: None, demo: object) -> None:
    import datetime as dt

    agency = Agency.objects.get(e_id="H31.22")
    day = dt.date(2026, 3, 2)
    codes: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def receive(count: int) -> None:
        try:
            start.wait()
            for _ in range(count):
                with transaction.atomic():
                    codes.append(next_dossier_code(agency=agency, day=day))
        except BaseException as error:
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=receive, args=(25,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert numbers == list(range(1, 201))
    assert len(set(codes)) == 200
