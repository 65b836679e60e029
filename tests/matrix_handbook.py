"""Permission matrix rows for the handbook: its Wagtail pages (the handbook and a chapter), the
way in (/mijn/handboek/) and the PDF. Everyone who is logged in reads it; visitors are sent to
the login page.

The handbook is made on first use by a row of this part only, so the other rows of the matrix
do not pay for it."""

from __future__ import annotations

from tests.matrix import Case, logged_in

READY = "handbook_ready"


def _handbook(c):
    if not c.get(READY):
        from handbook.tests.factories import make_handbook

        index, chapters = make_handbook(titles=["Rollen in de raad", "Signalen behandelen"])
        c.update({READY: True, "handbook": index, "handbook_chapter": chapters[1]})
    return c


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
    Case(
        "handbook:home (none)",
        lambda c: _no_live_handbook(c) and "/mijn/handboek/",
        logged_in(404),
    ),
]
