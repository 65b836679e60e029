from __future__ import annotations

import socket

import pytest
from django.test import Client

from newsletters import services
from newsletters.models import Delivery, Flash, Subscriber
from newsletters.tests.factories import FlashFactory, NewsListFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(roles, client):
    client.force_login(roles["editor"])
    return client


def send(client, capture, flash):
    """ "Nu versturen", then "Ja, nu versturen" on the page that asks."""
    with capture(execute=True):
        return client.post(f"/nieuwsflits/redactie/{flash.pk}/verzenden/", {"confirm": "ja"})


def test_flash_reaches_exactly_the_confirmed_subscribers_once(
    editor_client, smtp_server, django_capture_on_commit_callbacks
):
    noord, jong, other = NewsListFactory(), NewsListFactory(), NewsListFactory()
    both = SubscriberFactory(email="beide@example.org", lists=[noord, jong])
    one = SubscriberFactory(email="een@example.org", lists=[jong])
    SubscriberFactory(email="onbevestigd@example.org", lists=[noord], confirmed_at=None)
    SubscriberFactory(email="anders@example.org", lists=[other])
    flash = FlashFactory(subject="Nieuws uit Noord", lists=[noord, jong])

    response = send(editor_client, django_capture_on_commit_callbacks, flash)
    assert response.status_code == 302
    received = sorted(r for m in smtp_server.messages for r in m["to"])
    assert received == [both.email, one.email]
    flash.refresh_from_db()
    assert flash.status == Flash.Status.SENT
    # A second "send" makes no second row and sends nothing again.
    Flash.objects.filter(pk=flash.pk).update(status=Flash.Status.DRAFT)
    send(editor_client, django_capture_on_commit_callbacks, flash)
    assert len(smtp_server.messages) == 2
    assert Delivery.objects.filter(flash=flash).count() == 2

    progress = editor_client.get(f"/nieuwsflits/redactie/{flash.pk}/voortgang/")
    assert 'aria-valuenow="100"' in progress.content.decode()
    assert "every 2s" not in progress.content.decode()  # finished: polling stops


def test_each_message_can_be_unsubscribed_with_one_click(
    editor_client, smtp_server, django_capture_on_commit_callbacks
):
    news = NewsListFactory()
    subscriber = SubscriberFactory(email="lezer@example.org", lists=[news])
    flash = FlashFactory(lists=[news])
    send(editor_client, django_capture_on_commit_callbacks, flash)
    [mail] = smtp_server.to("lezer@example.org")
    header = mail["message"]["List-Unsubscribe"]
    assert mail["message"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url, mailto = (part.strip(" <>") for part in header.split(","))
    assert mailto.startswith("mailto:")
    path = "/" + url.split("/", 3)[3]
    assert "/nieuwsflits/afmelden/" in path
    # A mail client's POST: no cookies, no CSRF token.
    browserless = Client(enforce_csrf_checks=True)
    assert browserless.get(path).status_code == 200
    assert Subscriber.objects.get().unsubscribed_at is None
    response = browserless.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert not subscriber.lists.exists()
    # The next flash does not go to them.
    smtp_server.clear()
    send(editor_client, django_capture_on_commit_callbacks, FlashFactory(lists=[news]))
    assert smtp_server.messages == []


def test_a_failed_recipient_is_resent_without_the_others(
    editor_client, smtp_server, django_capture_on_commit_callbacks
):
    news = NewsListFactory()
    SubscriberFactory(email="eerste@example.org", lists=[news])
    SubscriberFactory(email="tweede@example.org", lists=[news])
    SubscriberFactory(email="derde@example.org", lists=[news])
    flash = FlashFactory(lists=[news])
    smtp_server.fail_next = 1  # the first message is refused (451)
    send(editor_client, django_capture_on_commit_callbacks, flash)
    failed = Delivery.objects.get(status=Delivery.Status.FAILED)
    received = [r for m in smtp_server.messages for r in m["to"]]
    assert failed.subscriber.email not in received
    assert failed.error.startswith("451")
    assert not failed.permanent
    assert len(smtp_server.messages) == 2
    page = editor_client.get(f"/nieuwsflits/redactie/{flash.pk}/").content.decode()
    assert "451" in page
    assert "Opnieuw versturen naar wie hem nog niet kreeg" in page

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/nieuwsflits/redactie/{flash.pk}/opnieuw/")
    assert sorted(r for m in smtp_server.messages for r in m["to"]) == sorted(
        ["eerste@example.org", "tweede@example.org", "derde@example.org"]
    )
    assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()
    # Running the task again sends nothing.
    services.flash_deliver(flash.pk)
    assert len(smtp_server.messages) == 3


@pytest.fixture
def bouncing_smtp(settings):
    """A second local SMTP server that refuses one address permanently (550)."""
    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.startswith("weg@"):
                return "550 5.1.1 Mailbox does not exist"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            received.extend(envelope.rcpt_tos)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_PORT = port
    yield received
    controller.stop()


def test_a_permanent_refusal_is_marked_failed_with_the_servers_message(bouncing_smtp):
    news = NewsListFactory()
    SubscriberFactory(email="weg@example.org", lists=[news])
    SubscriberFactory(email="blijft@example.org", lists=[news])
    flash = FlashFactory(lists=[news])
    Flash.objects.filter(pk=flash.pk).update(status=Flash.Status.SENDING)
    from newsletters.models import Delivery as D

    D.objects.bulk_create([D(flash=flash, subscriber=s) for s in Subscriber.objects.all()])
    services.flash_deliver(flash.pk)
    bounced = D.objects.get(subscriber__email="weg@example.org")
    assert bounced.status == D.Status.FAILED
    assert bounced.permanent
    assert "550" in bounced.error and "Mailbox does not exist" in bounced.error
    assert bouncing_smtp == ["blijft@example.org"]


def test_sending_is_throttled_to_the_rate_setting(settings, smtp_server, monkeypatch):
    settings.NEWSFLASH_RATE_PER_SECOND = 4
    clock = {"now": 100.0}
    sent_at = []
    monkeypatch.setattr(services, "monotonic", lambda: clock["now"])
    monkeypatch.setattr(services, "sleep", lambda s: clock.__setitem__("now", clock["now"] + s))
    real = services.deliver_one

    def deliver(delivery_id, connection, pages=None):
        sent_at.append(clock["now"])
        return real(delivery_id, connection, pages)

    monkeypatch.setattr(services, "deliver_one", deliver)
    news = NewsListFactory()
    for _ in range(9):
        SubscriberFactory(lists=[news])
    flash = FlashFactory(lists=[news])
    Delivery.objects.bulk_create(
        [Delivery(flash=flash, subscriber=s) for s in Subscriber.objects.all()]
    )
    services.flash_deliver(flash.pk)
    assert len(smtp_server.messages) == 9
    # The n-th message starts no sooner than n / rate seconds after the first.
    for n, at in enumerate(sent_at):
        assert at - sent_at[0] >= n / 4 - 1e-9
    assert sent_at[-1] - sent_at[0] == pytest.approx(2.0)


def test_a_flash_without_subject_is_refused_with_the_text_kept(editor_client):
    response = editor_client.post(
        "/nieuwsflits/redactie/nieuw/", {"subject": "", "intro": "Mijn mooie inleiding"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Geef de nieuwsflits een onderwerp." in body
    assert "Mijn mooie inleiding" in body
    assert not Flash.objects.exists()


def test_preview_in_html_and_text_and_a_test_to_the_editor(
    editor_client, roles, smtp_server, django_capture_on_commit_callbacks
):
    flash = FlashFactory(subject="Wat wij deden", intro="Een inleiding.")
    html = editor_client.get(f"/nieuwsflits/redactie/{flash.pk}/voorbeeld/")
    assert "<h1>Wat wij deden</h1>" in html.content.decode()
    text = editor_client.get(f"/nieuwsflits/redactie/{flash.pk}/voorbeeld/?format=text")
    assert text["Content-Type"].startswith("text/plain")
    assert "Een inleiding." in text.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/nieuwsflits/redactie/{flash.pk}/test/")
    [mail] = smtp_server.to(roles["editor"].email)
    assert "Wat wij deden" in mail["subject"]
    assert mail["message"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not Delivery.objects.exists()


def test_the_sweep_sends_what_a_lost_task_left(smtp_server):
    import datetime

    from django.utils import timezone

    from newsletters.tasks import flash_sweep

    news = NewsListFactory()
    SubscriberFactory(email="lezer@example.org", lists=[news])
    flash = FlashFactory(lists=[news], status=Flash.Status.SENDING)
    Delivery.objects.create(flash=flash, subscriber=Subscriber.objects.get())
    Flash.objects.filter(pk=flash.pk).update(
        send_started_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert flash_sweep.call_local() == [flash.pk]
    assert [m["to"] for m in smtp_server.messages] == [["lezer@example.org"]]
    assert flash_sweep.call_local() == []


def test_the_editor_pages_stay_within_a_few_queries(editor_client, django_assert_max_num_queries):
    news = NewsListFactory()
    flash = FlashFactory(lists=[news], status=Flash.Status.SENT)
    for _ in range(30):
        subscriber = SubscriberFactory(lists=[news])
        Delivery.objects.create(flash=flash, subscriber=subscriber, status="sent")
    FlashFactory.create_batch(10)
    with django_assert_max_num_queries(25):
        assert editor_client.get(f"/nieuwsflits/redactie/{flash.pk}/").status_code == 200
    with django_assert_max_num_queries(15):
        poll = editor_client.get(
            f"/nieuwsflits/redactie/{flash.pk}/voortgang/", HTTP_HX_REQUEST="true"
        )
        assert poll.status_code == 200
    with django_assert_max_num_queries(15):
        assert editor_client.get("/nieuwsflits/redactie/").status_code == 200


def test_the_chosen_live_pages_are_linked_in_the_flash(
    settings, editor_client, site_pages, smtp_server, django_capture_on_commit_callbacks
):
    from newsletters.selectors import flash_offerable_pages

    live, gone = flash_offerable_pages().specific()[:2]
    news = NewsListFactory()
    SubscriberFactory(email="lezer@example.org", lists=[news])
    response = editor_client.post(
        "/nieuwsflits/redactie/nieuw/",
        {"subject": "Met links", "lists": [news.pk], "pages": [live.pk, gone.pk]},
    )
    assert response.status_code == 302
    flash = Flash.objects.get(subject="Met links")
    gone.unpublish()
    send(editor_client, django_capture_on_commit_callbacks, flash)
    [mail] = smtp_server.to("lezer@example.org")
    link = settings.SITE_URL + live.url  # the site's public address, not the request's
    assert live.title in mail["text"] and link in mail["text"]
    assert gone.title not in mail["text"]
    html = mail["message"].get_body(("html",)).get_content()
    assert f'href="{link}"' in html


def test_a_flash_links_its_pages_and_names_its_message_on_site_url(
    settings, editor_client, site_pages, smtp_server, django_capture_on_commit_callbacks
):
    from wagtail.models import Site

    from newsletters.selectors import flash_offerable_pages

    settings.SITE_URL = "https://raadsplein.test"
    Site.objects.update(hostname="localhost", port=80)  # a Site record that lags behind
    live = flash_offerable_pages().order_by("path").first()
    news = NewsListFactory()
    SubscriberFactory(email="lezer@example.org", lists=[news])
    editor_client.post(
        "/nieuwsflits/redactie/nieuw/",
        {"subject": "Op het adres", "lists": [news.pk], "pages": [live.pk]},
    )
    send(
        editor_client, django_capture_on_commit_callbacks, Flash.objects.get(subject="Op het adres")
    )
    [mail] = smtp_server.to("lezer@example.org")
    assert f"https://raadsplein.test{live.url}" in mail["text"]
    assert "localhost" not in mail["text"]
    assert mail["message"]["Message-ID"].endswith("@raadsplein.test>")


def test_the_flash_list_queries_do_not_grow_with_flashes(
    editor_client, django_assert_max_num_queries
):
    news = NewsListFactory()
    FlashFactory.create_batch(3, lists=[news])
    with django_assert_max_num_queries(15) as small:
        assert editor_client.get("/nieuwsflits/redactie/").status_code == 200
    FlashFactory.create_batch(30, lists=[news])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert editor_client.get("/nieuwsflits/redactie/").status_code == 200


def test_a_flash_that_reached_nobody_says_so_and_the_editor_is_told(
    settings, roles, editor_client, smtp_server, django_capture_on_commit_callbacks
):
    """The mail server's port is closed: every run finds no server; after the last try the flash
    is "Niet verstuurd" (not "Verstuurd" with 0 delivered), each recipient shows the server's
    error, and the editor gets an e-mail once the server is back."""
    from common.outbox import outbox_resume

    news = NewsListFactory()
    for n in range(3):
        SubscriberFactory(email=f"lezer{n}@example.org", lists=[news])
    flash = FlashFactory(lists=[news], created_by=roles["editor"])
    settings.EMAIL_PORT = 1  # nothing listens there
    send(editor_client, django_capture_on_commit_callbacks, flash)
    flash.refresh_from_db()
    assert flash.status == Flash.Status.SENDING and flash.failed_runs == 1
    assert "Connection" in flash.last_error or "refused" in flash.last_error.lower()
    page = editor_client.get(f"/nieuwsflits/redactie/{flash.pk}/").content.decode()
    assert "De mailserver was niet bereikbaar" in page
    for _ in range(services.MAX_FAILED_RUNS - 1):  # the task's retries
        with pytest.raises(services.MailServerUnavailable):
            services.flash_deliver(flash.pk)
    flash.refresh_from_db()
    assert flash.status == Flash.Status.FAILED
    assert set(Delivery.objects.values_list("status", flat=True)) == {"failed"}
    assert all("niet bereikbaar" in d.error for d in Delivery.objects.all())
    assert smtp_server.messages == []
    page = editor_client.get(f"/nieuwsflits/redactie/{flash.pk}/").content.decode()
    assert "Niet verstuurd" in page and "bij niemand aangekomen" in page
    assert "Verstuurd: 0." in page

    settings.EMAIL_PORT = smtp_server.port  # the server is back
    from django.utils import timezone

    outbox_resume(now=timezone.now() + timezone.timedelta(hours=1))
    [notice] = smtp_server.to(roles["editor"].email)
    assert "is niet verstuurd" in notice["subject"]
    assert f"/nieuwsflits/redactie/{flash.pk}/" in notice["text"]


def test_a_flash_that_partly_failed_is_partly_sent_and_the_editor_is_told(
    roles, editor_client, smtp_server, django_capture_on_commit_callbacks
):
    news = NewsListFactory()
    for n in range(3):
        SubscriberFactory(email=f"lezer{n}@example.org", lists=[news])
    flash = FlashFactory(lists=[news], created_by=roles["editor"])
    smtp_server.fail_next = 1
    send(editor_client, django_capture_on_commit_callbacks, flash)
    flash.refresh_from_db()
    assert flash.status == Flash.Status.PARTLY
    [notice] = smtp_server.to(roles["editor"].email)
    assert "niet alle e-mails" in notice["subject"]


def test_resending_also_sends_to_those_a_stopped_run_left_waiting(
    editor_client, smtp_server, django_capture_on_commit_callbacks
):
    """A worker was killed halfway: rows are still queued and nobody sends them. "Opnieuw
    versturen" says it sends to whoever did not get it, so it sends those too."""
    news = NewsListFactory()
    for n in range(4):
        SubscriberFactory(email=f"lezer{n}@example.org", lists=[news])
    flash = FlashFactory(lists=[news], status=Flash.Status.SENDING)
    subscribers = list(Subscriber.objects.order_by("pk"))
    Delivery.objects.create(flash=flash, subscriber=subscribers[0], status="sent")
    Delivery.objects.create(flash=flash, subscriber=subscribers[1], status="failed", error="451")
    for subscriber in subscribers[2:]:
        Delivery.objects.create(flash=flash, subscriber=subscriber)  # left queued
    page = editor_client.get(f"/nieuwsflits/redactie/{flash.pk}/").content.decode()
    assert "Opnieuw versturen naar wie hem nog niet kreeg" in page
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/nieuwsflits/redactie/{flash.pk}/opnieuw/")
    received = sorted(r for m in smtp_server.messages for r in m["to"])
    assert received == ["lezer1@example.org", "lezer2@example.org", "lezer3@example.org"]
    flash.refresh_from_db()
    assert flash.status == Flash.Status.SENT


def test_no_transaction_is_open_while_the_mail_server_is_spoken_to(smtp_server, monkeypatch):
    """Each send happens outside any transaction (DESIGN: claim, talk, record)."""
    from django.core.mail.backends.smtp import EmailBackend
    from django.db import connection

    from common.models import OutboxMessage
    from common.outbox import outbox_deliver

    seen = []
    real = EmailBackend.send_messages

    def spy(self, messages):
        # Inside the test's own transaction (django_db) the depth is 1: anything deeper is ours.
        seen.append(len(connection.savepoint_ids))
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", spy)
    news = NewsListFactory()
    SubscriberFactory(lists=[news])
    flash = FlashFactory(lists=[news], status=Flash.Status.SENDING)
    Delivery.objects.create(flash=flash, subscriber=Subscriber.objects.get())
    services.flash_deliver(flash.pk)
    message = OutboxMessage.objects.create(to=["a@example.org"], subject="x", body_text="y")
    outbox_deliver(message_id=message.pk)
    assert seen == [0, 0]


def test_a_delivery_sent_again_keeps_its_message_id(
    editor_client, smtp_server, django_capture_on_commit_callbacks
):
    """The server took the mail but its answer was lost, so the row is failed and sent again
    ("Opnieuw versturen"): the reader's mail program gets the same Message-ID twice and shows
    one message. Another reader's mail has a different one."""
    import email
    import email.policy

    from common.site import site_host

    news = NewsListFactory()
    SubscriberFactory(email="lezer@example.org", lists=[news])
    SubscriberFactory(email="ander@example.org", lists=[news])
    flash = FlashFactory(lists=[news])
    send(editor_client, django_capture_on_commit_callbacks, flash)
    delivery = Delivery.objects.get(flash=flash, subscriber__email="lezer@example.org")
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        services.flash_resend_failures(flash=flash, actor=None)

    def parsed(mail):
        return email.message_from_bytes(mail["raw"], policy=email.policy.strict)

    first, again = (parsed(m) for m in smtp_server.to("lezer@example.org"))
    [other] = (parsed(m) for m in smtp_server.to("ander@example.org"))
    assert first["Message-ID"] == again["Message-ID"]
    assert first["Message-ID"].endswith(f"@{site_host()}>")
    assert other["Message-ID"] != first["Message-ID"]


def test_a_page_made_private_while_sending_is_not_linked(site_pages):
    """The check before sending passed; a page made private after that is left out of the
    mails still to go, so no reader meets a login wall behind a link."""
    from wagtail.models import PageViewRestriction

    from newsletters.mail import flash_pages
    from newsletters.selectors import flash_offerable_pages

    public, private = flash_offerable_pages().order_by("path")[:2]
    flash = FlashFactory(lists=[NewsListFactory()])
    flash.pages.set([public, private])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert [item["title"] for item in flash_pages(flash)] == [public.title]
