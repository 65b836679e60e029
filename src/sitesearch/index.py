"""Keeping the search index up to date.

An app registers a *kind* in its ``search_index.py``: which model it indexes and a function that
turns one object into a ``Document`` (or ``None`` when it should not be found). The app calls
``update(kind, obj)`` when the object changes and ``remove(kind, pk)`` when it goes;
``rebuild()`` (``manage.py search_rebuild``) builds everything again."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from wagtail.search.backends import get_search_backends

from .models import Audience, SearchEntry, SearchEntryCouncil, SearchEntryReader
from .text import stems_of

logger = logging.getLogger(__name__)

MAX_BODY = 200_000  # characters of a document's text that go into the index


@dataclass
class Document:
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


@dataclass
class Kind:
    code: str
    label: str  # plural, shown as a filter ("Dossiers")
    queryset: Callable[[], QuerySet]
    build: Callable[[Model], Document | None]


_kinds: dict[str, Kind] = {}


def register(code: str, *, label, queryset: Callable[[], QuerySet], build) -> None:
    _kinds[code] = Kind(code, label, queryset, build)


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
        "url": doc.url,
        "date": doc.date,
        "council_id": doc.council_id,
        "regeling": doc.regeling or "",
        "onderwerp": doc.onderwerp or "",
        "audience": doc.audience,
    }


def _backends():
    return list(get_search_backends(with_auto_update=True))


def update(kind: str, obj: Model) -> SearchEntry | None:
    """Write (or remove) the entry for ``obj``; the search backends follow after commit."""
    doc = _kinds[kind].build(obj)
    if doc is None:
        remove(kind, obj.pk)
        return None
    with transaction.atomic():
        entry, _ = SearchEntry.objects.update_or_create(
            kind=kind, key=str(obj.pk), defaults=_entry_values(doc)
        )
        _set_audience(entry, doc)
    transaction.on_commit(lambda: _index([entry]))
    return entry


def _set_audience(entry: SearchEntry, doc: Document) -> None:
    councils = set(doc.councils) if doc.audience == Audience.RESTRICTED else set()
    readers = set(doc.readers) if doc.audience == Audience.RESTRICTED else set()
    have = set(SearchEntryCouncil.objects.filter(entry=entry).values_list("council_id", flat=True))
    SearchEntryCouncil.objects.filter(entry=entry, council_id__in=have - councils).delete()
    SearchEntryCouncil.objects.bulk_create(
        [SearchEntryCouncil(entry=entry, council_id=c) for c in councils - have]
    )
    have = set(SearchEntryReader.objects.filter(entry=entry).values_list("user_id", flat=True))
    SearchEntryReader.objects.filter(entry=entry, user_id__in=have - readers).delete()
    SearchEntryReader.objects.bulk_create(
        [SearchEntryReader(entry=entry, user_id=u) for u in readers - have]
    )


def _index(entries: list[SearchEntry]) -> None:
    for backend in _backends():
        try:
            backend.add_bulk(SearchEntry, entries)
        except Exception:
            # An outside search server that is down must not lose the change itself: the entry
            # is saved, and ``search_rebuild`` puts it in the index later.
            if not backend.catch_indexing_errors:
                raise
            logger.exception("search index update failed")


def remove(kind: str, pk) -> None:
    entries = list(SearchEntry.objects.filter(kind=kind, key=str(pk)))
    for entry in entries:
        for backend in _backends():
            try:
                backend.delete(entry)
            except Exception:
                if not backend.catch_indexing_errors:
                    raise
                logger.exception("search index delete failed")
        entry.delete()


def rebuild(only: Iterable[str] | None = None, *, batch: int = 500) -> dict[str, int]:
    """Build the entries of the given kinds (all by default) again from their sources."""
    counts = {}
    for code, kind in _kinds.items():
        if only and code not in only:
            continue
        started = timezone.now()
        kept = 0
        for obj in kind.queryset().iterator(chunk_size=batch):
            kept += update(code, obj) is not None
        # Whatever was not written again since the start has no source any more.
        stale = SearchEntry.objects.filter(kind=code, indexed_at__lt=started)
        for key in list(stale.values_list("key", flat=True)):
            remove(code, key)
        counts[code] = kept
    return counts
