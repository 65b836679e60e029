"""Keeping the search index up to date.

An app registers a *kind* in its ``search_index.py``: which model it indexes and a function that
turns one object into a ``Document`` (or ``None`` when it should not be found). The app calls
``update(kind, obj)`` when the object changes and ``remove(kind, pk)`` when it goes;
``rebuild()`` (``manage.py search_rebuild``) builds everything again.

The database backends (SQLite FTS5, PostgreSQL) keep their index in the same database, so the
entry is indexed in the caller's transaction: a rolled-back change leaves no index row behind and
a committed one is found at once. A search server (OpenSearch, Elasticsearch) is only told after
the commit, and a failure there is logged, not raised: ``search_rebuild`` repairs it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from wagtail.search.backends import get_search_backends

from .models import Audience, SearchEntry, SearchEntryCouncil, SearchEntryReader, SearchEntryRole
from .text import stems_of, terms_of

logger = logging.getLogger(__name__)

MAX_BODY = 200_000  # characters of a document's text that go into the index


@dataclass
class Document:
    """What one object puts in the index.

    ``audience`` says who may see it; ``councils`` (members of these councils), ``readers``
    (these users) and ``roles`` (whoever holds one of these roles, e.g. liaisons) may see it as
    well, whatever the audience (e.g. people invited to a meeting that is otherwise for council
    members). For ``restricted`` they are the only ones."""

    title: str
    url: str
    audience: str
    body: str = ""
    date: datetime | None = None
    council_id: int | None = None
    regeling: str = ""
    onderwerp: str = ""
    councils: Iterable[int] = field(default_factory=tuple)
    readers: Iterable[int] = field(default_factory=tuple)
    roles: Iterable[str] = field(default_factory=tuple)
    language: str = ""  # "" for every language; "nl"/"en" for a page in one language


@dataclass
class Kind:
    code: str
    label: str  # plural, shown as a filter ("Dossiers")
    queryset: Callable[[], QuerySet]
    build: Callable[[Model], Document | None]
    item_label: str = ""  # singular, shown beside a result ("Dossier")
    # Whom this kind's entries are not shown to, although they may see them: a public copy of
    # something (the results page's advice) for those who find the original itself.
    hidden_for: Callable[[object], bool] | None = None

    @property
    def singular(self) -> str:
        return self.item_label or self.label


_kinds: dict[str, Kind] = {}


def register(
    code: str,
    *,
    label,
    queryset: Callable[[], QuerySet],
    build,
    item_label="",
    hidden_for: Callable[[object], bool] | None = None,
) -> None:
    _kinds[code] = Kind(code, label, queryset, build, item_label, hidden_for)


def kinds() -> dict[str, Kind]:
    return dict(_kinds)


def _entry_values(doc: Document) -> dict:
    if doc.audience not in Audience.values:
        raise ValueError(f"unknown audience {doc.audience!r}")
    body = (doc.body or "")[:MAX_BODY]
    return {
        "title": (doc.title or "")[:300],
        "body": body,
        "stems": stems_of(f"{doc.title} {body}"),
        "title_terms": f" {' '.join(terms_of(doc.title))} ",
        "url": doc.url,
        "date": doc.date,
        "council_id": doc.council_id,
        "regeling": doc.regeling or "",
        "onderwerp": doc.onderwerp or "",
        "audience": doc.audience,
        "language": doc.language or "",
    }


def _backends():
    return list(get_search_backends(with_auto_update=True))


def _in_database(backend) -> bool:
    # Wagtail's database backends (SQLite FTS5, PostgreSQL, the fallback) and our subclasses.
    return any(
        cls.__module__.startswith("modelsearch.backends.database") for cls in type(backend).__mro__
    )


def _write(kind: str, obj: Model) -> SearchEntry | None:
    """The entry and its audience, without telling the backends."""
    doc = _kinds[kind].build(obj)
    if doc is None:
        remove(kind, obj.pk)
        return None
    with transaction.atomic():
        entry, _ = SearchEntry.objects.update_or_create(
            kind=kind, key=str(obj.pk), defaults=_entry_values(doc)
        )
        _set_audience(entry, doc)
    return entry


def update(kind: str, obj: Model) -> SearchEntry | None:
    """Write (or remove) the entry for ``obj`` and index it."""
    entry = _write(kind, obj)
    if entry is not None:
        _index([entry])
    return entry


def _set_audience(entry: SearchEntry, doc: Document) -> None:
    councils, readers = set(doc.councils), set(doc.readers)
    have = set(SearchEntryCouncil.objects.filter(entry=entry).values_list("council_id", flat=True))
    if have - councils:
        SearchEntryCouncil.objects.filter(entry=entry, council_id__in=have - councils).delete()
    if councils - have:
        SearchEntryCouncil.objects.bulk_create(
            [SearchEntryCouncil(entry=entry, council_id=c) for c in councils - have]
        )
    have = set(SearchEntryReader.objects.filter(entry=entry).values_list("user_id", flat=True))
    if have - readers:
        SearchEntryReader.objects.filter(entry=entry, user_id__in=have - readers).delete()
    if readers - have:
        SearchEntryReader.objects.bulk_create(
            [SearchEntryReader(entry=entry, user_id=u) for u in readers - have]
        )
    roles = set(doc.roles)
    have = set(SearchEntryRole.objects.filter(entry=entry).values_list("role", flat=True))
    if have - roles:
        SearchEntryRole.objects.filter(entry=entry, role__in=have - roles).delete()
    if roles - have:
        SearchEntryRole.objects.bulk_create(
            [SearchEntryRole(entry=entry, role=r) for r in roles - have]
        )


def _add(backend, entries: list[SearchEntry]) -> None:
    try:
        backend.add_bulk(SearchEntry, entries)
    except Exception:
        # An outside search server that is down must not lose the change itself: the entry
        # is saved, and ``search_rebuild`` puts it in the index later.
        if not backend.catch_indexing_errors:
            raise
        logger.exception("search index update failed")


def _index(entries: list[SearchEntry]) -> None:
    for backend in _backends():
        if _in_database(backend):
            _add(backend, entries)
        else:
            transaction.on_commit(lambda backend=backend: _add(backend, entries))


def _delete(backend, entry: SearchEntry) -> None:
    try:
        backend.delete(entry)
    except Exception:
        if not backend.catch_indexing_errors:
            raise
        logger.exception("search index delete failed")


def remove(kind: str, pk) -> None:
    entries = list(SearchEntry.objects.filter(kind=kind, key=str(pk)))
    for entry in entries:
        for backend in _backends():
            if _in_database(backend):
                _delete(backend, entry)
            else:
                gone = SearchEntry(pk=entry.pk)
                transaction.on_commit(lambda backend=backend, gone=gone: _delete(backend, gone))
        entry.delete()


def rebuild(only: Iterable[str] | None = None, *, batch: int = 500) -> dict[str, int]:
    """Build the entries of the given kinds (all by default) again from their sources, and
    remove entries whose source is gone."""
    counts = {}
    for code, kind in _kinds.items():
        if only and code not in only:
            continue
        started = timezone.now()
        kept = 0
        written: list[SearchEntry] = []
        for obj in kind.queryset().iterator(chunk_size=batch):
            entry = _write(code, obj)
            if entry is not None:
                written.append(entry)
                kept += 1
            if len(written) >= batch:
                _index(written)
                written = []
        if written:
            _index(written)
        # Whatever was not written again since the start has no source any more.
        stale = SearchEntry.objects.filter(kind=code, indexed_at__lt=started)
        for key in list(stale.values_list("key", flat=True)):
            remove(code, key)
        counts[code] = kept
    from .tasks import search_analyze

    search_analyze()
    return counts
