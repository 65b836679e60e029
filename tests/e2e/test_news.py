"""The public news pages in the browser: the news index (also filtered by council) and an item
page have no axe-core violation of WCAG 2.2 A and AA; the share links are plain links that the
keyboard reaches."""

from __future__ import annotations

import pytest

from .keyboard import tab_to

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_news_index_and_an_item_are_accessible_and_shareable_by_keyboard(
    page, public_site, assert_accessible
):
    page.goto("/nieuws/")
    assert page.get_by_role("heading", level=1).inner_text() == "Nieuws"
    assert page.get_by_role("link", name="Meld een signaal").first.is_visible()
    assert page.get_by_role("link", name="Word raadslid").is_visible()
    assert_accessible(page)

    page.get_by_label("Raad").select_option("noord")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    assert "raad=noord" in page.url
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Vlog: zo werkt een cliëntenraad").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Vlog: zo werkt een cliëntenraad"
    assert page.get_by_text("Uitgeschreven tekst van de video").is_visible()
    assert_accessible(page)

    share = tab_to(page, lambda e: (e["href"] or "").startswith("https://www.linkedin.com/"))
    assert share["text"] == "Deel via LinkedIn"
    mail = tab_to(page, lambda e: (e["href"] or "").startswith("mailto:"), limit=10)
    assert mail["text"] == "Deel via E-mail"
    assert page.locator("script[src^='http'], iframe").count() == 0


def test_a_news_item_with_an_image_is_accessible(page, public_site, assert_accessible):
    page.goto("/nieuws/brieven-van-uwv-worden-duidelijker/")
    image = page.locator(".news-figure img")
    assert image.get_attribute("alt")
    assert_accessible(page)
