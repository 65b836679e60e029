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
    assert page.get_by_role("main").get_by_role("link", name="Word raadslid").is_visible()
    assert_accessible(page)

    page.get_by_label("Raad").select_option("noord")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon het nieuws").click()
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


def test_sharing_on_mastodon_reaches_the_readers_server_under_our_strict_csp(
    page, public_site, assert_accessible
):
    """Issue 14: a 303 from the form to the reader's server was blocked by Chromium under our
    CSP ``form-action 'self'``, and the reader stayed on the form without a word. The reader's
    server is faked by Playwright (no internet here); the CSP stays as strict as it was."""
    reached = []

    def fake_mastodon(route):
        reached.append(route.request.url)
        route.fulfill(
            status=200,
            content_type="text/html",
            body="<!DOCTYPE html><html lang='nl'><title>Mastodon</title><h1>Delen</h1></html>",
        )

    page.route("https://mastodon.example.nl/**", fake_mastodon)
    response = page.goto("/nieuws/vlog-zo-werkt-een-clientenraad/")
    assert "form-action 'self'" in response.headers["content-security-policy"]
    with page.expect_navigation():
        page.get_by_role("link", name="Deel via Mastodon").click()
    assert_accessible(page)

    # A wrong address: focus on the error summary, what was typed stays.
    page.get_by_label("Uw Mastodon-server").fill("geen server")
    with page.expect_navigation():
        page.get_by_role("button", name="Verder naar Mastodon").click()
    assert page.title().startswith("Fout")
    assert page.evaluate("document.activeElement.id") == "foutmeldingen"
    assert page.get_by_label("Uw Mastodon-server").input_value() == "geen server"

    page.get_by_label("Uw Mastodon-server").fill("@iemand@mastodon.example.nl")
    with page.expect_navigation():
        page.get_by_role("button", name="Verder naar Mastodon").click()
    link = page.get_by_role("link", name="Naar mastodon.example.nl om te delen")
    assert page.evaluate("document.activeElement.textContent").strip() == link.inner_text()
    assert_accessible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith("https://mastodon.example.nl/share?text=Vlog")
    assert reached and "vlog-zo-werkt-een-clientenraad" in reached[0]
