"""Errors that help (issue 14), in the browser: the 404 and 403 pages in the site's layout for a
visitor and a member, without axe-core violations, and the focus on the error summary after a
failed submit."""

from __future__ import annotations

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The site's URLs plus one that refuses everyone, also visitors.
ERROR_URLS = "common.tests.urls_errors"


def test_404_page_in_the_site_layout(page, public_site, assert_accessible):
    response = page.goto("/bestaat-niet/")
    assert response.status == 404
    assert page.locator("header.site-header").is_visible()
    assert page.locator("h1").inner_text() == "Deze pagina bestaat niet"
    assert page.title().startswith("Deze pagina bestaat niet")
    main = page.locator("main")
    for href in ("/", "/zoeken/", "/wie-zijn-wij/", "/raden/zoek/"):
        assert main.locator(f'a[href="{href}"]').count() == 1, href
    assert_accessible(page)


def test_403_page_offers_a_visitor_to_log_in_and_come_back(
    page, public_site, settings, assert_accessible
):
    settings.ROOT_URLCONF = ERROR_URLS
    response = page.goto("/proef/verboden/")
    assert response.status == 403
    assert page.locator("header.site-header").is_visible()
    login = page.locator('main a[href="/account/login/?next=%2Fproef%2Fverboden%2F"]')
    assert login.is_visible()
    assert_accessible(page)

    with page.expect_navigation():
        login.click()
    assert page.url.endswith("/account/login/?next=%2Fproef%2Fverboden%2F")


def test_403_page_tells_a_member_it_is_not_for_their_role(
    page, public_site, log_in, assert_accessible
):
    log_in(page, public_site["member"])
    response = page.goto("/vinger-aan-de-pols/wachtrij/")
    assert response.status == 403
    assert page.locator("header.site-header").is_visible()
    main = page.locator("main")
    assert "niet voor uw rol" in main.inner_text()
    assert main.locator('a[href^="/account/login/"]').count() == 0
    assert_accessible(page)

    # Nor does the overview lead the member there.
    page.goto("/vinger-aan-de-pols/")
    assert page.locator('a[href="/vinger-aan-de-pols/wachtrij/"]').count() == 0


def test_failed_signal_focuses_the_error_summary_and_says_so_in_the_title(
    page, public_site, assert_accessible
):
    from playwright.sync_api import expect

    page.goto("/signaal/")
    assert not page.title().startswith("Fout:")
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    assert page.title().startswith("Fout:")
    summary = page.locator("#foutmeldingen")
    assert summary.is_visible()
    # Chromium focuses an element with autofocus once the page has loaded.
    expect(summary).to_be_focused()
    assert page.evaluate("document.activeElement.id") == "foutmeldingen"
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert_accessible(page)
