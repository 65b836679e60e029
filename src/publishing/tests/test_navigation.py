from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale

from publishing.models import NewsIndexPage, NewsItem

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_language_after():
    """An English request leaves English active in this thread; later tests expect Dutch."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def news_pages(roles, site_pages):
    """A news item in Dutch, and the news index and item translated into English."""
    index = NewsIndexPage.objects.get(pk=site_pages["news_index"])
    item = NewsItem(title="Nieuw bericht", intro="Een korte samenvatting.")
    index.add_child(instance=item)
    item.save_revision().publish()
    english = Locale.objects.get(language_code="en")
    index.copy_for_translation(english).save_revision().publish()
    en_item = item.copy_for_translation(english)
    en_item.save_revision().publish()
    return {"nl": item.url, "en": en_item.url}


def _links(html: str, landmark: str) -> list[str]:
    block = re.search(rf"<{landmark}\b.*?</{landmark}>", html, re.S).group(0)
    nav = re.search(r"<nav\b.*?</nav>", block, re.S).group(0)
    return re.findall(r'<li><a(?: class="[^"]*")? href="([^"]+)">', nav)


@pytest.mark.parametrize(
    ("language", "home", "recruitment", "news"),
    [
        ("nl", "/", "/word-raadslid/", "/nieuws/"),
        ("en", "/en/", "/en/word-raadslid/", "/en/nieuws/"),
    ],
)
def test_header_and_footer_link_to_joining_and_the_news(
    news_pages, client, language, home, recruitment, news
):
    for url in (home, news_pages[language]):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for landmark in ("header", "footer"):
            links = _links(html, landmark)
            assert recruitment in links, (url, landmark, links)
            assert news in links, (url, landmark, links)


def test_without_an_english_news_index_the_english_menu_links_the_dutch_one(
    roles, site_pages, client
):
    html = client.get("/en/").content.decode()
    assert "/nieuws/" in _links(html, "header")
    assert "/en/word-raadslid/" in _links(html, "header")
