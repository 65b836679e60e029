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


_kinds: dict[str, LinkKind] = {}


def register(kind: LinkKind) -> None:
    _kinds[kind.code] = kind


def link_kinds() -> dict[str, LinkKind]:
    return dict(_kinds)


def link_kind(code: str) -> LinkKind | None:
    return _kinds.get(code)
