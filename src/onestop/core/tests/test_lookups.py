"""``any_of``: the rows ``in`` finds, with the ids sent as one array on PostgreSQL."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

pytestmark = pytest.mark.django_db


def test_any_of_finds_what_in_finds_on_fields_and_foreign_keys() -> None:
    type_ids = frozenset(ContentType.objects.order_by("pk").values_list("pk", flat=True)[:5])
    permission_ids = list(Permission.objects.order_by("pk").values_list("pk", flat=True)[::3])
    assert type_ids
    by_key = Permission.objects.order_by("pk")
    assert list(by_key.filter(content_type_id__any_of=type_ids)) == list(
        by_key.filter(content_type_id__in=type_ids)
    )
    by_type = by_key.filter(content_type__any_of=type_ids)
    assert list(by_type) == list(by_key.filter(content_type__in=type_ids))
    assert list(by_key.filter(pk__any_of=permission_ids)) == list(by_key.filter(pk__in=permission_ids))
    assert list(by_key.filter(pk__any_of=[])) == []
    assert list(by_key.filter(pk__any_of=[None])) == []


def test_any_of_sends_the_ids_as_one_array_on_postgresql(on_postgres: None) -> None:
    ids = list(range(1, 301))
    found = Permission.objects.filter(content_type_id__any_of=ids)
    sql, params = found.query.sql_with_params()
    assert '"content_type_id" = ANY(%s::' in sql
    assert params == (ids,)
    assert list(found) == list(Permission.objects.filter(content_type_id__in=ids))
