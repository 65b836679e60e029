"""A chapter's earlier versions, for everyone who reads the handbook: the list with dates and
what changed, one version with the words that changed marked (for screen readers too), never a
draft; and the handbook's own search box, which searches the handbook only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from handbook.diff import Piece, marked, word_changes
from handbook.models import HandbookChapter
from handbook.tests.factories import edit_chapter, make_handbook, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(roles):
    return roles["member"]


def _versions_url(chapter) -> str:
    return f"/mijn/handboek/{chapter.slug}/versies/"


def test_word_changes_mark_only_the_words_that_changed():
    pieces = word_changes(
        "De secretaris stuurt een week vooraf de agenda.",
        "De secretaris stuurt twee weken vooraf de agenda.",
    )
    assert pieces == [
        Piece("same", "De secretaris stuurt "),
        Piece("removed", "een week"),
        Piece("added", "twee weken"),
        Piece("same", " vooraf de agenda."),
    ]
    assert word_changes("Gelijk.", "Gelijk.") == [Piece("same", "Gelijk.")]


def test_marked_keeps_removed_sections_where_they_stood(site_pages):
    _, (chapter,) = make_handbook(titles=["Volgorde"])
    old = edit_chapter(chapter, [section("A", "a"), section("B", "b"), section("C", "c")])
    old_text = HandbookChapter.objects.get(pk=old.pk)
    new = edit_chapter(chapter, [section("A", "a"), section("C", "c anders")])
    view = marked(old_text, new)
    assert [(s.kind, "".join(p.text for p in s.title)) for s in view.sections] == [
        ("same", "A"),
        ("removed", "B"),
        ("changed", "C"),
    ]
    assert view.sections[2].paragraphs == [[Piece("same", "c"), Piece("added", " anders")]]


def test_the_versions_list_shows_each_published_version_with_what_changed(
    site_pages, client, member
):
    _, (chapter,) = make_handbook(titles=["Vergaderen"])
    edit_chapter(chapter, [section("Agenda", "Een week vooraf."), section("Notulen", "Kort.")])
    edit_chapter(chapter, [section("Agenda", "Twee weken vooraf."), section("Besluiten", "Ja.")])
    HandbookChapter.objects.get(pk=chapter.pk).save_revision()  # a draft: not a version
    client.force_login(member)

    chapter_html = client.get(chapter.url).content.decode()
    assert f'href="{_versions_url(chapter)}"' in chapter_html  # "Eerdere versies"
    response = client.get(_versions_url(chapter))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    html = response.content.decode()
    assert html.count('class="card"') == 3
    newest = html.index("Deze versie staat nu in het handboek")
    assert newest < html.index("Paragraaf veranderd: Agenda")
    assert "Nieuwe paragraaf: Besluiten" in html
    assert "Paragraaf weggehaald: Notulen" in html
    assert "De eerste versie." in html


def test_a_version_shows_the_changed_words_marked_for_eye_and_ear(site_pages, client, member):
    _, (chapter,) = make_handbook(titles=["Vergaderen"])
    edit_chapter(chapter, [section("Agenda", "De agenda komt een week vooraf.")])
    latest = edit_chapter(chapter, [section("Agenda", "De agenda komt twee weken vooraf.")])
    client.force_login(member)
    html = client.get(f"{_versions_url(chapter)}{latest.live_revision_id}/").content.decode()
    assert (
        '<del><span class="visually-hidden">[verwijderd:] </span>een week'
        '<span class="visually-hidden"> [einde verwijderd]</span></del>'
    ) in html
    assert (
        '<ins><span class="visually-hidden">[toegevoegd:] </span>twee weken'
        '<span class="visually-hidden"> [einde toegevoegd]</span></ins>'
    ) in html
    assert "Nieuwe tekst is onderstreept" in html  # told in words, not by colour


def test_the_first_version_marks_nothing_and_a_draft_is_not_found(site_pages, client, member):
    _, (chapter,) = make_handbook(titles=["Vergaderen"])
    first = chapter.live_revision_id
    draft = HandbookChapter.objects.get(pk=chapter.pk).save_revision()
    _, (other,) = make_handbook(titles=["Ander hoofdstuk"])
    client.force_login(member)
    html = client.get(f"{_versions_url(chapter)}{first}/").content.decode()
    assert "Dit is de eerste versie" in html and "[toegevoegd:]" not in html
    assert client.get(f"{_versions_url(chapter)}{draft.pk}/").status_code == 404
    # A version of another chapter is not a version of this one.
    assert client.get(f"{_versions_url(chapter)}{other.live_revision_id}/").status_code == 404


def test_visitors_are_sent_to_log_in_for_versions(site_pages, client):
    _, (chapter,) = make_handbook(titles=["Vergaderen"])
    response = client.get(_versions_url(chapter))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_the_versions_list_query_count_does_not_grow_with_versions(site_pages, client, member):
    _, (chapter,) = make_handbook(titles=["Vergaderen"])
    client.force_login(member)

    def measure(expected_cards: int) -> CaptureQueriesContext:
        client.get(_versions_url(chapter))
        with CaptureQueriesContext(connection) as captured:
            html = client.get(_versions_url(chapter)).content.decode()
        assert html.count('class="card"') == expected_cards
        return captured

    edit_chapter(chapter, [section("Agenda", "Versie 2.")])
    small = measure(2)
    for n in range(3, 9):
        edit_chapter(chapter, [section("Agenda", f"Versie {n}."), section(f"Kop {n}", "x")])
    large = measure(8)
    detail = "\n".join(q["sql"] for q in large.captured_queries)
    assert len(small) == len(large), f"{len(small)} vs {len(large)}\n{detail}"
    assert len(large) <= 30, detail


def test_the_handbook_has_a_search_box_for_the_handbook_only(site_pages, client, member):
    from sitesearch.index import rebuild

    index, (chapter,) = make_handbook(titles=["Vergaderen"])
    edit_chapter(chapter, [section("Agenda", "De voorzitter opent de vergadering.")])
    client.force_login(member)
    for url in (index.url, chapter.url):
        html = client.get(url).content.decode()
        assert 'role="search" aria-label="Zoeken in het handboek"' in html
        assert '<label for="handboek-zoeken">Zoeken in het handboek</label>' in html
        assert '<input type="hidden" name="soort" value="handbook">' in html
        assert 'action="/zoeken/"' in html and 'method="get"' in html

    rebuild()
    html = client.get("/zoeken/", {"q": "vergadering", "soort": "handbook"}).content.decode()
    assert ">Vergaderen</a>" in html.replace("<mark>", "").replace("</mark>", "")
    results = html[html.index('class="search-results"') :]
    assert results.count('class="search-result"') == results.count("Hoofdstuk van het handboek")
