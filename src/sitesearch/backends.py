"""Wagtail's database search backends, made fast enough for 100,000 entries.

Wagtail's (modelsearch's) database backends are used as they are for indexing and matching.
Two things are changed, both measured in ``bench/search_bench.py``:

- SQLite: when ranking, the stock compiler scores each hit with a correlated subquery that runs
  the FTS5 match again for every row, so a common word takes seconds. Here the match runs once:
  the FTS5 hits with their BM25 rank, limited to the entries the viewer may see, ordered and
  sliced in SQL; then only that page of entries is loaded.
- PostgreSQL: the backend matches on ``title || body`` of the index entry, which its separate
  GIN indexes cannot serve; migration 0003 adds a GIN index on exactly that expression.
- Both: the title weighting is recalculated nightly and after a rebuild instead of after every
  update (``backends_common.py``).

``SEARCH_URL`` (OpenSearch, Elasticsearch) does not use this module."""

from __future__ import annotations

from django.db import connection
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend


def SearchBackend(params):  # noqa: N802 (Wagtail looks up this name in a backend module)
    """Like ``wagtail.search.backends.database``: the backend for the default database."""
    backend = DatabaseSearchBackend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        from .backends_sqlite import RankOnceSQLiteBackend

        if isinstance(backend, SQLiteSearchBackend):
            return RankOnceSQLiteBackend(params)
    if connection.vendor == "postgresql":
        from .backends_postgres import SitePostgresBackend

        return SitePostgresBackend(params)
    return backend
