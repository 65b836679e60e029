"""The fast reset of tests/fast_reset.py leaves the database exactly as Django's own does."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from tests import fast_reset

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _through_tables() -> set[str]:
    """Many-to-many tables: Django's own restore numbers their rows anew each time."""
    return {
        field.remote_field.through._meta.db_table
        for model in apps.get_models()
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    }


def _dump() -> dict[str, list[str]]:
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    renumbered = _through_tables()
    dump = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            skip = 1 if table in renumbered else 0
            rows = sorted(repr(row[skip:]) for row in cursor.fetchall())
            if rows:
                dump[table] = rows
    return dump


def _flush():
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)


def test_the_fast_restore_and_emptying_give_the_state_djangos_own_give():
    data = connection._test_serialized_contents
    at_start = _dump()
    assert at_start, "the migrations wrote rows (pages, sites, groups) to restore"

    _flush()
    fast_reset._django_deserialize(connection.creation, data)
    by_django = _dump()

    _flush()
    fast_reset.deserialize_db_from_string(connection.creation, data)  # snapshot taken, or used
    _flush()
    fast_reset.deserialize_db_from_string(connection.creation, data)  # from the snapshot
    by_snapshot = _dump()

    assert by_django == at_start
    assert by_snapshot == by_django

    if connection.vendor == "postgresql":
        fast_reset._empty_postgresql(connection)
        assert _dump() == {}
        assert fast_reset._tables_with_rows(connection) == []
