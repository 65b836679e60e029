"""A slow or hung mail server, or a worker killed halfway, costs no signal, no page and no mail,
and sends no mail twice (issue 13, items 2 and 3)."""

from __future__ import annotations

import contextlib
import re
import signal
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connection, connections

from tests.chaos.conftest import wait_for
from tests.chaos.smtp import HeldSMTP, SilentServer

pytestmark = pytest.mark.django_db(transaction=True)


def _flash_to(count: int, *, editor=None):
    from newsletters.models import Delivery, Flash, Subscriber
    from newsletters.tests.factories import FlashFactory, NewsListFactory, SubscriberFactory

    news = NewsListFactory()
    for n in range(count):
        SubscriberFactory(email=f"lezer{n:03d}@example.org", lists=[news])
    flash = FlashFactory(lists=[news], status=Flash.Status.SENDING, created_by=editor)
    Delivery.objects.bulk_create(
        [Delivery(flash=flash, subscriber=s) for s in Subscriber.objects.all()]
    )
    return flash


def _open_transactions() -> list[str]:
    """PostgreSQL: the queries of sessions on the test database that sit in an open
    transaction. SQLite has no such view; there the requests below would wait and fail."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT query FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%%'"
        )
        return [row[0] for row in cursor.fetchall()]


def test_a_hung_mail_server_holds_no_transaction_and_blocks_no_page(
    settings, live_server, roles, client
):
    """The worker sends a news flash and an outbox mail to a server that accepts the connection
    and never answers. Meanwhile 25 clients send a signal and 25 members load "Mijn overzicht":
    all of them succeed while the worker is still waiting for the mail server."""
    from common.models import OutboxMessage
    from common.outbox import outbox_deliver
    from newsletters.services import flash_deliver

    hung = SilentServer()
    settings.EMAIL_PORT = hung.port
    settings.EMAIL_TIMEOUT = 60  # longer than SQLite's busy timeout: a held lock would show
    settings.SIGNAL_RATE_LIMIT = 1000
    flash = _flash_to(3)
    mail = OutboxMessage.objects.create(
        to=["iemand@example.org"], subject="Onderwerp", body_text="Tekst"
    )  # written, its task not yet run: the worker below sends it

    def worker():
        try:  # the server never answers, so both fail: that is the point
            with contextlib.suppress(Exception):
                flash_deliver(flash.pk)
            with contextlib.suppress(Exception):
                outbox_deliver(message_id=mail.pk)
        finally:
            connections.close_all()

    thread = threading.Thread(target=worker, daemon=True)
    thread.start()
    try:
        assert hung.accepted.wait(20), "the worker never reached the mail server"
        assert _open_transactions() == []

        client.force_login(roles["member"])
        session = client.cookies["sessionid"].value

        def signal_post(n: int) -> int:
            with requests.Session() as http:
                form = http.get(f"{live_server.url}/signaal/", timeout=30)
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
                response = http.post(
                    f"{live_server.url}/signaal/",
                    data={
                        "csrfmiddlewaretoken": token.group(1),
                        "text": f"Ik wacht al zes weken op een antwoord over mijn WW ({n}).",
                        "website": "",
                    },
                    headers={"Referer": f"{live_server.url}/signaal/"},
                    timeout=30,
                    allow_redirects=False,
                )
                return response.status_code

        def dashboard(_n: int) -> int:
            response = requests.get(
                f"{live_server.url}/mijn/", cookies={"sessionid": session}, timeout=30
            )
            return response.status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            posts = pool.map(signal_post, range(25))
            pages = pool.map(dashboard, range(25))
            posts, pages = list(posts), list(pages)
        assert posts == [302] * 25  # each signal stored, the client sent to "received"
        assert pages == [200] * 25
        assert thread.is_alive(), "the worker should still be waiting for the mail server"
        assert _open_transactions() == []
    finally:
        hung.close()  # the worker's connection ends; it records the failure
        thread.join(60)
    from signals.models import Signal

    assert Signal.objects.count() == 25
    mail.refresh_from_db()
    assert mail.status == OutboxMessage.Status.QUEUED and mail.last_error


def test_a_killed_worker_is_resumed_and_every_recipient_gets_the_flash_once(worker_process):
    """The worker is killed while the mail server holds back its answer to the 11th message.
    A new worker (manage.py run_huey) takes over once the killed one's claim lapses: the 10
    who got it do not get it again, the other 20 get it once."""
    from newsletters.models import Delivery, Flash

    smtp = HeldSMTP(hold_data_at=11)
    try:
        flash = _flash_to(30)
        first = worker_process(
            f"from newsletters.services import flash_deliver\nflash_deliver({flash.pk})",
            smtp_port=smtp.port,
        )
        assert smtp.waiting.wait(60), "the worker did not reach the 11th message"
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        smtp.release.set()
        assert len(smtp.recipients()) == 10
        assert Delivery.objects.filter(flash=flash, status=Delivery.Status.SENT).count() == 10

        worker_process.consumer(smtp_port=smtp.port)
        wait_for(
            lambda: (
                not Delivery.objects.filter(flash=flash)
                .exclude(status=Delivery.Status.SENT)
                .exists()
            ),
            timeout=60,
            what="the new worker to send the rest",
        )
        received = smtp.recipients()
        assert len(received) == 30
        assert sorted(received) == sorted(set(received))  # nobody twice
        wait_for(
            lambda: Flash.objects.get(pk=flash.pk).status == Flash.Status.SENT,
            what="the flash to be marked sent",
        )
    finally:
        smtp.close()


@pytest.mark.parametrize("what", ["outbox", "flash"])
def test_a_worker_killed_while_the_server_is_slow_to_say_goodbye_sends_nothing_twice(
    worker_process, what
):
    """The server accepted the message and is slow to answer QUIT; the worker is killed then.
    The message was already recorded as sent, so nothing is sent again."""
    from common.models import OutboxMessage
    from common.outbox import outbox_resume
    from newsletters.models import Delivery
    from newsletters.services import flashes_resume

    smtp = HeldSMTP(hold_quit=True)
    try:
        if what == "outbox":
            mail = OutboxMessage.objects.create(
                to=["iemand@example.org"], subject="Hallo", body_text="Tekst"
            )
            code = f"from common.outbox import outbox_deliver\noutbox_deliver(message_id={mail.pk})"
        else:
            flash = _flash_to(5)
            code = f"from newsletters.services import flash_deliver\nflash_deliver({flash.pk})"
        worker = worker_process(code, smtp_port=smtp.port)
        assert smtp.waiting.wait(60), "the worker did not say QUIT"
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        smtp.release.set()
        sent = len(smtp.recipients())
        assert sent == (1 if what == "outbox" else 5)

        from django.utils import timezone

        later = timezone.now() + timezone.timedelta(minutes=5)  # every claim has lapsed
        outbox_resume(now=later)
        flashes_resume(now=later)
        assert len(smtp.recipients()) == sent
        if what == "outbox":
            mail.refresh_from_db()
            assert mail.status == OutboxMessage.Status.SENT and mail.attempts == 1
        else:
            assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    finally:
        smtp.close()
