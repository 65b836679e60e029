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


def openable(viewer: Viewer, links) -> dict[int, str]:
    """Of ``links`` (DossierLink rows), those the viewer may open: link pk → the object's URL.
    A link whose kind is no longer registered or whose object is gone is left out."""
    by_kind: dict[str, list] = {}
    for link in links:
        by_kind.setdefault(link.kind, []).append(link)
    result = {}
    for code, rows in by_kind.items():
        kind = _kinds.get(code)
        if kind is None:
            continue
        objects = kind.objects(viewer, sorted({row.object_id for row in rows}))
        for row in rows:
            obj = objects.get(row.object_id)
            if obj is not None and kind.can_view(viewer, obj):
                result[row.pk] = kind.url(obj)
    return result
