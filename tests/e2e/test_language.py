"""The language link in the header goes to the same page in the other language, and back."""

from __future__ import annotations

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Dutch page, its English version, the English heading (None: the page has no English text yet).
PAGES = [
    ("/", "/en/", "The client councils of UWV clients"),
    ("/wie-zijn-wij/", "/en/who-we-are/", "Who we are"),
    ("/account/login/", "/en/account/login/", None),
]


def _html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def test_language_link_switches_the_same_page_to_english_and_back(page, public_site, live_server):
    for dutch, english, english_heading in PAGES:
        page.goto(dutch)
        assert _html_lang(page) == "nl"
        dutch_heading = page.locator("h1").inner_text()

        english_link = page.locator(".site-header").get_by_role("link", name="English")
        assert english_link.get_attribute("hreflang") == "en"
        with page.expect_navigation():
            english_link.click()

        assert page.url == live_server.url + english
        assert _html_lang(page) == "en"
        if english_heading:
            assert page.locator("h1").inner_text() == english_heading

        dutch_link = page.locator(".site-header").get_by_role("link", name="Nederlands")
        assert dutch_link.get_attribute("lang") == "nl"
        with page.expect_navigation():
            dutch_link.click()

        assert page.url == live_server.url + dutch
        assert _html_lang(page) == "nl"
        assert page.locator("h1").inner_text() == dutch_heading


def _click_language_link(page, name: str):
    """Click the header's language link ``name``; returns the response of the page it opens."""
    link = page.locator(".site-header").get_by_role("link", name=name)
    with page.expect_navigation() as navigation:
        link.click()
    return navigation.value


def test_english_on_a_dutch_only_news_item_says_so_in_english(
    page, public_site, live_server, assert_accessible
):
    """Issue 14: "English" on a news item that is only in Dutch was a 404."""
    from publishing.models import NewsItem

    item = NewsItem.objects.get(slug="brieven-van-uwv-worden-duidelijker")
    page.goto(item.url)
    response = _click_language_link(page, "English")
    assert response.status == 200
    assert page.url == f"{live_server.url}/en/niet-vertaald/{item.pk}/"
    assert _html_lang(page) == "en"
    assert_accessible(page)

    dutch = page.locator("main").get_by_role("link", name=item.title)
    assert (dutch.get_attribute("lang"), dutch.get_attribute("hreflang")) == ("nl", "nl")
    # The nearest English page: the English news, which lists the item as Dutch.
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="News", exact=True).click()
    assert page.url == f"{live_server.url}/en/news/"
    listed = page.locator("main").get_by_role("link", name=item.title)
    assert listed.get_attribute("lang") == "nl"
    assert_accessible(page)

    # And "Nederlands" on the English news goes back to the Dutch news.
    _click_language_link(page, "Nederlands")
    assert page.url == f"{live_server.url}/nieuws/"


def test_english_on_a_handbook_chapter_lands_on_an_english_page(
    page, public_site, live_server, log_in, assert_accessible
):
    from django.test import override_settings

    from handbook.models import HandbookChapter
    from handbook.services import handbook_load

    from .conftest import TASKS_NOT_RUN

    with override_settings(TASKS={"default": {"BACKEND": TASKS_NOT_RUN}}):
        handbook_load()
    chapter = HandbookChapter.objects.get(slug="rollen-in-de-raad")
    log_in(page, public_site["member"], next_url=chapter.url)
    assert page.url == live_server.url + chapter.url

    response = _click_language_link(page, "English")
    assert response.status == 200
    assert page.url == f"{live_server.url}/en/niet-vertaald/{chapter.pk}/"
    assert _html_lang(page) == "en"
    assert_accessible(page)

    _click_language_link(page, "Nederlands")
    assert page.url == live_server.url + chapter.url
