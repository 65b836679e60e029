"""The whole handbook as one PDF (WeasyPrint): a cover with the edition's date, a table of
contents with page numbers, every chapter on a new page with running headers; tagged (PDF/UA-1,
see ``common.pdf``), so a screen reader gets its language, title, headings and the contents as a
list of links.

Built once per edition: the cache key is made of what is live (each chapter and its live
revision) and the latest publish time, so any publish, unpublish or deletion gives a new PDF."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation

from common.pdf import html_to_pdf

from .models import HandbookIndexPage
from .selectors import latest_publish, live_chapters

PDF_CSS = Path(__file__).resolve().parent.parent / "templates" / "handbook" / "handbook_pdf.css"
CACHE_SECONDS = 30 * 24 * 3600
# Part of the cache key: a new layout (here: tagged, issue 17) is not served from an old cache.
LAYOUT = "ua1"


@dataclass
class BuiltPDF:
    content: bytes
    edition: object  # datetime of the latest publish
    seconds: float  # how long the build took (0 when it came from the cache)


def edition_key(index: HandbookIndexPage, chapters) -> tuple[str, object]:
    edition = latest_publish(index)
    state = [(index.pk, index.live_revision_id, str(edition))]
    state += [(c.pk, c.live_revision_id) for c in chapters]
    digest = hashlib.sha256(repr(state).encode()).hexdigest()[:32]
    return f"handbook:pdf:{LAYOUT}:{translation.get_language()}:{digest}", edition


def render_html(index: HandbookIndexPage, chapters, edition) -> str:
    return render_to_string(
        "handbook/handbook_pdf.html",
        {
            "index": index,
            "chapters": chapters,
            "edition": timezone.localtime(edition) if edition else timezone.localtime(),
            "css": PDF_CSS.read_text(encoding="utf-8"),
        },
    )


def handbook_pdf(index: HandbookIndexPage) -> BuiltPDF:
    chapters = list(live_chapters(index))
    key, edition = edition_key(index, chapters)
    cached = cache.get(key)
    if cached is not None:
        return BuiltPDF(cached, edition, 0.0)
    started = time.perf_counter()
    content = html_to_pdf(render_html(index, chapters, edition))
    cache.set(key, content, CACHE_SECONDS)
    return BuiltPDF(content, edition, time.perf_counter() - started)
