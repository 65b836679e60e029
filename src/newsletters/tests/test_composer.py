"""The news flash composer and "Nu versturen" (issue 17): a flash offers and links only pages
that anyone can open (no members' handbook, no view restriction, no English page in a Dutch
flash), checked on submit and again when sending; sending asks first and happens once; the
per-recipient table is polled together with the progress bar. Pages are read with lxml."""

from __future__ import annotations

import lxml.html
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from common.models import AuditEntry
from newsletters.models import Delivery, Flash
from newsletters.tests.factories import FlashFactory, NewsListFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

COMPOSE = "/nieuwsflits/redactie/nieuw/"


@pytest.fixture
def editor_client(roles, client):
    client.force_login(roles["editor"])
    return client


def _publish(parent, title: str) -> Page:
    from publishing.models import ContentPage

    page = ContentPage(title=title, slug=title.lower().replace(" ", "-"))
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def pages(site_pages):
    """The demo site (Dutch and English), the members' handbook, a page behind a login with a
    page below it, and a page behind a password."""
    from handbook.tests.factories import make_handbook

    home = Page.objects.get(pk=site_pages["home"])
    handbook, chapters = make_handbook(2)
    private = _publish(home, "Alleen voor leden")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    below = _publish(private, "Onder de besloten pagina")
    secret = _publish(home, "Met wachtwoord")
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    public = _publish(home, "Open voor iedereen")
    english = Page.objects.live().filter(locale__language_code="en", depth__gt=2)
    return {
        "public": public,
        "members": [handbook, *chapters],
        "restricted": [private, below, secret],
        "english": list(english),
    }


def _offered(response) -> set[int]:
    doc = lxml.html.fromstring(response.content.decode())
    return {int(v) for v in doc.xpath('//input[@type="checkbox"][@name="pages"]/@value')}


def _errors(response) -> str:
    doc = lxml.html.fromstring(response.content.decode())
    return " ".join(
        " ".join(e.text_content().split()) for e in doc.xpath('//*[contains(@class, "error")]')
    )


def test_the_composer_offers_only_dutch_pages_that_anyone_can_open(editor_client, pages):
    offered = _offered(editor_client.get(COMPOSE))
    assert pages["public"].pk in offered
    assert not offered & {p.pk for p in pages["members"]}, "members' handbook offered"
    assert not offered & {p.pk for p in pages["restricted"]}, "restricted page offered"
    assert pages["english"] and not offered & {p.pk for p in pages["english"]}
    assert set(
        Page.objects.filter(pk__in=offered).values_list("locale__language_code", flat=True)
    ) == {"nl"}
    # Every page on offer opens for someone without an account.
    anonymous = Client()
    for page in Page.objects.filter(pk__in=offered):
        response = anonymous.get(page.url)
        assert response.status_code == 200, (page.title, page.url, response.status_code)


def test_a_crafted_post_with_a_page_not_offered_is_refused_and_nothing_is_saved(
    editor_client, pages
):
    news = NewsListFactory()
    for page in [pages["members"][1], pages["restricted"][1], pages["english"][0]]:
        response = editor_client.post(
            COMPOSE,
            {
                "subject": "Geknutseld",
                "intro": "Mijn tekst",
                "lists": [news.pk],
                "pages": [pages["public"].pk, page.pk],
            },
        )
        assert response.status_code == 400
        errors = _errors(response)
        assert f"U kunt de pagina “{page.title}” niet in een nieuwsflits zetten" in errors
        assert "zonder in te loggen" in errors
        assert "Mijn tekst" in response.content.decode()  # what was typed is kept
    assert not Flash.objects.exists()


def test_a_page_made_private_after_composing_is_refused_when_sending(
    editor_client, pages, smtp_server, django_capture_on_commit_callbacks
):
    news = NewsListFactory(name="Nieuws uit Noord")
    SubscriberFactory(email="lezer@example.org", lists=[news])
    response = editor_client.post(
        COMPOSE, {"subject": "Met link", "lists": [news.pk], "pages": [pages["public"].pk]}
    )
    assert response.status_code == 302
    flash = Flash.objects.get()
    PageViewRestriction.objects.create(
        page=pages["public"], restriction_type=PageViewRestriction.LOGIN
    )
    url = f"/nieuwsflits/redactie/{flash.pk}/verzenden/"
    # The question already says so, and offers no button to send.
    asked = lxml.html.fromstring(editor_client.post(url).content.decode())
    assert "Open voor iedereen" in asked.xpath('string(//*[@role="alert"])')
    assert not asked.xpath('//button[normalize-space()="Ja, nu versturen"]')
    # A crafted "Ja": refused, nothing sent.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = editor_client.post(url, {"confirm": "ja"})
    assert response.status_code == 400
    page = " ".join(lxml.html.fromstring(response.content.decode()).text_content().split())
    assert "De nieuwsflits is niet verstuurd. De pagina “Open voor iedereen”" in page
    assert callbacks == []
    assert smtp_server.messages == []
    assert not Delivery.objects.exists()
    flash.refresh_from_db()
    assert flash.status == Flash.Status.DRAFT


def test_sending_asks_first_how_many_and_to_which_list(
    editor_client, smtp_server, django_capture_on_commit_callbacks
):
    news = NewsListFactory(name="Nieuws uit Noord")
    for n in range(3):
        SubscriberFactory(email=f"lezer{n}@example.org", lists=[news])
    SubscriberFactory(email="onbevestigd@example.org", lists=[news], confirmed_at=None)
    flash = FlashFactory(subject="Nieuws", lists=[news])
    url = f"/nieuwsflits/redactie/{flash.pk}/verzenden/"
    for ask in (editor_client.get, editor_client.post):  # "Nu versturen", also without JS
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = ask(url)
        assert response.status_code == 200
        assert callbacks == []
        doc = lxml.html.fromstring(response.content.decode())
        text = " ".join(doc.text_content().split())
        assert "De nieuwsflits gaat nu naar 3 abonnees." in text
        assert "Zij staan op de nieuwslijst Nieuws uit Noord." in text
        [form] = doc.xpath('//form[.//button[normalize-space()="Ja, nu versturen"]]')
        assert form.get("method") == "post" and form.get("action") == url
        assert form.xpath('.//input[@name="confirm"]/@value') == ["ja"]
        [back] = doc.xpath('//a[normalize-space()="Terug"]/@href')
        assert back == f"/nieuwsflits/redactie/{flash.pk}/"
    assert smtp_server.messages == []
    assert not Delivery.objects.exists()
    flash.refresh_from_db()
    assert flash.status == Flash.Status.DRAFT


def test_a_double_submit_sends_once(editor_client, smtp_server, django_capture_on_commit_callbacks):
    news = NewsListFactory()
    SubscriberFactory(email="lezer@example.org", lists=[news])
    flash = FlashFactory(lists=[news])
    url = f"/nieuwsflits/redactie/{flash.pk}/verzenden/"
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(url, {"confirm": "ja"}).status_code == 302
    SubscriberFactory(email="later@example.org", lists=[news])  # signs up in between
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = editor_client.post(url, {"confirm": "ja"}, follow=True)
    assert callbacks == []
    assert "Deze nieuwsflits is al verstuurd" in second.content.decode()
    assert [m["to"] for m in smtp_server.messages] == [["lezer@example.org"]]
    assert Delivery.objects.count() == 1
    assert AuditEntry.objects.filter(action="newsletters.send").count() == 1


def _rows(response) -> dict[str, str]:
    doc = lxml.html.fromstring(response.content.decode())
    return {
        tr.xpath("string(td[1])"): tr.xpath("string(td[2])")
        for tr in doc.xpath('//table[@id="ontvangers"]/tbody/tr')
    }


def _sending(n: int, prefix: str = "lezer") -> Flash:
    """A flash being sent to ``n`` people: sent, failed and waiting in turn."""
    flash = FlashFactory(lists=[NewsListFactory()], status=Flash.Status.SENDING)
    states = ["sent", "failed", "queued"]
    Delivery.objects.bulk_create(
        [
            Delivery(
                flash=flash,
                subscriber=SubscriberFactory(email=f"{prefix}{i}@example.org"),
                status=states[i % 3],
            )
            for i in range(n)
        ]
    )
    return flash


def test_the_progress_fragment_holds_the_rows_and_stops_polling_when_done(editor_client):
    flash = _sending(5)
    url = f"/nieuwsflits/redactie/{flash.pk}/voortgang/"
    poll = editor_client.get(url, HTTP_HX_REQUEST="true")
    assert _rows(poll) == {
        "lezer0@example.org": "Verstuurd",
        "lezer1@example.org": "Mislukt",
        "lezer2@example.org": "In de wachtrij",
        "lezer3@example.org": "Verstuurd",
        "lezer4@example.org": "Mislukt",
    }
    doc = lxml.html.fromstring(f"<div>{poll.content.decode()}</div>")
    [swapped] = doc.xpath('//*[@id="voortgang"]')
    assert swapped.get("hx-trigger") == "every 2s"
    # The table is swapped with the bar; the summary (one live region) is updated in its place.
    assert swapped.xpath('.//table[@id="ontvangers"]') and swapped.xpath(".//progress")
    assert not swapped.xpath(".//*[@role or @aria-live]")
    [summary] = doc.xpath('//*[@id="voortgang-tekst"]')
    assert summary.get("hx-swap-oob") == "innerHTML"
    assert "Verstuurd: 80% (4 van 5)" in summary.text_content()

    Delivery.objects.filter(status="queued").update(status="sent")
    done = editor_client.get(url, HTTP_HX_REQUEST="true")
    assert _rows(done)["lezer2@example.org"] == "Verstuurd"
    doc = lxml.html.fromstring(f"<div>{done.content.decode()}</div>")
    assert doc.xpath('//*[@id="voortgang"]')[0].get("hx-get") is None  # polling stops

    # The flash's own page: the summary is the one live region, the table is not in it.
    page = lxml.html.fromstring(editor_client.get(f"/nieuwsflits/redactie/{flash.pk}/").content)
    [status] = page.xpath('//*[@id="voortgang-tekst"]')
    assert status.get("role") == "status" and not status.xpath(".//table")
    assert not page.xpath('//table[@id="ontvangers"]/ancestor::*[@role or @aria-live]')


def test_the_progress_fragment_queries_do_not_grow_with_the_recipients(editor_client):
    counts = []
    for n in (5, 200):
        flash = _sending(n, prefix=f"veel{n}-")
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.get(
                f"/nieuwsflits/redactie/{flash.pk}/voortgang/", HTTP_HX_REQUEST="true"
            )
        assert len(_rows(response)) == n
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_composer_queries_do_not_grow_with_the_pages(editor_client, pages):
    home = pages["public"].get_parent()
    counts = []
    for n in (3, 30):
        for i in range(n):
            _publish(home, f"Bericht {n} {i}")
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(COMPOSE).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
