"""The language link never leads to a 404 (issue 14): a page links to its translation, or else
to the "not translated" page in the other language; English has a news index that lists the
Dutch news as Dutch."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from publishing.models import NewsItem

pytestmark = pytest.mark.django_db

LANG_LINK = re.compile(r'<a class="lang-link" href="([^"]*)" hreflang="(\w+)" lang="(\w+)">')


@pytest.fixture
def english_news(news):
    return news.get_translation(Locale.objects.get(language_code="en")).specific


def _item(index, *, title: str, live: bool = True) -> NewsItem:
    page = NewsItem(
        title=title, intro=f"Samenvatting van {title}.", date=timezone.localdate(), live=live
    )
    index.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    return page


def _translate(page, language: str, title: str):
    copy = page.copy_for_translation(Locale.objects.get(language_code=language))
    copy.title = title
    copy.save_revision().publish()
    return copy


def _language_links(html: str) -> list[tuple[str, str, str]]:
    return LANG_LINK.findall(html)


def test_an_untranslated_item_links_to_the_english_page_that_says_it_is_dutch(news, client):
    item = _item(news, title="Alleen Nederlands bericht")
    [(url, hreflang, lang)] = _language_links(client.get(item.url).content.decode())
    assert (url, hreflang, lang) == (f"/en/niet-vertaald/{item.pk}/", "en", "en")

    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert '<meta name="robots" content="noindex">' in html
    # The Dutch item itself, marked as Dutch; the nearest English pages: the news and home.
    assert f'<a href="{item.url}" hreflang="nl" lang="nl">Alleen Nederlands bericht</a>' in html
    assert '<a href="/en/news/">News</a>' in html
    assert '<a href="/en/">' in html
    # Its own language link goes back to the Dutch item, not to a Dutch "not translated" page.
    assert _language_links(html) == [(item.url, "nl", "nl")]


def test_a_translated_item_links_to_its_translation(news, english_news, client):
    item = _item(news, title="Vertaald bericht")
    english = _translate(item, "en", "Translated item")
    [(url, hreflang, _lang)] = _language_links(client.get(item.url).content.decode())
    assert url == english.url == "/en/news/vertaald-bericht/"
    assert hreflang == "en"
    assert client.get(url).status_code == 200
    # A link made before the translation existed now leads to it.
    response = client.get(f"/en/niet-vertaald/{item.pk}/")
    assert response.status_code == 302
    assert response["Location"] == english.url


def test_a_draft_translation_does_not_count(news, client):
    item = _item(news, title="Bericht met concept")
    draft = item.copy_for_translation(Locale.objects.get(language_code="en"))
    draft.save_revision()  # not published
    [(url, _hreflang, _lang)] = _language_links(client.get(item.url).content.decode())
    assert url == f"/en/niet-vertaald/{item.pk}/"
    assert client.get(url).status_code == 200


def test_the_not_translated_page_shows_only_live_pages_that_may_be_seen(news, client):
    draft = _item(news, title="Nog niet gepubliceerd", live=False)
    assert client.get(f"/en/niet-vertaald/{draft.pk}/").status_code == 404
    assert client.get("/en/niet-vertaald/999999/").status_code == 404

    secret = _item(news, title="Achter een wachtwoord")
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    assert client.get(f"/en/niet-vertaald/{secret.pk}/").status_code == 404


def test_a_handbook_chapter_is_for_members_in_english_too(site_pages, roles, client):
    from handbook.tests.factories import make_handbook

    _index, [chapter] = make_handbook(titles=["Rollen in de raad"])
    url = f"/en/niet-vertaald/{chapter.pk}/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/account/login/")

    client.force_login(roles["member"])
    [(link, _hreflang, _lang)] = _language_links(client.get(chapter.url).content.decode())
    assert link == url
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    html = response.content.decode()
    assert f'<a href="{chapter.url}" hreflang="nl" lang="nl">Rollen in de raad</a>' in html
    # The handbook has no English version: the nearest English page is home.
    assert '<a href="/en/">' in html


def test_the_english_news_lists_dutch_items_as_dutch(news, english_news, client):
    dutch = _item(news, title="Alleen in het Nederlands")
    both = _item(news, title="In twee talen")
    _translate(both, "en", "In two languages")

    html = client.get(english_news.url).content.decode()
    assert f'<a href="{dutch.url}" hreflang="nl" lang="nl">Alleen in het Nederlands</a>' in html
    assert '<a href="/en/news/in-twee-talen/">In two languages</a>' in html
    assert ">In twee talen</a>" not in html  # each item once, in English where it can be
    # The Dutch item's summary and image are marked as Dutch; the English item's are not.
    assert '<div lang="nl">' in html
    card = html.split("In two languages", 1)[1].split("</li>", 1)[0]
    assert "lang=" not in card

    dutch_html = client.get(news.url).content.decode()
    assert f'<a href="{dutch.url}">Alleen in het Nederlands</a>' in dutch_html
    assert f'<a href="{both.url}">In twee talen</a>' in dutch_html
    assert "In two languages" not in dutch_html
    assert 'lang="en"' not in dutch_html.split("<main", 1)[1]


def test_english_home_links_to_the_english_news(english_news, client):
    html = client.get("/en/").content.decode()
    assert f'href="{english_news.url}"' in html
    assert english_news.url == "/en/news/"


def test_the_english_news_query_count_does_not_grow(news, english_news, client):
    def count() -> int:
        client.get(english_news.url)  # renditions and caches on the first view
        with CaptureQueriesContext(connection) as queries:
            assert client.get(english_news.url).status_code == 200
        return len(queries)

    before = count()
    for n in range(4):
        item = _item(news, title=f"Bericht {n}")
        if n % 2:
            _translate(item, "en", f"Item {n}")
    assert count() == before


def test_every_language_link_of_a_page_is_one_per_other_language(news, client):
    """Pages that are not Wagtail pages link to the same view in the other language."""
    for path, english in (("/signaal/", "/en/signaal/"), ("/raden/zoek/", "/en/raden/zoek/")):
        assert _language_links(client.get(path).content.decode()) == [(english, "en", "en")]
        assert _language_links(client.get(english).content.decode()) == [(path, "nl", "nl")]
