"""News flashes in the browser: a visitor subscribes and manages their lists without an account;
an editor composes a flash, sends it and sees the progress bar reach 100%. Every page on the way
has no axe-core violation of WCAG 2.2 A and AA."""

from __future__ import annotations

import re

import pytest

from tests.e2e.keyboard import fresh_totp

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _log_in_with_second_step(page, log_in, user):
    log_in(page, user)
    if "/account/2fa/authenticate/" in page.url:
        page.get_by_label("Code uit de app").fill(fresh_totp())
        with page.expect_navigation():
            page.get_by_label("Code uit de app").press("Enter")
    return page


@pytest.fixture
def news_lists(public_site):
    from newsletters.tests.factories import NewsListFactory

    return [
        NewsListFactory(name="Nieuws uit Noord", council=public_site.council),
        NewsListFactory(name="Voor jongerenorganisaties", organisation_kind="youth"),
    ]


def test_a_visitor_subscribes_and_manages_their_lists(
    page, news_lists, assert_accessible, smtp_server
):
    from newsletters.models import Subscriber
    from newsletters.tokens import make_token

    page.goto("/nieuwsflits/")
    assert_accessible(page)
    # Refused: the address stays as typed, the errors are named.
    page.get_by_label("Uw e-mailadres").fill("lezer@example.org")
    page.get_by_role("button", name="Aanmelden").click()
    assert page.get_by_label("Uw e-mailadres").input_value() == "lezer@example.org"
    assert page.get_by_text("Kies minstens één nieuwslijst.").first.is_visible()
    assert_accessible(page)
    page.get_by_label("Nieuws uit Noord").check()
    page.get_by_label("Ja, stuur mij de nieuwsflitsen", exact=False).check()
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_role("heading", name="Kijk in uw e-mail").wait_for()
    assert_accessible(page)

    # The link in the confirmation mail, then the button (a GET alone confirms nothing).
    [mail] = smtp_server.to("lezer@example.org")
    link = re.search(r"/nieuwsflits/bevestigen/[^\s/]+/", mail["text"]).group(0)
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Ja, bevestig mijn aanmelding").click()
    page.get_by_role("heading", name="Aanmelding bevestigd").wait_for()
    assert_accessible(page)

    subscriber = Subscriber.objects.get(email="lezer@example.org")
    page.goto(f"/nieuwsflits/beheren/{make_token(subscriber)}/")
    assert page.get_by_label("Nieuws uit Noord").is_checked()
    assert_accessible(page)
    page.get_by_label("Voor jongerenorganisaties").check()
    page.get_by_role("button", name="Keuze opslaan").click()
    page.get_by_text("Uw keuze is opgeslagen.").wait_for()
    assert subscriber.lists.count() == 2
    page.goto(f"/nieuwsflits/afmelden/{make_token(subscriber)}/")
    assert_accessible(page)


def _poll(check, *, seconds: float = 15.0):
    """Wait until ``check()`` is true (the CSP blocks page.wait_for_function with a string)."""
    import time

    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "not reached in time"
        time.sleep(0.2)


def _rows(page) -> dict[str, str]:
    return {
        row.locator("td").nth(0).inner_text(): row.locator("td").nth(1).inner_text()
        for row in page.locator("#ontvangers tbody tr").all()
    }


def test_an_editor_composes_and_sends_a_flash(
    page, public_site, news_lists, log_in, assert_accessible, smtp_server, monkeypatch
):
    """With the keyboard alone: a page made private while the composer is open is refused by
    name; "Nu versturen" asks first; the per-recipient rows change with the progress bar."""
    from wagtail.models import PageViewRestriction

    from common.outbox import smtp_connection
    from newsletters import services
    from newsletters.models import Delivery, Flash
    from newsletters.tests.factories import SubscriberFactory
    from publishing.models import ContentPage, HomePage
    from tests.e2e.keyboard import enter, tab_to, to_content

    readers = [f"lezer{n}@example.org" for n in range(3)]
    for address in readers:
        SubscriberFactory(email=address, lists=[news_lists[0]])
    home = HomePage.objects.get(locale__language_code="nl")
    closing = ContentPage(title="Straks besloten", slug="straks-besloten")
    home.add_child(instance=closing)
    closing.save_revision().publish()
    # The sending task runs when the test says so, so the rows can be seen changing.
    scheduled = []
    monkeypatch.setattr(services, "_schedule", scheduled.append)

    _log_in_with_second_step(page, log_in, public_site["editor"])
    page.goto("/nieuwsflits/redactie/nieuw/")
    assert_accessible(page)
    to_content(page)
    tab_to(page, lambda e: e["name"] == "subject")
    page.keyboard.type("Nieuws uit de raden")
    checkbox = page.get_by_label("Straks besloten").get_attribute("id")
    tab_to(page, lambda e: e["id"] == checkbox, limit=150)
    page.keyboard.press("Space")
    noord = page.get_by_label("Nieuws uit Noord").get_attribute("id")
    tab_to(page, lambda e: e["id"] == noord, limit=150)
    page.keyboard.press("Space")
    # Meanwhile someone puts the page behind a login.
    PageViewRestriction.objects.create(page=closing, restriction_type=PageViewRestriction.LOGIN)
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Opslaan")
    enter(page)
    assert "U kunt de pagina “Straks besloten” niet in een nieuwsflits zetten" in (
        page.locator(".error-summary").inner_text()
    )
    assert page.evaluate("document.activeElement.closest('.error-summary') !== null")
    assert page.get_by_label("Onderwerp").input_value() == "Nieuws uit de raden"
    assert page.get_by_label("Nieuws uit Noord").is_checked()
    assert page.get_by_label("Straks besloten").count() == 0  # no longer offered
    assert_accessible(page)
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Opslaan", limit=150)
    enter(page)
    page.get_by_text("De nieuwsflits is opgeslagen.").wait_for()
    assert_accessible(page)

    # "Nu versturen" asks first: how many, which list.
    to_content(page)
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Nu versturen", limit=150)
    enter(page)
    assert page.get_by_text("De nieuwsflits gaat nu naar 3 abonnees.").is_visible()
    assert page.get_by_text("Zij staan op de nieuwslijst Nieuws uit Noord.").is_visible()
    assert_accessible(page)
    assert smtp_server.messages == [] and not Delivery.objects.exists()
    to_content(page)
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Ja, nu versturen")
    enter(page)
    flash = Flash.objects.get(subject="Nieuws uit de raden")
    assert scheduled == [flash.pk]
    assert _rows(page) == dict.fromkeys(readers, "In de wachtrij")
    assert_accessible(page)

    # The task sends one, then the rest: the table changes with the bar, then polling stops.
    first = Delivery.objects.filter(flash=flash).order_by("pk").first()
    services.deliver_one(first.pk, smtp_connection())
    _poll(lambda: _rows(page)[first.subscriber.email] == "Verstuurd")
    assert page.locator("#voortgang-balk").get_attribute("aria-valuenow") == "33"
    assert "Verstuurd: 33% (1 van 3)" in page.locator("#voortgang-tekst").inner_text()
    assert list(_rows(page).values()).count("In de wachtrij") == 2
    services.flash_deliver(flash.pk)
    _poll(lambda: page.locator("#voortgang-balk").get_attribute("aria-valuenow") == "100")
    assert _rows(page) == dict.fromkeys(readers, "Verstuurd")
    assert "Verstuurd: 100% (3 van 3)" in page.locator("#voortgang-tekst").inner_text()
    assert page.locator("#voortgang").get_attribute("hx-get") is None
    assert_accessible(page)
    assert sorted(r for m in smtp_server.messages for r in m["to"]) == readers


def test_an_editor_previews_a_flash_and_its_example_links(
    page, public_site, news_lists, log_in, assert_accessible, live_server, settings
):
    """With the keyboard alone: from the flash's page to its preview, which says it is an
    example, and from the preview's "Afmelden" to the page that says the link is an example."""
    from newsletters.tests.factories import FlashFactory
    from tests.e2e.keyboard import enter, tab_to, to_content

    settings.SITE_URL = live_server.url  # the preview's links go to the test server
    flash = FlashFactory(subject="Wat wij deden", intro="Een inleiding.", lists=[news_lists[0]])
    _log_in_with_second_step(page, log_in, public_site["editor"])
    page.goto(f"/nieuwsflits/redactie/{flash.pk}/")
    to_content(page)
    tab_to(page, lambda e: e["text"] == "Voorbeeld als opgemaakte e-mail (HTML)", limit=150)
    enter(page)
    assert page.url.endswith(f"/nieuwsflits/redactie/{flash.pk}/voorbeeld/")
    assert page.get_by_role("heading", level=1).inner_text() == "Wat wij deden"
    assert page.get_by_text("Dit is een voorbeeld.", exact=False).is_visible()
    assert_accessible(page)
    tab_to(page, lambda e: e["text"] == "Afmelden")
    enter(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Dit is een voorbeeld"
    assert_accessible(page)
