"""What changed in a chapter between two versions: sections added, removed, renamed or changed,
and within a changed section the paragraphs that came or went (difflib over the sections'
paragraphs). ``marked`` goes one step further for the page of an earlier version: the whole
chapter, with the words that came or went marked within each paragraph."""

from __future__ import annotations

import difflib
import re
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


# Words, runs of spaces and single marks: a changed comma does not mark the word before it.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "added" or "removed"
    text: str


def word_changes(old: str, new: str) -> list[Piece]:
    """``new`` as pieces of text, with what ``old`` had instead marked as removed."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    pieces: list[Piece] = []
    removed: list[str] = []
    added: list[str] = []

    def flush():
        if removed:
            pieces.append(Piece("removed", "".join(removed)))
        if added:
            pieces.append(Piece("added", "".join(added)))
        removed.clear()
        added.clear()

    opcodes = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    for n, (op, a1, a2, b1, b2) in enumerate(opcodes):
        if op != "equal":
            removed += a[a1:a2]
            added += b[b1:b2]
            continue
        text = "".join(b[b1:b2])
        if text.isspace() and (removed or added) and n + 1 < len(opcodes):
            # Only a space between two changes: one change, not many small ones.
            removed.append(text)
            added.append(text)
            continue
        flush()
        pieces.append(Piece("same", text))
    flush()
    return pieces


def _paragraph_pieces(old: list[str], new: list[str]) -> list[list[Piece]]:
    out: list[list[Piece]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out += [[Piece("same", text)] for text in new[b1:b2]]
            continue
        before, after = old[a1:a2], new[b1:b2]
        for o, n in zip(before, after, strict=False):
            out.append(word_changes(o, n))
        out += [[Piece("removed", text)] for text in before[len(after) :]]
        out += [[Piece("added", text)] for text in after[len(before) :]]
    return out


@dataclass
class MarkedSection:
    kind: str  # "same", "added", "removed" or "changed"
    title: list[Piece]
    paragraphs: list[list[Piece]]


@dataclass
class MarkedChapter:
    title: list[Piece]
    intro: list[Piece]
    sections: list[MarkedSection]
    first: bool  # no version before it: nothing is marked


def _same(text: str) -> list[Piece]:
    return [Piece("same", text)] if text else []


def _all(kind: str, part: _Part) -> MarkedSection:
    return MarkedSection(
        kind, [Piece(kind, part.title)], [[Piece(kind, p)] for p in part.paragraphs]
    )


def marked(old_chapter, new_chapter) -> MarkedChapter:
    """``new_chapter`` whole, with the words that changed since ``old_chapter`` marked (removed
    sections where they stood). Without an ``old_chapter`` nothing is marked."""
    new = _parts(new_chapter)
    intro = (new_chapter.intro or "").strip()
    if old_chapter is None:
        return MarkedChapter(
            title=_same(new_chapter.title),
            intro=_same(intro),
            sections=[
                MarkedSection("same", _same(p.title), [_same(t) for t in p.paragraphs]) for p in new
            ],
            first=True,
        )
    old = _parts(old_chapter)
    pairs = _match(old, new)
    shown: set[int] = set()
    sections: list[MarkedSection] = []

    def removed_before(j: int):
        for k in range(j):
            if k not in shown and k not in pairs.values():
                shown.add(k)
                sections.append(_all("removed", old[k]))

    for i, part in enumerate(new):
        if i not in pairs:
            sections.append(_all("added", part))
            continue
        j = pairs[i]
        removed_before(j)
        before = old[j]
        paragraphs = _paragraph_pieces(before.paragraphs, part.paragraphs)
        title = word_changes(before.title, part.title)
        changed = any(p.kind != "same" for piece in [title, *paragraphs] for p in piece)
        sections.append(MarkedSection("changed" if changed else "same", title, paragraphs))
    removed_before(len(old))
    old_intro = (old_chapter.intro or "").strip()
    return MarkedChapter(
        title=word_changes(old_chapter.title, new_chapter.title),
        intro=word_changes(old_intro, intro) if old_intro != intro else _same(intro),
        sections=sections,
        first=False,
    )
