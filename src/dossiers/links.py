"""What can be linked to a dossier. Apps register a kind in their ``dossier_links.py`` (found by
``DossiersConfig.ready``): how to find an object by its reference, what to call it, where it
lives and who may open it. The dossiers app itself imports none of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from common.visibility import Viewer


@dataclass(frozen=True)
class LinkKind:
    code: str
    label: str  # "Vergadering", "Signaal", "Advies"
    # reference typed by a member (e.g. "S-2026-000123" or a URL) → the object, or None
    find: Callable[[str], object | None]
    describe: Callable[[object], str]  # label shown on the timeline; no personal data
    url: Callable[[object], str]
    can_view: Callable[[Viewer, object], bool]
    get: Callable[[str], object | None]  # by object_id
    # Optional: the objects of many ids at once, prepared so ``can_view`` needs no further query
    # for this viewer (a dossier page shows all its links in a fixed number of queries).
    get_many: Callable[[Viewer, list[str]], dict[str, object]] | None = None

    def objects(self, viewer: Viewer, object_ids: list[str]) -> dict[str, object]:
        if self.get_many is not None:
            return self.get_many(viewer, object_ids)
        found = {}
        for object_id in object_ids:
            obj = self.get(object_id)
            if obj is not None:
                found[object_id] = obj
        return found


_kinds: dict[str, LinkKind] = {}


def register(kind: LinkKind) -> None:
    _kinds[kind.code] = kind


def link_kinds() -> dict[str, LinkKind]:
    return dict(_kinds)


def link_kind(code: str) -> LinkKind | None:
    return _kinds.get(code)


def openable_objects(viewer: Viewer, pairs) -> dict[tuple[str, str], str]:
    """Of ``pairs`` ((kind, object_id)), those the viewer may open: pair → the object's URL,
    by the kind's own ``can_view`` (the rule of the object's page). One query per kind. A kind
    no longer registered or an object that is gone is left out: nobody opens it."""
    by_kind: dict[str, set] = {}
    for code, object_id in pairs:
        by_kind.setdefault(code, set()).add(object_id)
    result = {}
    for code, object_ids in by_kind.items():
        kind = _kinds.get(code)
        if kind is None:
            continue
        for object_id, obj in kind.objects(viewer, sorted(object_ids)).items():
            if obj is not None and kind.can_view(viewer, obj):
                result[(code, object_id)] = kind.url(obj)
    return result


class OpenableCache:
    """``openable_objects`` for one viewer, remembering each pair's answer (also "may not
    open"), so a page that asks twice ("Gekoppeld" and the timeline's link lines, mostly the same
    objects) looks each object up once. Lives for one request; never shared between viewers."""

    def __init__(self, viewer: Viewer):
        self.viewer = viewer
        self._known: dict[tuple[str, str], str | None] = {}

    def __call__(self, pairs) -> dict[tuple[str, str], str]:
        pairs = set(pairs)
        missing = pairs - self._known.keys()
        if missing:
            found = openable_objects(self.viewer, missing)
            for pair in missing:
                self._known[pair] = found.get(pair)
        return {pair: self._known[pair] for pair in pairs if self._known[pair] is not None}


def openable(viewer: Viewer, links, *, resolve: OpenableCache | None = None) -> dict[int, str]:
    """Of ``links`` (DossierLink rows), those the viewer may open: link pk → the object's URL."""
    links = list(links)
    pairs = {(link.kind, link.object_id) for link in links}
    urls = resolve(pairs) if resolve is not None else openable_objects(viewer, pairs)
    return {
        link.pk: urls[(link.kind, link.object_id)]
        for link in links
        if (link.kind, link.object_id) in urls
    }
