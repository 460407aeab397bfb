"""A leader watches the commune's dashboard while a dossier is returned late: the on-time rate and the rank
change by themselves (htmx polling), and the late dossier is in the drill-down."""

import json
from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from onestop.accounts.models import User
from onestop.demo.loader import load_demo
from onestop.dossiers.constants import ChannelCode
from onestop.dossiers.services import ApplicantData, ComponentIntake, dossier_create
from onestop.dossiers.tests.conftest import act, demo_people, make_test_procedure, pdf_upload
from onestop.indicators.models import DossierRecord
from onestop.indicators.services import records_import
from onestop.workdays.deadlines import TZ

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server: Any, transactional_db: None) -> str:
    return str(live_server.url)


def _leader_page(browser: Any, site: str) -> Any:
    client = Client()
    user = User.objects.get(username="chutich.ninhgiang")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user, confirmed=True).persistent_id
    session.save()
    context = browser.new_context(locale="vi-VN", viewport={"width": 1100, "height": 900})
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": site}])
    return context.new_page()


def test_a_late_return_changes_the_rate_and_rank_on_the_open_dashboard(site: str, browser: Any) -> None:
    from playwright.sync_api import expect

    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=TZ), tick=True):
        load_demo(only_procedures={"1.001193"})  # the catalog in force from that day
        people = demo_people()
        version = make_test_procedure(people)  # 5 working days: due Tuesday 8 December, 17:00
        dossier = dossier_create(
            actor=people.citizen,
            desk=people.desk_place,
            version=version,
            applicant=ApplicantData(name="Nguyễn Văn An", id_number="031090001234", account=people.citizen),
            channel=ChannelCode.ONLINE,
            components=[
                ComponentIntake(component=c, scan=pdf_upload()) for c in version.components.all()[:2]
            ],
        )
        for who, action, params in [
            ("desk", "receive", {}),
            ("desk", "transfer", {}),
            ("leader", "assign", {"assignee": "specialist"}),
        ]:
            dossier = act(people, dossier, who, action, params)

    with time_machine.travel(datetime(2026, 12, 2, 10, 0, tzinfo=TZ), tick=True):
        # Xã Tân An has a dossier just like it, due later: the two communes tie for first place.
        twin = {
            **DossierRecord.objects.get(dossier=dossier).line.data,
            "MaHoSo": "LS.11167.TWIN",
            "MaDonVi": "11167",
            "NgayHenTra": "2026-12-31T17:00:00+07:00",
        }
        assert records_import(lines=[json.dumps(twin)], file_name="twin.jsonl").imported == 1

        page = _leader_page(browser, site)
        page.goto(f"{site}/chi-so/don-vi/11203/")
        rank, rate = page.get_by_test_id("rank"), page.get_by_test_id("rate-2.1")
        expect(rank).to_contain_text("1")
        expect(rate).to_have_text("100,00 %")

        with time_machine.travel(datetime(2026, 12, 9, 9, 30, tzinfo=TZ), tick=True):
            for who, action, params in [
                ("specialist", "complete_step", {"files": 1}),
                ("specialist", "submit_for_approval", {"files": 1}),
                ("leader", "approve", {"files": 1}),
                ("desk", "return_result", {"method": "desk"}),
            ]:
                dossier = act(people, dossier, who, action, params)

            # No reload: the dashboard polls.
            expect(rate).to_have_text("0,00 %", timeout=20_000)
            expect(rank).to_contain_text("2")
            expect(page.locator('tr[data-unit="11167"] td').first).to_have_text("1")

            page.locator('tr[data-indicator="2.1"] a').click()
            expect(page.get_by_role("heading", level=1)).to_contain_text("2.1")
            expect(page.get_by_role("link", name=dossier.code)).to_be_visible()
