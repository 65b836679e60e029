"""A news item, blog or vlog as an article for the agency's staff magazine and intranet:
standalone HTML and DOCX (``common.word``), both with the image and its alt text, and for a vlog
a link to its video."""

from __future__ import annotations

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
            "video_url": video_url(page),
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


def video_url(page) -> str:
    """Where the video of a vlog is watched: the video site's address for a linked video; for
    an uploaded one, the vlog's own page (it plays the video there with its captions)."""
    if getattr(page, "embed_url", ""):
        return page.embed_url
    if getattr(page, "video_id", None):
        return page_full_url(page)
    return ""


def article_docx(page, request) -> bytes:
    from docx.shared import Cm

    from common import word

    doc = word.new_document(title=page.title, language=page.locale.language_code)
    doc.add_heading(page.title, level=1)
    councils = ", ".join(c.name for c in page.councils.all())
    meta = page.date.strftime("%d-%m-%Y") + (f" · {councils}" if councils else "")
    doc.add_paragraph(meta)
    if page.intro:
        doc.add_paragraph(page.intro).runs[0].bold = True
    if page.image:
        rendition = page.image.get_rendition("max-1200x1200|format-png")
        with rendition.file.open("rb") as fh:
            word.add_picture(doc, fh.read(), alt=page.alt_text, width=Cm(15))
    video = video_url(page)
    if video:
        word.add_hyperlink(doc.add_paragraph(_("Bekijk de video:") + " "), video)
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
    url = page_full_url(page)
    if url:
        word.add_hyperlink(doc.add_paragraph(_("Bron:") + " "), url)
    return word.to_bytes(doc)
