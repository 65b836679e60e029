"""Every page a visitor, a member or an administrator meets first has no axe-core violation of
WCAG 2.2 A and AA (issue: accessibility of the public site and the login)."""

from __future__ import annotations

import pytest

from accounts.tests.factories import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


PUBLIC_PAGES = {
    "/": "De cliëntenraden van UWV-cliënten",
    "/wie-zijn-wij/": "Wie zijn wij",
    "/raden/noord/": "Districtscliëntenraad Noord",
    "/account/login/": "Inloggen",
    "/en/": "The client councils of UWV clients",
}


def test_public_pages_have_no_wcag_violations(page, public_site, accessibility_problems):
    # One test for all pages (making the site is the slow part); it reports every page's problems.
    problems = {}
    for path, heading in PUBLIC_PAGES.items():
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("h1").inner_text() == heading
        if found := accessibility_problems(page):
            problems[path] = found
    assert not problems, "\n\n".join(f"== {path}\n{found}" for path, found in problems.items())


def test_pages_name_an_svg_favicon_that_is_served(page, public_site):
    """With a named icon the browser does not ask for /favicon.ico (a 404 in the logs)."""
    page.goto("/")
    icon = page.locator("link[rel=icon]")
    assert icon.get_attribute("type") == "image/svg+xml"
    response = page.request.get(icon.get_attribute("href"))
    assert response.status == 200
    assert response.text().lstrip().startswith("<svg")


def test_postcode_lookup_with_an_error_has_no_wcag_violations(page, public_site, assert_accessible):
    response = page.goto("/raden/zoek/?postcode=12")

    assert response.status == 400
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#postcode").get_attribute("aria-invalid") == "true"
    assert_accessible(page)


def test_postcode_lookup_result_has_no_wcag_violations(page, public_site, assert_accessible):
    response = page.goto("/raden/zoek/?postcode=5000AA")

    assert response.status == 200
    assert page.locator("h2#uw-raad").inner_text() == "Uw raad: Centrale Cliëntenraad"
    assert page.get_by_role("link", name="Naar de pagina van Centrale Cliëntenraad").is_visible()
    assert_accessible(page)


def test_login_page_offers_no_sign_up_and_shows_errors_accessibly(
    page, public_site, assert_accessible
):
    page.goto("/account/login/")

    # Accounts come from invitations only.
    assert page.locator("a[href*='signup']").count() == 0
    assert page.get_by_role("link", name="Wachtwoord vergeten?").is_visible()

    page.get_by_label("E-mail").fill(public_site["member"].email)
    page.get_by_label("Wachtwoord", exact=True).fill("not-the-password")
    with page.expect_navigation():
        page.get_by_label("Wachtwoord", exact=True).press("Enter")

    assert page.locator(".error-summary").is_visible()
    assert_accessible(page)


def test_admin_login_has_no_wcag_violations(page, public_site, assert_accessible):
    page.goto("/beheer/")

    assert page.url.endswith("/account/login/?next=/beheer/")
    assert page.locator("input[name=next]").input_value() == "/beheer/"
    assert_accessible(page)


def test_second_login_step_has_no_wcag_violations(page, public_site, log_in, assert_accessible):
    log_in(page, public_site["administrator"], next_url="/beheer/")

    assert "/account/2fa/authenticate/" in page.url
    code = page.get_by_label("Code uit de app")
    assert code.get_attribute("autocomplete") == "one-time-code"
    assert_accessible(page)

    # A wrong code: the error is shown and tied to the field.
    code.fill("000000")
    with page.expect_navigation():
        code.press("Enter")
    assert page.locator(".error-summary").is_visible()
    assert page.get_by_label("Code uit de app").get_attribute("aria-invalid") == "true"
    assert_accessible(page)


def test_my_overview_has_no_wcag_violations(page, public_site, log_in, assert_accessible):
    log_in(page, public_site["member"])

    assert page.url.endswith("/mijn/")
    assert page.locator("h1").inner_text() == "Mijn overzicht"
    assert_accessible(page)


def test_invitation_accept_page_has_no_wcag_violations(page, public_site, assert_accessible):
    from accounts.services import invitation_create

    _, token = invitation_create(
        inviter=public_site["secretary"],
        council=public_site.council,
        email="nieuw.lid@raadsplein.example",
        role="member",
    )
    page.goto(f"/uitnodiging/{token}/")

    assert page.locator("h1").inner_text() == "Welkom bij Districtscliëntenraad Noord"
    assert_accessible(page)

    # Sent empty: every error is in the summary and tied to its field.
    with page.expect_navigation():
        page.get_by_role("button", name="Account maken").click()
    assert page.locator(".error-summary").is_visible()
    password = page.get_by_label("Kies een wachtwoord")
    described_by = password.get_attribute("aria-describedby").split()
    for id_ in described_by:
        assert page.locator(f"#{id_}").count() == 1, f"aria-describedby names a missing #{id_}"
    assert password.get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    # Filled in well: the new member lands on Mijn overzicht.
    page.get_by_label("Voornaam").fill("Nieuw")
    page.get_by_label("Achternaam").fill("Lid")
    page.get_by_label("Kies een wachtwoord").fill(PASSWORD)
    page.get_by_label("Typ het wachtwoord nog een keer").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Account maken").click()
    assert page.url.endswith("/mijn/")


def test_change_password_page_has_no_wcag_violations(page, public_site, log_in, assert_accessible):
    """An allauth page drawn with our element templates (form, fields, button)."""
    log_in(page, public_site["member"])
    page.goto("/account/password/change/")

    assert page.locator("form.form .field").count() == 3
    assert_accessible(page)

    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page)
