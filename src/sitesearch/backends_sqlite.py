"""The SQLite part of ``sitesearch.backends`` (imported only on SQLite: modelsearch defines its
FTS5 model only there)."""

from __future__ import annotations

from django.db.models import CharField
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from .backends_common import DeferredTitleNormsMixin


class RankOnceSQLiteCompiler(SQLiteSearchQueryCompiler):
    def search(self, config, start, stop, score_field=None):
        query = normalize(self.query)
        ranked_page = (
            self.order_by_relevance
            and score_field is None
            and not (start is None and stop is None)
            and not isinstance(query, (MatchAll, Not))
        )
        if not ranked_page:
            # Counts and facets need no rank: the stock path is one uncorrelated IN.
            relevance, self.order_by_relevance = self.order_by_relevance, False
            try:
                return super().search(config, start, stop, score_field)
            finally:
                self.order_by_relevance = relevance
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
        )
        rank = self._build_rank_expression(self.get_search_vectors(), config)
        visible_keys = self.queryset.annotate(_key=Cast("pk", CharField())).values("_key")
        hits = (
            SQLiteFTSIndexEntry.objects.filter(match)
            .filter(
                index_entry__content_type__in=get_descendants_content_types_pks(
                    self.queryset.model
                ),
                index_entry__object_id__in=visible_keys,
            )
            .annotate(score=rank)
            .order_by("score", "-index_entry__object_id")  # BM25: lower is better
            .values_list("index_entry__object_id", flat=True)[start:stop]
        )
        keys = [int(key) for key in hits]
        found = self.queryset.in_bulk(keys)
        return [found[key] for key in keys if key in found]


class RankOnceSQLiteResults(SQLiteSearchResults):
    def _do_search(self):
        return list(self.get_queryset())

    def _do_count(self):
        compiler = self.query_compiler
        return compiler.search(compiler.get_config(self.backend), None, None).count()


class DeferredNormsSQLiteIndex(DeferredTitleNormsMixin, SQLiteIndex):
    pass


class RankOnceSQLiteBackend(SQLiteSearchBackend):
    query_compiler_class = RankOnceSQLiteCompiler
    results_class = RankOnceSQLiteResults
    index_class = DeferredNormsSQLiteIndex
