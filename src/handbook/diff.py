"""What changed in a chapter between the version a member saw and the live one: sections added,
removed, renamed or changed, and within a changed section the paragraphs that came or went
(difflib over the sections' paragraphs)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import datetime

from .text import paragraphs


@dataclass
class SectionChange:
    kind: str  # "added", "removed" or "changed"
    title: str
    anchor: str = ""  # where the section is in the live chapter (not for removed ones)
    old_title: str = ""  # when the heading itself changed
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class ChapterChanges:
    since: datetime
    sections: list[SectionChange] = field(default_factory=list)
    old_title: str = ""
    intro_changed: bool = False
    unknown: bool = False  # the version they saw is no longer kept

    def __bool__(self):
        return self.unknown or bool(self.sections or self.old_title or self.intro_changed)


@dataclass
class _Part:
    key: str  # the StreamField block id
    title: str
    paragraphs: list[str]
    anchor: str = ""


def _parts(chapter, anchors: dict[str, str] | None = None) -> list[_Part]:
    anchors = anchors or {}
    return [
        _Part(
            key=block.id or "",
            title=block.value["title"],
            paragraphs=paragraphs(getattr(block.value["body"], "source", block.value["body"])),
            anchor=anchors.get(block.id or "", ""),
        )
        for block in chapter.body
    ]


def _match(old: list[_Part], new: list[_Part]) -> dict[int, int]:
    """new index -> old index: the same block (by id) first, else the same heading."""
    pairs: dict[int, int] = {}
    old_by_key = {p.key: i for i, p in enumerate(old) if p.key}
    for i, part in enumerate(new):
        if part.key and part.key in old_by_key:
            pairs[i] = old_by_key[part.key]
    taken = set(pairs.values())
    for i, part in enumerate(new):
        if i in pairs:
            continue
        for j, candidate in enumerate(old):
            if j not in taken and candidate.title == part.title:
                pairs[i] = j
                taken.add(j)
                break
    return pairs


def paragraph_changes(old: list[str], new: list[str]) -> tuple[list[str], list[str]]:
    """(added, removed) paragraphs, in the order they appear."""
    added, removed = [], []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            removed += old[a1:a2]
        if op in ("insert", "replace"):
            added += new[b1:b2]
    return added, removed


def compare(old_chapter, new_chapter, *, since: datetime) -> ChapterChanges:
    """The changes from ``old_chapter`` (a revision's page) to ``new_chapter`` (the live page)."""
    anchors = {s.block.id: s.anchor for s in new_chapter.sections()}
    old, new = _parts(old_chapter), _parts(new_chapter, anchors)
    pairs = _match(old, new)
    changes = ChapterChanges(since=since)
    if old_chapter.title != new_chapter.title:
        changes.old_title = old_chapter.title
    changes.intro_changed = (old_chapter.intro or "").strip() != (new_chapter.intro or "").strip()
    for i, part in enumerate(new):
        if i not in pairs:
            changes.sections.append(
                SectionChange("added", part.title, part.anchor, added=part.paragraphs)
            )
            continue
        before = old[pairs[i]]
        added, removed = paragraph_changes(before.paragraphs, part.paragraphs)
        renamed = before.title != part.title
        if added or removed or renamed:
            changes.sections.append(
                SectionChange(
                    "changed",
                    part.title,
                    part.anchor,
                    old_title=before.title if renamed else "",
                    added=added,
                    removed=removed,
                )
            )
    matched_old = set(pairs.values())
    for j, part in enumerate(old):
        if j not in matched_old:
            changes.sections.append(SectionChange("removed", part.title, removed=part.paragraphs))
    return changes
