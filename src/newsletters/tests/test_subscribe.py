from __future__ import annotations

import re

import pytest
from django.utils.html import escape

from newsletters.models import Subscriber
from newsletters.tests.factories import NewsListFactory, SubscriberFactory
from newsletters.tokens import make_confirm_token, make_token

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://[^\s]+/nieuwsflits/bevestigen/[^\s/]+/")


def subscribe(client, capture, **data):
    with capture(execute=True):
        return client.post("/nieuwsflits/", data)


def test_double_opt_in_through_real_smtp(client, smtp_server, django_capture_on_commit_callbacks):
    news = NewsListFactory(name="Noord")
    response = subscribe(
        client,
        django_capture_on_commit_callbacks,
        email="Lezer@Example.org",
        name="Lies",
        lists=[news.pk],
        consent="on",
    )
    assert response.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "lezer@example.org"
    assert subscriber.confirmed_at is None
    assert subscriber.consent_source == "/nieuwsflits/"
    assert "Ik kan mij altijd afmelden" in subscriber.consent_text
    [mail] = smtp_server.to("lezer@example.org")
    link = LINK.search(mail["text"]).group(0)
    path = "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200
    assert Subscriber.objects.get().confirmed_at is None  # a GET (link scanner) confirms nothing
    assert not subscriber.lists.exists()  # nothing takes effect before confirming
    assert client.post(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None
    assert list(subscriber.lists.all()) == [news]


def test_no_one_can_change_someone_elses_lists_with_the_form(
    client, smtp_server, django_capture_on_commit_callbacks
):
    mine, other = NewsListFactory(name="Noord"), NewsListFactory(name="Jongeren")
    subscriber = SubscriberFactory(email="lezer@example.org", name="Lies", lists=[mine])
    consent_at = subscriber.consent_at
    response = subscribe(
        client,
        django_capture_on_commit_callbacks,
        email="lezer@example.org",
        name="Iemand anders",
        lists=[other.pk],
        consent="on",
    )
    assert response.status_code == 200  # the same answer as for a new address
    subscriber.refresh_from_db()
    assert list(subscriber.lists.all()) == [mine]
    assert (subscriber.name, subscriber.consent_at) == ("Lies", consent_at)
    # The owner confirms from their mailbox: then the new list is added.
    [mail] = smtp_server.to("lezer@example.org")
    assert "Jongeren" in mail["text"]
    client.post("/" + LINK.search(mail["text"]).group(0).split("/", 3)[3])
    assert set(subscriber.lists.all()) == {mine, other}


def test_a_refused_form_keeps_what_was_typed(client, smtp_server):
    NewsListFactory()
    response = client.post("/nieuwsflits/", {"email": "lezer@example.org", "name": "Lies"})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="lezer@example.org"' in body
    assert "Kies minstens één nieuwslijst." in body
    assert "Geef toestemming" in body
    assert not Subscriber.objects.exists()
    assert smtp_server.messages == []


def test_a_bad_confirm_link_is_refused(client):
    subscriber = SubscriberFactory(confirmed_at=None)
    news = NewsListFactory()
    token = make_confirm_token(subscriber, lists=[news], consent_text="Ja", source="/")
    assert client.post(f"/nieuwsflits/bevestigen/{make_token(subscriber)}/").status_code == 404
    assert client.post(f"/nieuwsflits/bevestigen/{token[:-3]}abc/").status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None


def test_manage_page_changes_lists_without_login(client):
    a, b = NewsListFactory(name="Noord"), NewsListFactory(name="Jongeren")
    subscriber = SubscriberFactory(lists=[a], name="van 't Hof")
    url = f"/nieuwsflits/beheren/{make_token(subscriber)}/"
    response = client.get(url)
    assert response.status_code == 200
    assert escape(subscriber.email) in response.content.decode()
    assert client.post(url, {"lists": [b.pk]}).status_code == 302
    assert list(subscriber.lists.all()) == [b]
    # No list at all: off everything.
    client.post(url, {})
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert not subscriber.lists.exists()


def test_a_forged_token_opens_nothing(client):
    subscriber = SubscriberFactory()
    token = make_token(subscriber)
    assert client.get(f"/nieuwsflits/beheren/{token[:-2]}xx/").status_code == 404
    # The unsubscribe token is not a confirm token (another salt).
    assert client.post(f"/nieuwsflits/bevestigen/{token}/").status_code == 404


def test_retention_deletes_unconfirmed_and_erases_unsubscribed_addresses(settings):
    from datetime import timedelta

    from django.utils import timezone

    from newsletters.models import Delivery
    from newsletters.services import subscribers_purge
    from newsletters.tests.factories import FlashFactory

    settings.RETENTION = {**settings.RETENTION, "newsflash_unsubscribed": 1}
    now = timezone.now()
    news = NewsListFactory()
    stale = SubscriberFactory(email="nooit@example.org", confirmed_at=None)
    fresh = SubscriberFactory(email="net@example.org", confirmed_at=None)
    Subscriber.objects.filter(pk=stale.pk).update(created_at=now - timedelta(days=8))
    gone = SubscriberFactory(email="weg@example.org", name="Weg", lists=[news])
    recent = SubscriberFactory(email="pas-weg@example.org")
    active = SubscriberFactory(email="blijft@example.org", lists=[news])
    Subscriber.objects.filter(pk=gone.pk).update(unsubscribed_at=now - timedelta(days=31))
    Subscriber.objects.filter(pk=recent.pk).update(unsubscribed_at=now - timedelta(days=5))
    flash = FlashFactory(status="sent")
    Delivery.objects.create(flash=flash, subscriber=gone, status="sent")

    assert subscribers_purge(now=now) == {"unconfirmed": 1, "erased": 1}
    assert not Subscriber.objects.filter(pk=stale.pk).exists()
    assert Subscriber.objects.filter(pk=fresh.pk).exists()
    gone.refresh_from_db()
    assert gone.email == f"verwijderd-{gone.pk}@verwijderd.invalid" and gone.name == ""
    assert flash.deliveries.count() == 1  # what was sent still counts
    assert Subscriber.objects.get(pk=recent.pk).email == "pas-weg@example.org"
    assert Subscriber.objects.get(pk=active.pk).email == "blijft@example.org"
    assert subscribers_purge(now=now) == {"unconfirmed": 0, "erased": 0}


# --- abuse: sign-ups are limited per address and per recipient; no stranger's text in mail ---


def test_sign_ups_from_one_address_are_limited_and_the_refusal_keeps_what_was_typed(
    client, smtp_server, django_capture_on_commit_callbacks, settings
):
    settings.NEWSFLASH_SUBSCRIBE_RATE_LIMIT = 3
    news = NewsListFactory()
    for n in range(3):
        response = subscribe(
            client,
            django_capture_on_commit_callbacks,
            email=f"lezer{n}@example.org",
            lists=[news.pk],
            consent="on",
        )
        assert response.status_code == 200
    response = subscribe(
        client,
        django_capture_on_commit_callbacks,
        email="nog-een@example.org",
        lists=[news.pk],
        consent="on",
    )
    assert response.status_code == 429
    body = response.content.decode()
    assert 'value="nog-een@example.org"' in body
    assert re.search(r"om \d\d:\d\d uur", body), body
    assert len(smtp_server.messages) == 3
    # Another client is not limited.
    response = client.post(
        "/nieuwsflits/",
        {"email": "ander@example.org", "lists": [news.pk], "consent": "on"},
        REMOTE_ADDR="198.51.100.20",
    )
    assert response.status_code == 200


def test_confirmation_mails_to_one_recipient_are_limited(
    client, smtp_server, django_capture_on_commit_callbacks, settings
):
    """30 posts in 3 seconds from ever other addresses sent 30 mails to one mailbox."""
    settings.NEWSFLASH_CONFIRM_RATE_LIMIT = 3
    news = NewsListFactory()
    statuses = []
    for n in range(30):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/nieuwsflits/",
                {"email": "Slachtoffer@example.org", "lists": [news.pk], "consent": "on"},
                REMOTE_ADDR=f"192.0.2.{n + 1}",
            )
        statuses.append(response.status_code)
    assert statuses == [200] * 3 + [429] * 27
    assert len(smtp_server.to("slachtoffer@example.org")) == 3
    assert "bevestigingsmail" in response.content.decode()


def test_the_confirmation_mail_carries_no_text_typed_by_a_stranger(
    client, smtp_server, django_capture_on_commit_callbacks
):
    """Whoever fills in the form chooses the address; a name field would let them put their own
    words ("uw uitkering stopt, bel 0900-…") in a mail from us to someone else."""
    news = NewsListFactory(name="Noord")
    assert 'name="name"' not in client.get("/nieuwsflits/").content.decode()
    subscribe(
        client,
        django_capture_on_commit_callbacks,
        email="lezer@example.org",
        name="Beste klant, uw uitkering stopt. Bel 0900-1234567",
        lists=[news.pk],
        consent="on",
    )
    [mail] = smtp_server.to("lezer@example.org")
    assert "uitkering stopt" not in mail["text"] and "0900" not in mail["text"]
    assert "uitkering stopt" not in mail["subject"]
    assert Subscriber.objects.get().name == ""
