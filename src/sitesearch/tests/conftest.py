"""A throwaway kind of search entry ("thing") for testing the index and the query on their own."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sitesearch import index


class Thing:
    def __init__(self, pk, **doc):
        self.pk = pk
        self.doc = doc


@pytest.fixture
def thing_kind():
    """Registers "thing" for one test; the registry is as before afterwards."""
    saved = dict(index._kinds)
    things: dict = {}
    index.register(
        "thing",
        label="Dingen",
        item_label="Ding",
        queryset=lambda: ThingQuerySet(things),
        build=lambda t: index.Document(**t.doc) if t.doc else None,
    )
    yield things
    index._kinds.clear()
    index._kinds.update(saved)


class ThingQuerySet:
    def __init__(self, things):
        self.things = things

    def iterator(self, chunk_size=None):
        return iter(list(self.things.values()))


@pytest.fixture
def put(thing_kind):
    """put(pk, title=..., audience=..., ...) stores a thing and indexes it."""

    def put(pk, **doc):
        doc.setdefault("url", f"/ding/{pk}/")
        doc.setdefault("date", timezone.now())
        thing = Thing(pk, **doc)
        thing_kind[pk] = thing
        return index.update("thing", thing)

    return put


@pytest.fixture
def other_kind(thing_kind):
    others: dict = {}
    index.register(
        "other",
        label="Anderen",
        queryset=lambda: ThingQuerySet(others),
        build=lambda t: index.Document(**t.doc) if t.doc else None,
    )
    return others


@pytest.fixture
def put_other(other_kind):
    """Like ``put``, for a second kind "other"."""

    def put_other(pk, **doc):
        doc.setdefault("url", f"/ander/{pk}/")
        other = Thing(pk, **doc)
        other_kind[pk] = other
        return index.update("other", other)

    return put_other
