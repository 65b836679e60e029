"""Issue 17: every kind of mail the project sends has a Message-ID on SITE_URL's host and a Date
in Europe/Amsterdam time with its real offset (+0100 in winter, +0200 in summer; not "-0000"),
read from the bytes the SMTP server received with Python's strict e-mail parser. A message sent
a second time keeps its Message-ID, so mail programs see one message."""

from __future__ import annotations

import datetime
import email
import email.policy

import pytest
import vobject
from django.core.mail import send_mail
from django.utils import timezone
from icalendar import Calendar

from accounts.tests.factories import UserFactory
from common.models import OutboxMessage
from common.outbox import outbox_deliver, outbox_enqueue
from councils.models import Council
from councils.tests.factories import CouncilFactory
from meetings.tests.factories import meeting_scheduled_with_invitation
from newsletters.tests.factories import FlashFactory, NewsListFactory, SubscriberFactory
from signals.services import signal_submit

pytestmark = pytest.mark.django_db

SITE_URL = "https://raadsplein.example:8443"
UTC = datetime.UTC
WINTER = datetime.datetime(2027, 1, 14, 9, 30, tzinfo=UTC)
SUMMER = datetime.datetime(2027, 7, 1, 9, 30, tzinfo=UTC)
OFFSETS = {WINTER: datetime.timedelta(hours=1), SUMMER: datetime.timedelta(hours=2)}


@pytest.fixture(params=[WINTER, SUMMER], ids=["winter", "summer"])
def now(request, monkeypatch, settings):
    settings.SITE_URL = SITE_URL
    monkeypatch.setattr(timezone, "now", lambda: request.param)
    return request.param


def strict(mail) -> email.message.EmailMessage:
    return email.message_from_bytes(mail["raw"], policy=email.policy.strict)


def assert_site_headers(mail, now) -> email.message.EmailMessage:
    message = strict(mail)
    message_id = message["Message-ID"]
    assert message_id.startswith("<") and message_id.endswith(">"), message_id
    assert message_id[1:-1].rsplit("@", 1)[1] == "raadsplein.example", message_id
    date = message["Date"].datetime
    assert date.utcoffset() == OFFSETS[now], message["Date"]
    assert not str(message["Date"]).endswith("-0000")
    assert date == now  # the moment it was written, in local time
    return message


def test_outbox_mail(now, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(to=["a@raadsplein.example"], subject="Onderwerp", body_text="Tekst")
    [mail] = smtp_server.messages
    assert_site_headers(mail, now)


def test_mail_through_djangos_send_mail(now, smtp_server, django_capture_on_commit_callbacks):
    """The path of Wagtail's moderation notices and Django's error mails."""
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Onderwerp", "Tekst", None, ["a@raadsplein.example"])
    [mail] = smtp_server.messages
    assert_site_headers(mail, now)


def test_password_reset_by_allauth(now, client, smtp_server, django_capture_on_commit_callbacks):
    UserFactory(email="lid@raadsplein.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/password/reset/", {"email": "lid@raadsplein.example"})
    assert response.status_code == 302
    [mail] = smtp_server.to("lid@raadsplein.example")
    assert_site_headers(mail, now)


def test_meeting_invitation_and_its_ics(now, smtp_server, django_capture_on_commit_callbacks):
    start = now + datetime.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        _meeting, member = meeting_scheduled_with_invitation(start=start)
    [mail] = smtp_server.to(member.email)
    message = assert_site_headers(mail, now)
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    ics = part.get_content()
    [vevent] = Calendar.from_ical(ics).walk("VEVENT")
    assert vevent.decoded("DTSTART") == start
    assert vobject.readOne(ics).vevent.dtstart.value == start


def test_signal_receipt(now, smtp_server, django_capture_on_commit_callbacks):
    CouncilFactory(kind=Council.Kind.CENTRAL)
    with django_capture_on_commit_callbacks(execute=True):
        signal_submit(
            text="Ik wacht al drie weken op een beslissing.",
            email="melder@raadsplein.example",
            consent_text="ja",
            regeling="WW",
            onderwerp="Beslistermijn",
        )
    [mail] = smtp_server.to("melder@raadsplein.example")
    assert_site_headers(mail, now)


def test_news_flash(now, roles, client, smtp_server, django_capture_on_commit_callbacks):
    news = NewsListFactory()
    SubscriberFactory(email="lezer@raadsplein.example", lists=[news])
    flash = FlashFactory(lists=[news])
    client.force_login(roles["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/nieuwsflits/redactie/{flash.pk}/verzenden/", {"confirm": "ja"})
    assert response.status_code == 302
    [mail] = smtp_server.to("lezer@raadsplein.example")
    assert_site_headers(mail, now)


def test_a_message_sent_again_keeps_its_message_id_and_date(now, smtp_server, monkeypatch):
    """A sender killed between the server's "250" and recording it leaves the claim to lapse,
    and the message goes out again: with the same Message-ID, mail programs show it once."""
    message = outbox_enqueue(to=["a@raadsplein.example"], subject="Onderwerp", body_text="Tekst")
    assert outbox_deliver(message_id=message.pk) is True
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxMessage.Status.QUEUED)
    later = now + datetime.timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert outbox_deliver(message_id=message.pk) is True

    first, second = (strict(mail) for mail in smtp_server.messages)
    assert first["Message-ID"] == second["Message-ID"]
    assert first["Date"].datetime == second["Date"].datetime == now
    assert_site_headers(smtp_server.messages[1], now)
