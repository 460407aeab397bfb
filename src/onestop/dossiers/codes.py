"""Dossier codes {agency e-ID}-{YYMMDD}-{NNNN}: unique, gap-free per agency and day."""

from datetime import date

from django.db import IntegrityError, transaction

from onestop.dossiers.models import DossierCodeCounter
from onestop.organizations.models import Agency

MIN_DIGITS = 4


def next_dossier_code(*, agency: Agency, day: date) -> str:
    """Take the next number of ``agency`` on ``day``.

    Call inside the transaction that creates the dossier: the counter row stays locked until it commits,
    so parallel receptions queue up, and a rolled-back reception gives its number back (no gaps).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_dossier_code must run inside the dossier's transaction")
    try:
        with transaction.atomic():
            DossierCodeCounter.objects.get_or_create(agency=agency, day=day)
    except IntegrityError:
        pass  # a parallel reception created the row first; lock it below
    counter = DossierCodeCounter.objects.select_for_update().get(agency=agency, day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{agency.e_id}-{day:%y%m%d}-{counter.last:0{MIN_DIGITS}d}"
