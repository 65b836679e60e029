"""A news item as an article for the agency's staff magazine and intranet: standalone HTML and
DOCX, both with the image."""

from __future__ import annotations

import io
from html import unescape

from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from common.site import page_full_url


def article_html(page, request) -> str:
    from .selectors import absolute_image_url

    return render_to_string(
        "publishing/export_article.html",
        {
            "page": page,
            "image_url": absolute_image_url(page, "max-1200x1200"),
            "url": page_full_url(page),
            "councils": list(page.councils.all()),
        },
        request=request,
    )


def _blocks(page):
    """(kind, text) per block of the body: headings and paragraphs, in order."""
    for block in page.body:
        if block.block_type == "heading":
            yield "heading", str(block.value)
        elif block.block_type == "paragraph":
            for part in str(block.value.source).split("</p>"):
                text = unescape(strip_tags(part)).strip()
                if text:
                    yield "paragraph", text
        elif block.block_type == "callout":
            yield "heading", str(block.value["title"])
            yield "paragraph", unescape(strip_tags(str(block.value["text"].source))).strip()


def article_docx(page, request) -> bytes:
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    doc.core_properties.title = page.title
    doc.add_heading(page.title, level=1)
    councils = ", ".join(c.name for c in page.councils.all())
    meta = page.date.strftime("%d-%m-%Y") + (f" · {councils}" if councils else "")
    doc.add_paragraph(meta)
    if page.intro:
        doc.add_paragraph(page.intro).runs[0].bold = True
    if page.image:
        rendition = page.image.get_rendition("max-1200x1200|format-png")
        with rendition.file.open("rb") as fh:
            doc.add_picture(io.BytesIO(fh.read()), width=Cm(15))
        doc.add_paragraph(_("Afbeelding: %(alt)s") % {"alt": page.alt_text})
    for kind, text in _blocks(page):
        if kind == "heading":
            doc.add_heading(text, level=2)
        else:
            doc.add_paragraph(text)
    transcript = getattr(page, "transcript", "")
    if transcript:
        doc.add_heading(_("Uitgeschreven tekst van de video"), level=2)
        for part in transcript.split("\n\n"):
            doc.add_paragraph(part.strip())
    doc.add_paragraph(_("Bron: %(url)s") % {"url": page_full_url(page)})
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
