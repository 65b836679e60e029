"""Permission matrix rows for the handbook: its Wagtail pages (the handbook and a chapter), the
way in (/mijn/handboek/), the PDF, a chapter's earlier versions and the "Gelezen" button.
Everyone who is logged in reads it (DESIGN: the handbook is for members and the other people who
log in); visitors are sent to the login page. A draft (maybe in moderation) is nobody's version.

The handbook is made on first use by a row of this part only, so the other rows of the matrix
do not pay for it."""

from __future__ import annotations

from tests.matrix import Case, logged_in

READY = "handbook_ready"


def _handbook(c):
    if not c.get(READY):
        from handbook.models import HandbookChapter
        from handbook.tests.factories import make_handbook

        index, chapters = make_handbook(titles=["Rollen in de raad", "Signalen behandelen"])
        chapter = chapters[1]
        draft = HandbookChapter.objects.get(pk=chapter.pk).save_revision()
        c.update(
            {
                READY: True,
                "handbook": index,
                "handbook_chapter": chapter,
                "handbook_draft": draft.pk,
            }
        )
    return c


def _chapter_url(c, tail: str) -> str:
    chapter = _handbook(c)["handbook_chapter"]
    return f"/mijn/handboek/{chapter.slug}/{tail}"


def _no_live_handbook(c):
    """Whatever other parts put in the context: no live handbook for this row."""
    from handbook.models import HandbookIndexPage

    for index in HandbookIndexPage.objects.live():
        index.unpublish()
    return c


CASES = [
    Case("handbook index", lambda c: _handbook(c)["handbook"].url, logged_in(200)),
    Case("handbook chapter", lambda c: _handbook(c)["handbook_chapter"].url, logged_in(200)),
    Case("handbook:home", lambda c: _handbook(c) and "/mijn/handboek/", logged_in(302)),
    Case("handbook:pdf", lambda c: _handbook(c) and "/mijn/handboek.pdf", logged_in(200)),
    Case("handbook:versions", lambda c: _chapter_url(c, "versies/"), logged_in(200)),
    Case(
        "handbook:version",
        lambda c: _chapter_url(c, f"versies/{_handbook(c)['handbook_chapter'].live_revision_id}/"),
        logged_in(200),
    ),
    Case(
        "handbook:version (draft)",
        lambda c: _chapter_url(c, f"versies/{_handbook(c)['handbook_draft']}/"),
        logged_in(404),
    ),
    Case(
        "handbook:version (unknown chapter)",
        lambda c: _handbook(c) and "/mijn/handboek/bestaat-niet/versies/",
        logged_in(404),
        covers=("handbook:versions",),
    ),
    Case(
        "handbook:mark_read",
        lambda c: _chapter_url(c, "gelezen/"),
        logged_in(302),
        method="post",
        data=lambda c: {"versie": _handbook(c)["handbook_chapter"].live_revision_id},
    ),
    Case(
        "handbook:mark_read (draft)",
        lambda c: _chapter_url(c, "gelezen/"),
        logged_in(400),
        method="post",
        data=lambda c: {"versie": _handbook(c)["handbook_draft"]},
    ),
    Case(
        "handbook:home (none)",
        lambda c: _no_live_handbook(c) and "/mijn/handboek/",
        logged_in(404),
    ),
]
