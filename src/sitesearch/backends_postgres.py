"""The PostgreSQL part of ``sitesearch.backends`` (imported only on PostgreSQL)."""

from __future__ import annotations

from modelsearch.backends.database.postgres.postgres import PostgresIndex, PostgresSearchBackend

from .backends_common import DeferredTitleNormsMixin


class DeferredNormsPostgresIndex(DeferredTitleNormsMixin, PostgresIndex):
    pass


class SitePostgresBackend(PostgresSearchBackend):
    index_class = DeferredNormsPostgresIndex
