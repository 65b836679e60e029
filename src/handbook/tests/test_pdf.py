"""The whole handbook as one PDF: cover, contents with page numbers, every chapter; built once
per edition."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from handbook.models import HandbookChapter
from handbook.pdf import handbook_pdf
from handbook.tests.factories import edit_chapter, make_handbook, section

pytestmark = pytest.mark.django_db


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_the_pdf_has_a_cover_contents_with_page_numbers_and_every_chapter(handbook, client, roles):
    client.force_login(roles["member"])
    response = client.get("/mijn/handboek.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    pages = _pages(response.content)
    assert "Handboek voor de" in pages[0] and "Editie van" in pages[0]
    chapters = list(HandbookChapter.objects.child_of(handbook["index"]).live().order_by("path"))
    assert "Inhoud" in pages[1]
    contents = "\n".join(pages[1:5])  # the contents take a few pages after the cover
    for chapter in chapters:
        line = next(ln for ln in contents.splitlines() if ln.startswith(chapter.title[:25]))
        number = int(re.search(r"(\d+)\s*$", line)[1])
        # The page number in the contents is where the chapter really starts.
        assert chapter.title.split()[0] in pages[number - 1], chapter.title
        assert f"Pagina {number} van {len(pages)}" in pages[number - 1]
    # A running header with the chapter's title on its pages.
    last = chapters[-1]
    assert pages[-1].count(last.title) >= 1


def test_the_pdf_is_built_once_per_edition(site_pages):
    index, chapters = make_handbook(2)
    first = handbook_pdf(index)
    assert first.seconds > 0
    again = handbook_pdf(index)
    assert again.seconds == 0 and again.content == first.content
    edit_chapter(chapters[0], [section("Nieuwe kop in het boek", "Tekst.")])
    rebuilt = handbook_pdf(index)
    assert rebuilt.seconds > 0
    assert "Nieuwe kop in het boek" in "".join(_pages(rebuilt.content))
    HandbookChapter.objects.get(pk=chapters[1].pk).unpublish()
    without = "".join(_pages(handbook_pdf(index).content))
    assert chapters[1].title not in without


def test_no_pdf_without_a_handbook_and_none_for_visitors(site_pages, client, roles):
    assert client.get("/mijn/handboek.pdf")["Location"].startswith("/account/login/")
    client.force_login(roles["member"])
    assert client.get("/mijn/handboek.pdf").status_code == 404


def test_the_pdf_is_tagged_for_a_screen_reader(handbook):
    """Issue 17: language, title, headings in order (the cover, the contents and each chapter
    H1, its sections H2, headings in their text H3), the contents as a list of links; read back
    with pypdf."""
    from common.tests.pdfua import assert_tagged_pdf

    index = handbook["index"]
    tagged = assert_tagged_pdf(handbook_pdf(index).content, title=index.title, table=False)
    chapters = HandbookChapter.objects.child_of(index).live().count()
    assert tagged.headings.count(1) == chapters + 2
    assert tagged.headings.count(2) > chapters
    assert "L" in tagged.tags and "Link" in tagged.tags
