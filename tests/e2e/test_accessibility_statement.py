"""A visitor finds the accessibility statement from the footer, reads its status and known
problems, and reports a problem by keyboard: after a failed submit the focus is on the error
summary, nothing typed is lost, and the report reaches the statement's address by mail."""

from __future__ import annotations

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_visitor_reports_an_accessibility_problem_by_keyboard(
    page, public_site, assert_accessible, smtp_server
):
    from publishing.models import AccessibilityStatementPage

    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("contentinfo").get_by_role(
            "link", name="Toegankelijkheidsverklaring"
        ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Toegankelijkheidsverklaring"
    assert page.get_by_text("Voldoet gedeeltelijk", exact=True).is_visible()
    assert page.get_by_role("heading", name="Wat nog niet goed werkt").is_visible()
    assert_accessible(page)

    # Only a page name: the problem itself is missing.
    page.get_by_label("Op welke pagina?").fill("De agenda")
    page.get_by_label("Op welke pagina?").press("Tab")
    page.keyboard.press("Tab")  # past the empty problem and the e-mail field to the button
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Melding versturen"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("Fout")
    assert page.evaluate("document.activeElement.id") == "foutmeldingen"
    assert page.get_by_label("Op welke pagina?").input_value() == "De agenda"
    assert_accessible(page)

    page.get_by_label("Wat werkt niet goed?").fill("De filterknop zegt niets in mijn voorlezer.")
    with page.expect_navigation():
        page.get_by_role("button", name="Melding versturen").click()
    assert page.get_by_text("Wij hebben uw melding ontvangen").is_visible()
    assert_accessible(page)

    address = AccessibilityStatementPage.objects.get(locale__language_code="nl").report_email
    for _ in range(50):
        if smtp_server.to(address):
            break
        page.wait_for_timeout(100)
    [mail] = smtp_server.to(address)
    assert (
        "De filterknop zegt niets in mijn voorlezer."
        in mail["message"].get_body(("plain",)).get_content()
    )
