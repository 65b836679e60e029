"""Reading the handbook: only when logged in, never cached by others, not in the sitemap; the
chapter list with its marks, a chapter with its contents, and what changed since the member
marked it read ("Gelezen"), which stays until they mark the new version read."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from handbook.models import HandbookChapter, HandbookRead, HandbookVisit
from handbook.tests.factories import edit_chapter, make_handbook, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(site_pages):
    index, chapters = make_handbook(titles=["Eerste", "Tweede", "Derde"])
    return index, chapters


@pytest.fixture
def member(roles):
    return roles["member"]


def mark_read(client, chapter):
    """Press "Gelezen" on the chapter as it is now."""
    chapter = HandbookChapter.objects.get(pk=chapter.pk)
    response = client.post(
        f"/mijn/handboek/{chapter.slug}/gelezen/", {"versie": chapter.live_revision_id}
    )
    assert response.status_code == 302 and response["Location"] == chapter.url
    return response


def test_visitors_are_sent_to_the_login_page_and_come_back_after(book, client):
    index, chapters = book
    for url in (index.url, chapters[1].url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/account/login/?next={url}"
    assert not HandbookVisit.objects.exists()


def test_pages_are_private_to_the_reader_and_not_in_the_sitemap(book, client, member):
    index, chapters = book
    client.force_login(member)
    for url in (index.url, chapters[0].url):
        response = client.get(url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]
    client.logout()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/raden/" in sitemap  # the sitemap itself works
    assert "handboek" not in sitemap


def test_the_index_lists_chapters_with_date_and_marks(book, client, member):
    index, chapters = book
    client.force_login(member)
    mark_read(client, chapters[0])
    mark_read(client, chapters[1])
    edit_chapter(chapters[1], [section("Nieuw", "Anders.")])  # changed since
    client.get(chapters[1].url)  # a visit alone does not take the mark away

    html = client.get(index.url).content.decode()
    positions = [html.index(escape(c.title)) for c in chapters]
    assert positions == sorted(positions)
    assert html.count("Laatst gewijzigd op") == 3
    assert html.count("Veranderd sinds u het las") == 1
    changed_at = html.index("Veranderd sinds u het las")
    assert positions[1] < changed_at < positions[2]
    assert html.count("Nog niet gelezen") == 1  # the third
    assert 'href="/mijn/handboek.pdf"' in html


def test_the_index_query_count_does_not_grow_with_chapters(
    site_pages, client, member, django_assert_max_num_queries
):
    index, _ = make_handbook(2)
    client.force_login(member)
    client.get(index.url)
    with django_assert_max_num_queries(30) as small:
        client.get(index.url)
    small_n = len(small.captured_queries)  # now: the query log keeps only the last 9,000
    make_handbook(8)
    client.get(index.url)  # new pages: the menu's cache is filled again once (issue 18)
    with django_assert_max_num_queries(small_n):
        response = client.get(index.url)
    assert response.content.decode().count('class="card"') == 10


def test_a_chapter_has_contents_with_anchors_its_date_and_neighbours(book, client, member):
    index, (first, second, third) = book
    client.force_login(member)
    html = client.get(second.url).content.decode()
    for block in HandbookChapter.objects.get(pk=second.pk).sections():
        assert f'<a href="#{block.anchor}">' in html
        assert f'<h2 id="{block.anchor}">' in html
    assert "In dit hoofdstuk" in html and "<nav" in html
    assert "Laatst gewijzigd op" in html
    assert f'href="{first.url}" rel="prev"' in html
    assert f'href="{third.url}" rel="next"' in html
    assert "Wat is er veranderd?" not in html  # first visit
    first_html = client.get(first.url).content.decode()
    assert 'rel="prev"' not in first_html and 'rel="next"' in first_html


def test_anchors_are_unique_when_headings_repeat(site_pages):
    index, (chapter,) = make_handbook(titles=["Dubbel"])
    chapter = edit_chapter(chapter, [section("Tips", "a"), section("Tips", "b")])
    assert [s.anchor for s in chapter.sections()] == ["tips", "tips-2"]


def test_a_visit_remembers_the_version_seen(book, client, member):
    _, (chapter, *_) = book
    client.force_login(member)
    client.get(chapter.url)
    visit = HandbookVisit.objects.get(user=member, chapter=chapter)
    assert visit.revision_id == chapter.live_revision_id
    seen_at = visit.at
    client.get(chapter.url)  # the same version again: nothing to write
    visit.refresh_from_db()
    assert visit.at == seen_at


def _rewrite_first_section(chapter):
    old_sections = HandbookChapter.objects.get(pk=chapter.pk).body.raw_data
    kept = {**old_sections[0], "value": {**old_sections[0]["value"]}}
    kept["value"]["body"] = "<p>Een eerste alinea.</p><p>Een herschreven alinea.</p>"
    return edit_chapter(chapter, [kept, section("Helemaal nieuw", "Vers van de pers.")])


def test_what_changed_stays_across_visits_until_the_member_marks_it_read(book, client, member):
    _, (chapter, *_) = book
    client.force_login(member)
    html = client.get(chapter.url).content.decode()
    assert 'action="/mijn/handboek/eerste/gelezen/"' in html  # never marked read
    mark_read(client, chapter)
    assert "U heeft deze versie gelezen op" in client.get(chapter.url).content.decode()
    edited = _rewrite_first_section(chapter)

    for _visit in range(3):  # it was shown only once before
        html = client.get(chapter.url).content.decode()
        assert "Wat is er veranderd?" in html
    changes = html[html.index("Wat is er veranderd?") : html.index("In dit hoofdstuk")]
    assert "<ins>Een herschreven alinea.</ins>" in changes
    assert "<del>Een tweede alinea.</del>" in changes
    assert "Een eerste alinea." not in changes  # unchanged paragraphs are not repeated
    assert "Helemaal nieuw" in changes and "Nieuwe paragraaf." in changes
    assert "Eerste: tweede paragraaf" in changes and "weggehaald" in changes
    assert f'name="versie" value="{edited.live_revision_id}"' in html

    response = mark_read(client, chapter)
    html = client.get(response["Location"]).content.decode()
    assert "U heeft dit hoofdstuk gelezen." in html  # the message after the button
    assert "Wat is er veranderd?" not in html
    assert "/gelezen/" not in html
    read = HandbookRead.objects.get(user=member, chapter=chapter)
    assert read.revision_id == edited.live_revision_id

    # The next change shows again, only what changed since the version marked read.
    edit_chapter(chapter, [section("Helemaal nieuw", "Vers van de pers.")])
    html = client.get(chapter.url).content.decode()
    changes = html[html.index("Wat is er veranderd?") : html.index("In dit hoofdstuk")]
    assert "Eerste: eerste paragraaf" in changes and "weggehaald" in changes
    assert "Helemaal nieuw" not in changes


def test_marking_read_takes_a_published_version_only_and_never_goes_back(book, client, member):
    _, (chapter, *_) = book
    client.force_login(member)
    url = f"/mijn/handboek/{chapter.slug}/gelezen/"
    first = chapter.live_revision_id
    newer = edit_chapter(chapter, [section("Nieuw", "Anders.")]).live_revision_id
    draft = HandbookChapter.objects.get(pk=chapter.pk).save_revision().pk
    assert client.post(url, {"versie": draft}).status_code == 400
    assert client.post(url, {"versie": "x"}).status_code == 400
    assert client.post(url).status_code == 400
    assert client.get(url).status_code in (302, 405)  # never marks anything read
    assert not HandbookRead.objects.exists()
    client.post(url, {"versie": newer})
    client.post(url, {"versie": first})  # an older tab
    assert HandbookRead.objects.get(user=member).revision_id == newer


def test_marking_read_needs_the_csrf_token(book, member):
    from django.test import Client

    _, (chapter, *_) = book
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    url = f"/mijn/handboek/{chapter.slug}/gelezen/"
    assert client.post(url, {"versie": chapter.live_revision_id}).status_code == 403
    assert not HandbookRead.objects.exists()


def test_others_do_not_see_my_changes_mark(book, client, member, roles):
    _, (chapter, *_) = book
    client.force_login(member)
    mark_read(client, chapter)
    edit_chapter(chapter, [section("Nieuw", "Anders.")])
    assert "Wat is er veranderd?" in client.get(chapter.url).content.decode()
    client.force_login(roles["secretary"])  # never read it: a first visit
    assert "Wat is er veranderd?" not in client.get(chapter.url).content.decode()


def test_when_the_old_version_is_gone_the_reader_is_told(book, client, member):
    _, (chapter, *_) = book
    client.force_login(member)
    mark_read(client, chapter)
    edit_chapter(chapter, [section("Nieuw", "Anders.")])
    HandbookRead.objects.filter(user=member).update(revision=None)
    html = client.get(chapter.url).content.decode()
    assert "De oude versie is niet meer bewaard" in html


def test_home_goes_to_the_live_handbook_or_404(site_pages, client, member):
    client.force_login(member)
    assert client.get("/mijn/handboek/").status_code == 404
    index, _ = make_handbook(1)
    response = client.get("/mijn/handboek/")
    assert response.status_code == 302 and response["Location"] == index.url


def test_the_menu_shows_the_handbook_to_logged_in_people_only(book, client, member):
    assert 'href="/mijn/handboek/"' not in client.get("/").content.decode()
    client.force_login(member)
    assert 'href="/mijn/handboek/"' in client.get("/").content.decode()


def test_editors_preview_a_new_or_changed_chapter_without_recording_a_visit(book, editors):
    from django.test import RequestFactory

    index, (chapter, *_) = book
    request = RequestFactory().get("/")
    request.user = editors["a"]
    draft = HandbookChapter.objects.get(pk=chapter.pk)
    draft.body = [section("Concepttekst", "Nog niet gepubliceerd.")]
    response = draft.make_preview_request(original_request=request)
    assert response.status_code == 200
    assert "Concepttekst" in response.rendered_content
    new = HandbookChapter(title="Nieuw hoofdstuk", slug="nieuw", body=[section("Kop", "x")])
    new.depth, new.path = index.depth + 1, index.path + "9999"
    assert new.make_preview_request(original_request=request).status_code == 200
    assert not HandbookVisit.objects.exists()
