"""The main menu and the footer link to the news and to "Word raadslid" on every page, in the
page's language (issue 14), without a query of their own."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publishing.models import NewsIndexPage, NewsItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def news_item(roles, site_pages):
    index = NewsIndexPage.objects.get(pk=site_pages["news_index"])
    item = NewsItem(title="Nieuw bericht", intro="Een korte samenvatting.")
    index.add_child(instance=item)
    item.save_revision().publish()
    return item


def _links(html: str, landmark: str) -> list[str]:
    block = re.search(rf"<{landmark}\b.*?</{landmark}>", html, re.S).group(0)
    nav = re.search(r"<nav\b.*?</nav>", block, re.S).group(0)
    return re.findall(r'<li><a(?: class="[^"]*")? href="([^"]+)">', nav)


def test_header_and_footer_link_to_joining_and_the_news(news_item, client):
    for url in ("/", news_item.url, "/signaal/", "/word-raadslid/", "/jaarverslag/"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for landmark in ("header", "footer"):
            links = _links(html, landmark)
            assert "/word-raadslid/" in links, (url, landmark, links)
            assert "/nieuws/" in links, (url, landmark, links)


def test_the_english_menu_links_the_english_pages(news_item, client):
    html = client.get("/en/").content.decode()
    links = _links(html, "header")
    assert "/en/word-raadslid/" in links
    english_news = NewsIndexPage.objects.live().filter(locale__language_code="en").first()
    if english_news is not None:
        assert english_news.url in links
    for link in links:
        assert client.get(link).status_code == 200, link


def test_a_news_index_out_of_the_menu_leaves_the_menu(news_item, client):
    NewsIndexPage.objects.update(show_in_menus=False)
    assert "/nieuws/" not in _links(client.get("/").content.decode(), "header")


def test_the_menu_costs_no_query_beyond_the_footer(news_item, client):
    def menu_queries(captured):
        return [
            q["sql"]
            for q in captured.captured_queries
            if "show_in_menus" in q["sql"].partition(" WHERE ")[2]
        ]

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get("/word-raadslid/")
    assert len(menu_queries(captured)) == 1, menu_queries(captured)
    # The footer's pages are the same on every page: kept in the cache (issue 18).
    with CaptureQueriesContext(connection) as captured:
        client.get("/word-raadslid/")
    assert menu_queries(captured) == []


def test_a_page_published_into_the_menu_shows_on_the_next_page(news_item, client):
    assert "/nieuws/" in _links(client.get("/").content.decode(), "header")
    index = NewsIndexPage.objects.get(locale__language_code="nl")
    index.show_in_menus = False
    index.save_revision().publish()
    assert "/nieuws/" not in _links(client.get("/word-raadslid/").content.decode(), "header")
