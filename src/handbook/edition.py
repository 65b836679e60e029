"""The first edition of the handbook, written as text files in ``content/``: one file per
chapter (in file-name order) and ``index.md`` for the handbook itself.

A file starts with ``key: value`` lines (title, slug, intro) and a blank line. Then ``## `` starts
a section; within it, blank lines separate paragraphs, ``- `` and ``1. `` lines make lists and
``### `` a subheading. Inline: ``**bold**``, ``*italic*`` and ``[text](address)``. The converter
writes the HTML that Wagtail's rich text stores (``<b>``, ``<i>``), so editors can change the
chapters in /beheer/ afterwards."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent / "content"

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_ORDERED = re.compile(r"^\d+\.\s+")


@dataclass
class SectionText:
    title: str
    html: str


@dataclass
class ChapterText:
    slug: str
    title: str
    intro: str
    sections: list[SectionText] = field(default_factory=list)


@dataclass
class Edition:
    title: str
    slug: str
    intro: str
    chapters: list[ChapterText]


def inline(text: str) -> str:
    """Escape ``text`` and turn the inline marks into HTML."""
    html = escape(text, quote=False)
    # The address is escaped already, except for quotes (it stands in an attribute).
    html = _LINK.sub(lambda m: f'<a href="{m[2].replace(chr(34), "&quot;")}">{m[1]}</a>', html)
    html = _BOLD.sub(r"<b>\1</b>", html)
    return _ITALIC.sub(r"<i>\1</i>", html)


def to_html(lines: list[str]) -> str:
    """The body of one section as rich-text HTML."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_tag = ""

    def close_paragraph():
        if paragraph:
            out.append(f"<p>{inline(' '.join(paragraph))}</p>")
            paragraph.clear()

    def close_list():
        nonlocal list_tag
        if items:
            body = "".join(f"<li>{inline(item)}</li>" for item in items)
            out.append(f"<{list_tag}>{body}</{list_tag}>")
            items.clear()
        list_tag = ""

    for raw in lines:
        line = raw.strip()
        if not line:
            close_paragraph()
            close_list()
            continue
        if line.startswith("### "):
            close_paragraph()
            close_list()
            out.append(f"<h3>{inline(line[4:].strip())}</h3>")
        elif line.startswith("- ") or _ORDERED.match(line):
            close_paragraph()
            tag = "ul" if line.startswith("- ") else "ol"
            if list_tag and tag != list_tag:
                close_list()
            list_tag = tag
            items.append(line[2:].strip() if tag == "ul" else _ORDERED.sub("", line))
        elif items and raw[:1].isspace():
            items[-1] += " " + line  # a list item that goes on on the next line
        else:
            close_list()
            paragraph.append(line)
    close_paragraph()
    close_list()
    return "".join(out)


def parse(text: str) -> ChapterText:
    head, _, rest = text.partition("\n\n")
    meta = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    chapter = ChapterText(slug=meta["slug"], title=meta["title"], intro=meta.get("intro", ""))
    title, lines = None, []
    for line in rest.splitlines():
        if line.startswith("## "):
            if title is not None:
                chapter.sections.append(SectionText(title, to_html(lines)))
            title, lines = line[3:].strip(), []
        elif title is not None:
            lines.append(line)
        elif line.strip():
            raise ValueError(f"text before the first section in {chapter.slug}: {line!r}")
    if title is not None:
        chapter.sections.append(SectionText(title, to_html(lines)))
    return chapter


def read_edition(directory: Path = CONTENT_DIR) -> Edition:
    index = parse((directory / "index.md").read_text(encoding="utf-8"))
    chapters = [
        parse(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.md"))
        if path.name != "index.md"
    ]
    return Edition(title=index.title, slug=index.slug, intro=index.intro, chapters=chapters)
