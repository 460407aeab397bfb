"""``PreparedQuery``: the rows of the queryset it was built from, for each value bound, from SQL made once."""

from datetime import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from onestop.core.prepared import PreparedQuery

pytestmark = pytest.mark.django_db

_MARKER = "\x00codename"


def _by_codename(codename: str):  # type: ignore[no-untyped-def]
    return Permission.objects.annotate(app=F("content_type__app_label")).filter(codename=codename)


def test_each_value_finds_the_rows_the_queryset_finds_with_its_annotations() -> None:
    prepared = PreparedQuery(_by_codename, _MARKER)
    for codename in ("add_user", "view_contenttype", "no such permission"):
        expected = list(_by_codename(codename).values_list("pk", "app"))
        assert [(row.pk, row.app) for row in prepared.run(codename)] == expected
    assert expected == []
    assert [row.content_type_id for row in prepared.run("add_user")] == [
        ContentType.objects.get(model="user").pk
    ]


def test_the_sql_is_made_once_and_only_the_value_changes() -> None:
    prepared = PreparedQuery(_by_codename, _MARKER)
    with CaptureQueriesContext(connection) as queries:
        list(prepared.run("add_user"))
        list(prepared.run("view_contenttype"))
    first, second = (query["sql"] for query in queries.captured_queries)
    assert "add_user" in first
    assert "view_contenttype" in second
    assert first.replace("add_user", "view_contenttype") == second
    assert prepared._compiled is not None


def test_datetimes_come_back_timezone_aware() -> None:
    from onestop.accounts.models import User

    User.objects.create(username="prepared", full_name="Nguyễn Văn A")
    prepared = PreparedQuery(lambda name: User.objects.filter(username=name).only("date_joined"), "\x00name")
    (user,) = prepared.run("prepared")
    assert isinstance(user.date_joined, datetime)
    assert user.date_joined.tzinfo is not None


def test_a_marker_the_sql_lacks_or_repeats_is_refused() -> None:
    lacking = PreparedQuery(lambda _value: Permission.objects.all(), _MARKER)
    with pytest.raises(ImproperlyConfigured, match="0 parameters"):
        lacking.run("add_user")
    twice = PreparedQuery(lambda value: Permission.objects.filter(codename=value, name=value), _MARKER)
    with pytest.raises(ImproperlyConfigured, match="2 parameters"):
        twice.run("add_user")


def test_the_number_of_values_must_match_the_markers() -> None:
    with pytest.raises(TypeError, match="1 values expected, 2 given"):
        PreparedQuery(_by_codename, _MARKER).run("add_user", "view_contenttype")
