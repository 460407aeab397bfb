"""Demo villages for a commune, and the demo helper serving one of them (called by the demo loader)."""

from datetime import date

from django.db import transaction

from onestop.accounts.models import User
from onestop.community.models import Village
from onestop.community.selectors import helper_covers
from onestop.community.services import helper_assign, village_save
from onestop.organizations.models import AdministrativeUnit

DEMO_VILLAGES = ["Thôn Đông", "Thôn Tây", "Tổ dân phố Trung Tâm"]
DEMO_HELPER = "totcn.ninhgiang"
DEMO_FROM = date(2025, 7, 1)  # the day the demo posts start


@transaction.atomic
def demo_villages(*, commune: AdministrativeUnit) -> list[Village]:
    """Three villages of ``commune``; the demo helper, if they serve it, serves the first. Safe to rerun."""
    villages = [village_save(actor=None, commune=commune, name=name) for name in DEMO_VILLAGES]
    helper = User.objects.filter(username=DEMO_HELPER).first()
    if helper is not None and helper_covers(helper=helper, commune=commune):
        helper_assign(actor=None, helper=helper, village=villages[0], valid_from=DEMO_FROM)
    return villages
