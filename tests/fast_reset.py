"""A faster reset of the database around transactional tests (the browser tests), for CI time.

Django does two slow things around each test marked ``transaction=True, serialized_rollback=True``:

- before it, it restores what the migrations wrote (pages, sites, groups, locales) by parsing
  JSON and saving object by object: 1 to 2.5 s on a busy machine;
- after it, ``flush`` empties every table; on PostgreSQL that is one TRUNCATE of all ~250
  tables, 0.6 to 1.3 s, however few rows the test wrote.

Here the first restore in a process is Django's own; the rows it wrote are then copied table
by table (``COPY`` on PostgreSQL, ``SELECT`` on SQLite) and every later restore writes those rows
back in one transaction. After a test, on PostgreSQL, only the tables that hold rows are emptied
with DELETE (foreign keys are checked at commit, when all of them are empty). Both give the
database the same state as Django's way (``tests/test_fast_reset.py`` compares them); anything
unexpected falls back to Django's way. Tests without serialized_rollback keep Django's flush,
which also re-runs post_migrate for them."""

from __future__ import annotations

import os

from django.db import DatabaseError, connections, transaction
from django.db.backends.base.creation import BaseDatabaseCreation
from django.test.testcases import TransactionTestCase

_django_deserialize = BaseDatabaseCreation.deserialize_db_from_string
_django_teardown = TransactionTestCase._fixture_teardown

# (alias, hash of the serialized data) → [(table, columns, rows or COPY data)]
_snapshots: dict[tuple[str, int], list[tuple[str, list[str], object]]] = {}


def _quote(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def _capture(connection, tables: set[str]) -> list[tuple[str, list[str], object]]:
    snapshot = []
    with connection.cursor() as cursor:
        for table in sorted(tables):
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {_quote(connection, table)} TO STDOUT") as copy:
                    data = b"".join(bytes(chunk) for chunk in copy)
                snapshot.append((table, [], data))
            else:
                cursor.execute(f"SELECT * FROM {_quote(connection, table)}")  # noqa: S608
                columns = [column[0] for column in cursor.description]
                snapshot.append((table, columns, cursor.fetchall()))
    return snapshot


def _restore(connection, snapshot) -> None:
    with transaction.atomic(using=connection.alias), connection.constraint_checks_disabled():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table, columns, rows in snapshot:
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(f"COPY {_quote(connection, table)} FROM STDIN") as copy:
                        copy.write(rows)
                elif rows:
                    names = ", ".join(_quote(connection, c) for c in columns)
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(
                        f"INSERT INTO {_quote(connection, table)} ({names}) VALUES ({marks})",  # noqa: S608
                        rows,
                    )
        connection.check_constraints(table_names=[table for table, _c, _r in snapshot])


def deserialize_db_from_string(self, data):
    key = (self.connection.alias, hash(data))
    snapshot = _snapshots.get(key)
    if snapshot is not None:
        _restore(self.connection, snapshot)
        return
    _django_deserialize(self, data)
    # The database was empty before (flushed): every table with rows now holds restored data,
    # many-to-many tables included.
    _snapshots[key] = _capture(self.connection, set(_tables_with_rows(self.connection)))


def _tables_with_rows(connection) -> list[str]:
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    if not tables:
        return []
    sql = " UNION ALL ".join(
        f"SELECT %s WHERE EXISTS (SELECT 1 FROM {_quote(connection, t)})"  # noqa: S608
        for t in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(tables))
        return [row[0] for row in cursor.fetchall()]


def _empty_postgresql(connection) -> None:
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in _tables_with_rows(connection):
            cursor.execute(f"DELETE FROM {_quote(connection, table)}")  # noqa: S608


def _fixture_teardown(self):
    fast = (
        self.available_apps is None
        and self.serialized_rollback
        and not self.reset_sequences
        and all(
            connections[name].vendor == "postgresql"
            and hasattr(connections[name], "_test_serialized_contents")
            for name in self._databases_names(include_mirrors=False)
        )
    )
    if not fast:
        return _django_teardown(self)
    try:
        for name in self._databases_names(include_mirrors=False):
            _empty_postgresql(connections[name])
    except DatabaseError:  # e.g. a foreign key that cannot wait for the commit
        return _django_teardown(self)
    return None


def install() -> None:
    """Patch Django's reset; ``TEST_DJANGO_RESET=1`` keeps Django's own (to compare)."""
    if os.environ.get("TEST_DJANGO_RESET"):
        return
    BaseDatabaseCreation.deserialize_db_from_string = deserialize_db_from_string
    TransactionTestCase._fixture_teardown = _fixture_teardown
