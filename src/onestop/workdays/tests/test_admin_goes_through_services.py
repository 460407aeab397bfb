"""The admin saves and deletes through the services: the deciding document is required and audited."""

from datetime import date, time

import pytest
from django.contrib import admin
from django.http import HttpRequest
from django.test import RequestFactory

from onestop.accounts.models import User
from onestop.core.models import AuditEvent
from onestop.organizations.models import AdministrativeUnit
from onestop.workdays.admin import CalendarEntryAdmin, WorkingHoursAdmin, parse_periods
from onestop.workdays.constants import EntrySource
from onestop.workdays.models import CalendarEntry, WorkingHours
from onestop.workdays.selectors import working_periods_for_unit

pytestmark = pytest.mark.django_db


def _request(user: User) -> HttpRequest:
    request = RequestFactory().post("/admin/")
    request.user = user
    return request


def test_adding_an_entry_runs_the_service(admin_user: User) -> None:
    model_admin = CalendarEntryAdmin(CalendarEntry, admin.site)
    request = _request(admin_user)
    form_class = model_admin.get_form(request)
    form = form_class(
        data={
            "date": "2026-03-12",
            "kind": "holiday",
            "name": "Nghỉ",
            "name_en": "",
            "decision": "QĐ 12/QĐ-UBND",
        }
    )
    assert form.is_valid(), form.errors

    obj = form.save(commit=False)
    model_admin.save_model(request, obj, form, change=False)

    entry = CalendarEntry.objects.get(date=date(2026, 3, 12))
    assert obj.pk == entry.pk
    assert entry.source == EntrySource.MANUAL
    assert AuditEvent.objects.filter(
        subject_id=str(entry.pk), action="calendar_entry.create", actor=admin_user
    ).exists()


def test_the_admin_form_requires_the_deciding_document(admin_user: User) -> None:
    model_admin = CalendarEntryAdmin(CalendarEntry, admin.site)
    form = model_admin.get_form(_request(admin_user))(
        data={"date": "2026-03-12", "kind": "holiday", "name": "Nghỉ", "decision": ""}
    )

    assert not form.is_valid()
    assert "decision" in form.errors


def test_deleting_an_entry_runs_the_service(admin_user: User) -> None:
    model_admin = CalendarEntryAdmin(CalendarEntry, admin.site)
    entry = CalendarEntry.objects.get(date=date(2026, 11, 24))

    model_admin.delete_queryset(_request(admin_user), CalendarEntry.objects.filter(pk=entry.pk))

    assert not CalendarEntry.objects.filter(date=date(2026, 11, 24)).exists()
    assert AuditEvent.objects.filter(subject_id=str(entry.pk), action="calendar_entry.delete").exists()


def test_working_hours_admin_sets_periods_through_the_service(
    admin_user: User, province: AdministrativeUnit
) -> None:
    model_admin = WorkingHoursAdmin(WorkingHours, admin.site)
    request = _request(admin_user)
    form = model_admin.get_form(request)(
        data={"unit": str(province.pk), "periods": "13:30-17:30, 8:00-12:00"}
    )
    assert form.is_valid(), form.errors

    obj = form.save(commit=False)
    model_admin.save_model(request, obj, form, change=False)

    assert obj.pk == WorkingHours.objects.get(unit=province).pk
    assert working_periods_for_unit(unit=province) == (
        (time(8, 0), time(12, 0)),
        (time(13, 30), time(17, 30)),
    )
    assert AuditEvent.objects.filter(action="working_hours.set", actor=admin_user).count() == 1


def test_working_hours_admin_reports_bad_periods(admin_user: User, province: AdministrativeUnit) -> None:
    model_admin = WorkingHoursAdmin(WorkingHours, admin.site)
    form_class = model_admin.get_form(_request(admin_user))

    assert (
        "periods" in form_class(data={"unit": str(province.pk), "periods": "8:00-12:00, 11:00-17:00"}).errors
    )
    assert "periods" in form_class(data={"unit": str(province.pk), "periods": "8 to 12"}).errors
    assert "periods" in form_class(data={"unit": str(province.pk), "periods": "25:00-26:00"}).errors


def test_parse_periods_accepts_an_en_dash() -> None:
    assert parse_periods("07:30\u201311:30; 13:00 - 17:00") == (
        (time(7, 30), time(11, 30)),
        (time(13, 0), time(17, 0)),
    )
