"""Searching: what a viewer may find, filtered and paged, through the configured search backend."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Length
from django.utils.translation import get_language
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, PlainText

from common.visibility import Role, Viewer

from .index import _in_database, kinds
from .models import Audience, SearchEntry, SearchEntryCouncil, SearchEntryReader, SearchEntryRole
from .text import search_terms, search_words, stem, term

PER_PAGE = 20
MAX_QUERY = 200
MAX_WORDS = 12  # more words only make an AND query find nothing


def visible_entries(viewer: Viewer):
    """The entries ``viewer`` may see: the same rules as the pages behind them. Kinds that are
    a public copy of what the viewer finds anyway (``Kind.hidden_for``) are left out, so nothing
    shows twice."""
    qs = SearchEntry.objects.all()
    hidden = sorted(k.code for k in kinds().values() if k.hidden_for and k.hidden_for(viewer))
    if hidden:
        qs = qs.exclude(kind__in=hidden)
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
    if viewer.roles:
        q |= Q(id__in=SearchEntryRole.objects.filter(role__in=viewer.roles).values("entry_id"))
    return qs.filter(q)


def backend_query(text: str):
    """Every word's term (``text.search_terms``: the Dutch stem without diacritics, which
    ``SearchEntry.stems`` holds for every word and compound part of the text).

    Only the terms go to the backend, never the punctuation around them: the backends read
    quotes, stars and brackets as query syntax."""
    words = search_terms(text)[:MAX_WORDS]
    if not words:
        return None
    if all(len(w) == 1 for w in words):
        return PlainText(" ".join(w[0] for w in words), operator="and")
    each = [
        Or([PlainText(a, operator="and") for a in w]) if len(w) > 1 else PlainText(w[0])
        for w in words
    ]
    return each[0] if len(each) == 1 else And(each)


def ranked(entries, text: str):
    """``entries`` best first, the same on every database: first those with more of the words
    in their title (a hyphenated word counts when written as one), of those the shorter titles
    (the closer match), then the newest. The database's own ranking (BM25 on SQLite,
    ``ts_rank`` on PostgreSQL) differs between the two, so it is not used."""
    words = search_terms(text)[:MAX_WORDS]
    in_title = sum(
        (
            Case(
                When(title_terms__contains=f" {w[0]} ", then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for w in words
        ),
        Value(0),
    )
    return (
        entries.annotate(in_title=in_title)
        .annotate(
            title_length=Case(
                When(in_title__gt=0, then=Length("title")),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by(
            F("in_title").desc(),
            F("title_length").asc(),
            F("date").desc(nulls_last=True),
            F("pk").desc(),
        )
    )


@dataclass
class Filters:
    kind: str = ""
    council_id: int | None = None
    onderwerp: str = ""
    regeling: str = ""


@dataclass
class Results:
    query: str
    page: Page | None = None  # a Paginator page of SearchEntry
    total: int = 0  # with every filter, as the page shows
    kind_counts: dict[str, int] = field(default_factory=dict)  # every filter except the kind


def _language_q() -> Q:
    language = (get_language() or "nl")[:2]
    return Q(language="") | Q(language=language)


def search(viewer: Viewer, text: str, filters: Filters | None = None, *, page=1) -> Results:
    """The page of entries ``viewer`` may see that match ``text``, best first, and how many
    there are of each kind (for the filter by kind)."""
    text = (text or "").strip()[:MAX_QUERY]
    filters = filters or Filters()
    query = backend_query(text)
    if query is None:
        return Results(query=text)
    narrowed = visible_entries(viewer).filter(_language_q())
    if filters.council_id:
        narrowed = narrowed.filter(council_id=filters.council_id)
    if filters.onderwerp:
        narrowed = narrowed.filter(onderwerp=filters.onderwerp)
    if filters.regeling:
        narrowed = narrowed.filter(regeling=filters.regeling)
    backend = get_search_backend()
    # Counts per kind for the filter, before narrowing by kind.
    kind_counts = {
        kind: count
        for kind, count in backend.search(query, narrowed, order_by_relevance=False)
        .facet("kind")
        .items()
        if count
    }
    if filters.kind:
        narrowed = narrowed.filter(kind=filters.kind)
    narrowed = narrowed.select_related("council")
    if _in_database(backend):
        results = backend.search(query, ranked(narrowed, text), order_by_relevance=False)
    else:  # a search server ranks by its own relevance
        results = backend.search(query, narrowed)
    paginator = Paginator(results, PER_PAGE)
    # The counts per kind already say how many there are: no second count of the matches.
    total = kind_counts.get(filters.kind, 0) if filters.kind else sum(kind_counts.values())
    paginator.__dict__["count"] = total
    page_obj = paginator.get_page(page)
    return Results(query=text, page=page_obj, total=total, kind_counts=kind_counts)


def similar(viewer: Viewer, text: str, *, kind: str, limit: int = 5) -> list[SearchEntry]:
    """Entries of one ``kind`` the viewer may see that share any word (or its Dutch stem, also
    without diacritics) with ``text``, best first: e.g. existing dossiers like the one a member
    is about to start."""
    typed = search_words(text or "")[: MAX_WORDS * 2]
    if not typed:
        return []
    words = " ".join(dict.fromkeys([*typed, *(stem(w) for w in typed), *map(term, typed)]))
    entries = visible_entries(viewer).filter(kind=kind)
    return list(get_search_backend().search(PlainText(words, operator="or"), entries)[:limit])
