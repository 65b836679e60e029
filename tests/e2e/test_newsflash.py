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


def test_an_editor_composes_and_sends_a_flash(
    page, public_site, news_lists, log_in, assert_accessible, smtp_server
):
    from newsletters.tests.factories import SubscriberFactory

    for n in range(3):
        SubscriberFactory(email=f"lezer{n}@example.org", lists=[news_lists[0]])
    _log_in_with_second_step(page, log_in, public_site["editor"])
    page.goto("/nieuwsflits/redactie/")
    assert_accessible(page)
    page.get_by_role("link", name="Nieuwe nieuwsflits").click()
    assert_accessible(page)
    # No subject: refused, the intro kept.
    page.get_by_label("Inleiding").fill("De raden waren deze maand druk.")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_label("Inleiding").input_value() == "De raden waren deze maand druk."
    page.get_by_text("Geef de nieuwsflits een onderwerp.").first.wait_for()
    assert_accessible(page)
    page.get_by_label("Onderwerp").fill("Nieuws uit de raden")
    page.get_by_label("Nieuws uit Noord").check()
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("De nieuwsflits is opgeslagen.").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Nu versturen").click()
    bar = page.get_by_role("progressbar")
    bar.wait_for()
    page.wait_for_function(
        "document.querySelector('#voortgang-balk').getAttribute('aria-valuenow') === '100'"
    )
    assert page.get_by_text("Verstuurd: 100% (3 van 3)").is_visible()
    assert_accessible(page)
    assert sorted(r for m in smtp_server.messages for r in m["to"]) == [
        "lezer0@example.org",
        "lezer1@example.org",
        "lezer2@example.org",
    ]
