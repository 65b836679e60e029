"""A stand-in for a search server (OpenSearch, Elasticsearch) that records what it is told, or
fails like a server that is down."""

from __future__ import annotations

from wagtail.search.backends.base import BaseSearchBackend

calls: list[tuple[str, list]] = []
down = False


class SearchBackend(BaseSearchBackend):
    catch_indexing_errors = True

    def add_bulk(self, model, obj_list):
        if down:
            raise ConnectionError("search server down")
        calls.append(("add", [o.pk for o in obj_list]))

    def delete(self, obj):
        if down:
            raise ConnectionError("search server down")
        calls.append(("delete", [obj.pk]))
