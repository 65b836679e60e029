from __future__ import annotations

import datetime

import pytest

from common.models import OutboxMessage
from common.outbox import MAX_ATTEMPTS, DeliveryFailed, outbox_deliver, outbox_enqueue, outbox_retry
from common.tasks import outbox_send, outbox_sweep

pytestmark = pytest.mark.django_db


def enqueue(**kwargs):
    return outbox_enqueue(
        to=["ontvanger@raadsplein.example"],
        subject="Onderwerp",
        body_text="Tekst",
        body_html="<p>Tekst</p>",
        **kwargs,
    )


def test_message_is_written_first_and_sent_after_commit(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = enqueue(headers={"X-Raadsplein": "ja"})
    assert message.status == OutboxMessage.Status.QUEUED
    assert smtp_server.messages == []  # nothing left before the commit
    for callback in callbacks:
        callback()
    [mail] = smtp_server.messages
    assert mail["message"]["X-Raadsplein"] == "ja"
    assert mail["message"].get_body(("html",)).get_content().strip() == "<p>Tekst</p>"
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and message.attempts == 1


def test_a_failed_send_stays_queued_with_the_error_and_a_retry_sends_once(smtp_server):
    message = enqueue()
    smtp_server.fail_next = 1
    with pytest.raises(DeliveryFailed):
        outbox_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.QUEUED
    assert "451" in message.last_error and message.attempts == 1
    assert outbox_deliver(message_id=message.pk) is True
    assert outbox_deliver(message_id=message.pk) is False  # a second run never sends twice
    assert len(smtp_server.messages) == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and message.last_error == ""


def test_unreachable_server_is_recorded(settings):
    settings.EMAIL_PORT = 1  # nothing listens there
    message = enqueue()
    with pytest.raises(DeliveryFailed):
        outbox_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert "Connection" in message.last_error or "refused" in message.last_error.lower()


def test_after_max_attempts_the_message_is_failed_and_can_be_retried(smtp_server):
    message = enqueue()
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=MAX_ATTEMPTS - 1)
    smtp_server.fail_next = 1
    assert outbox_deliver(message_id=message.pk) is False  # final: no exception, no retry
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    outbox_retry(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.QUEUED and message.attempts == 0


def test_a_failing_task_is_retried_later_with_growing_delays(smtp_server):
    """Huey reschedules the failed send: 30 s later, then 60 s, then 120 s ..."""
    from huey.contrib.djhuey import HUEY

    HUEY.flush()
    message = enqueue()
    smtp_server.fail_next = 10

    def now():
        return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)

    ran_at = now()
    outbox_send(message.pk)  # runs at once in tests, fails, is rescheduled
    delays = []
    for _ in range(3):
        [task] = HUEY.scheduled()
        HUEY.flush()
        delays.append(round((task.eta - ran_at).total_seconds()))
        ran_at = now()
        HUEY.execute(task, timestamp=task.eta)  # the worker runs it when it is due
    assert delays == [30, 60, 120]
    message.refresh_from_db()
    assert message.attempts == 4 and message.status == OutboxMessage.Status.QUEUED
    smtp_server.fail_next = 0
    [task] = HUEY.scheduled()
    HUEY.flush()
    HUEY.execute(task, timestamp=task.eta)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and len(smtp_server.messages) == 1


def test_sweep_sends_what_a_lost_task_left_behind(smtp_server):
    from datetime import timedelta

    from django.utils import timezone

    message = enqueue()
    OutboxMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    outbox_sweep.call_local()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert len(smtp_server.messages) == 1


def test_plain_text_mail_is_not_html_escaped(
    roles, smtp_server, django_capture_on_commit_callbacks
):
    from common.outbox import outbox_enqueue_template

    roles.council.name = "Raad Noord & Oost <test>"
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue_template(
            to=["a@raadsplein.example"],
            template="accounts/email/invitation",
            context={
                "council": roles.council,
                "inviter": roles["secretary"],
                "role": "Lid",
                "url": "https://x.example/?a=1&b=2",
                "days": 14,
            },
        )
    [mail] = smtp_server.messages
    assert "Raad Noord & Oost <test>" in mail["subject"]
    assert "https://x.example/?a=1&b=2" in mail["text"] and "&amp;" not in mail["text"]


def test_mail_sent_through_django_goes_through_the_outbox(
    smtp_server, django_capture_on_commit_callbacks
):
    """Libraries that call Django's send_mail (Wagtail's moderation notices) use the outbox."""
    from django.core.mail import EmailMultiAlternatives

    email = EmailMultiAlternatives(
        "Pagina ter goedkeuring", "Tekst", to=["redacteur@raadsplein.example"]
    )
    email.attach_alternative("<p>Tekst</p>", "text/html")
    with django_capture_on_commit_callbacks(execute=True):
        assert email.send() == 1
    message = OutboxMessage.objects.get()
    assert message.kind == "django" and message.status == OutboxMessage.Status.SENT
    [mail] = smtp_server.messages
    assert mail["message"]["Subject"] == "Pagina ter goedkeuring"
    assert mail["message"].get_body(("html",)).get_content().strip() == "<p>Tekst</p>"


def test_mail_through_django_is_kept_when_the_server_is_down(
    smtp_server, django_capture_on_commit_callbacks
):
    from django.core.mail import send_mail

    smtp_server.fail_next = 1
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Onderwerp", "Tekst", None, ["iemand@raadsplein.example"])
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.QUEUED and message.last_error


def test_every_templated_mail_names_the_site_and_says_it_is_independent(
    settings, smtp_server, django_capture_on_commit_callbacks
):
    """Issue 14: a mail says who sent it (SITE_NAME, SITE_URL from settings), not a host."""
    from common.outbox import outbox_enqueue_template

    settings.SITE_NAME = "Raadsplein Test"
    settings.SITE_URL = "https://raden.voorbeeld.nl"
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue_template(
            to=["lid@voorbeeld.nl"],
            template="common/email/unsendable",
            context={"message": OutboxMessage(subject="Over de agenda"), "error": "Fout adres"},
        )
    [mail] = smtp_server.messages
    body = mail["message"].get_body(("plain",)).get_content()
    assert "U deed iets op Raadsplein Test waardoor" in body
    footer = body.replace("\r\n", "\n").rsplit("\n-- \n", 1)[1]  # the signature delimiter
    assert "Deze e-mail komt van Raadsplein Test" in footer
    assert "niet bij UWV" in footer
    assert "https://raden.voorbeeld.nl/" in footer
