"""Logging in works with the keyboard alone: Tab, typing and Enter, never a click."""

from __future__ import annotations

import pytest

from accounts.tests.factories import PASSWORD
from tests.e2e.keyboard import enter, focused, fresh_totp, tab_to, to_content

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _is_field(name):
    return lambda element: element["tag"] == "input" and element["name"] == name


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, public_site):
    page.goto("/")

    page.keyboard.press("Tab")
    first = focused(page)
    assert first["text"] == "Naar de inhoud"
    assert page.locator(".skip-link").is_visible()  # shown when it has focus

    page.keyboard.press("Enter")
    assert focused(page)["id"] == "inhoud"
    # The next Tab goes to the first control in the content, past the header.
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "postcode"

    # After the skip link the address ends in "#inhoud"; a form without an action posts to
    # it, and browsers skip `autofocus` on such an address. The error summary still gets focus.
    page.goto("/nieuwsflits/")
    to_content(page)
    assert page.url.endswith("#inhoud")
    tab_to(page, lambda element: element["tag"] == "button" and element["text"] == "Aanmelden")
    enter(page)
    assert page.locator(".error-summary").is_visible()
    page.wait_for_load_state()
    assert focused(page)["id"] == "foutmeldingen"


def test_member_logs_in_from_the_home_page_with_the_keyboard(page, public_site):
    page.goto("/")

    tab_to(page, lambda element: element["href"] == "/account/login/")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/account/login/")

    # Skip the header, then the first stop in the content is the e-mail field.
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Naar de inhoud"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert _is_field("login")(focused(page))
    page.keyboard.type(public_site["member"].email)
    page.keyboard.press("Tab")
    assert _is_field("password")(focused(page))
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith("/mijn/")
    assert page.locator("h1").inner_text() == "Mijn overzicht"


def test_administrator_completes_both_login_steps_with_the_keyboard(page, public_site):
    page.goto("/beheer/")
    assert page.url.endswith("/account/login/?next=/beheer/")

    tab_to(page, _is_field("login"))
    page.keyboard.type(public_site["administrator"].email)
    page.keyboard.press("Tab")
    assert _is_field("password")(focused(page))
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/account/2fa/authenticate/" in page.url

    tab_to(page, _is_field("code"))
    page.keyboard.type(fresh_totp())
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith("/beheer/")
    assert page.title().startswith("Dashboard")  # Wagtail's admin, not a login page
