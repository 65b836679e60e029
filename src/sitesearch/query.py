"""Searching: what a viewer may find, filtered and paged, through the configured search backend."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Q
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Or, PlainText

from common.visibility import Role, Viewer

from .models import Audience, SearchEntry, SearchEntryCouncil, SearchEntryReader
from .text import query_words, stem

PER_PAGE = 20
MAX_QUERY = 200


def visible_entries(viewer: Viewer):
    """The entries ``viewer`` may see: the same rules as the pages behind them."""
    qs = SearchEntry.objects.all()
    if Role.ADMINISTRATOR in viewer.roles:
        return qs
    q = Q(audience=Audience.PUBLIC)
    if viewer.is_authenticated:
        q |= Q(audience=Audience.LOGGED_IN)
        q |= Q(id__in=SearchEntryReader.objects.filter(user_id=viewer.user_id).values("entry_id"))
    if viewer.is_council_member:
        q |= Q(audience=Audience.MEMBERS)
    if viewer.is_council_member or viewer.working_group_ids:
        q |= Q(audience=Audience.MEMBERS_GROUPS)
    if viewer.council_ids:
        q |= Q(
            id__in=SearchEntryCouncil.objects.filter(council_id__in=viewer.council_ids).values(
                "entry_id"
            )
        )
    return qs.filter(q)


def backend_query(text: str):
    """The words as typed, or their Dutch stems (which ``SearchEntry.stems`` holds)."""
    plain = PlainText(text, operator="and")
    stemmed = " ".join(stem(w) for w in query_words(text))
    if not stemmed or stemmed == " ".join(query_words(text)):
        return plain
    return Or([plain, PlainText(stemmed, operator="and")])


@dataclass
class Filters:
    kind: str = ""
    council_id: int | None = None
    onderwerp: str = ""
    regeling: str = ""


@dataclass
class Results:
    query: str
    page: object = None  # a Paginator page of SearchEntry
    total: int = 0
    kind_counts: dict[str, int] = field(default_factory=dict)


def search(viewer: Viewer, text: str, filters: Filters | None = None, *, page: int = 1) -> Results:
    text = (text or "").strip()[:MAX_QUERY]
    filters = filters or Filters()
    if not query_words(text):
        return Results(query=text)
    qs = visible_entries(viewer)
    backend = get_search_backend()
    query = backend_query(text)
    # Counts per kind for the filter, before narrowing by kind.
    narrowed = qs
    if filters.council_id:
        narrowed = narrowed.filter(council_id=filters.council_id)
    if filters.onderwerp:
        narrowed = narrowed.filter(onderwerp=filters.onderwerp)
    if filters.regeling:
        narrowed = narrowed.filter(regeling=filters.regeling)
    kind_counts = dict(backend.search(query, narrowed).facet("kind"))
    if filters.kind:
        narrowed = narrowed.filter(kind=filters.kind)
    results = backend.search(query, narrowed)
    paginator = Paginator(results, PER_PAGE)
    page_obj = paginator.get_page(page)
    return Results(query=text, page=page_obj, total=paginator.count, kind_counts=kind_counts)
