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
