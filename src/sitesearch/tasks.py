"""Keeping the search fast: planner statistics for the tables a search joins. Without them
SQLite picks a plan that scans every entry per hit (seconds at 100,000 entries, see
bench/search_bench.py); PostgreSQL's autovacuum usually does this itself."""

from __future__ import annotations

from django.db import connection
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .models import SearchEntry, SearchEntryCouncil, SearchEntryReader


def search_analyze() -> None:
    """Title weights for entries added since the last run, then planner statistics."""
    from wagtail.search.backends import get_search_backends
    from wagtail.search.models import IndexEntry

    for backend in get_search_backends():
        index = backend.get_index_for_model(SearchEntry)
        if hasattr(index, "refresh_title_norms_now"):
            index.refresh_title_norms_now()

    tables = [
        m._meta.db_table for m in (SearchEntry, SearchEntryCouncil, SearchEntryReader, IndexEntry)
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'ANALYZE "{table}"')


@db_periodic_task(crontab(hour="3", minute="40"))
def search_analyze_daily() -> None:
    search_analyze()
