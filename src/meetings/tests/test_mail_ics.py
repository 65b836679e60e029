"""The e-mails the calendar sends, over real SMTP (the local aiosmtpd server): their Dutch text
with the time in Amsterdam, the place and the link, and the .ics calendars take them from."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from icalendar import Calendar

from accounts.tests.factories import UserFactory
from councils.models import Council, Membership
from councils.tests.factories import CouncilFactory, MembershipFactory
from meetings.ical import event_uid
from meetings.models import ActionItem, Meeting, Registration
from meetings.services import (
    action_items_remind,
    activity_cancel,
    activity_sign_off,
    activity_sign_up,
    activity_update,
    guest_request_create,
    guest_request_decide,
    meeting_cancel,
    meeting_reschedule,
    meeting_schedule,
)

from .factories import ActivityFactory, MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
START = datetime.datetime(2030, 7, 1, 14, 0, tzinfo=AMS)


def calendar_part(mail):
    """The text/calendar attachment of a received message and the calendar in it."""
    parts = [p for p in mail["message"].walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, [p.get_content_type() for p in mail["message"].walk()]
    return parts[0], Calendar.from_ical(parts[0].get_content())


def only_event(calendar):
    [vevent] = calendar.walk("VEVENT")
    return vevent


@pytest.fixture
def council():
    return CouncilFactory(slug="noord", name="Districtscliëntenraad Noord")


@pytest.fixture
def secretary(council):
    return MembershipFactory(council=council, role=Membership.Role.SECRETARY).user


@pytest.fixture
def member(council):
    return MembershipFactory(
        council=council, user=UserFactory(first_name="Anna", last_name="de Vries")
    ).user


@pytest.fixture
def scheduled(secretary, member, council, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_schedule(
            actor=secretary,
            kind=Meeting.Kind.COUNCIL,
            council=council,
            title="Vergadering Noord & Oost",
            starts_at=START,
            ends_at=START + datetime.timedelta(hours=2),
            location="Stadhuis, Groningen",
            online_url="https://vergaderen.example/noord",
        )
    return meeting


def test_invitation_mail_has_the_time_place_link_and_a_request_ics(scheduled, member, smtp_server):
    [mail] = smtp_server.to(member.email)
    page = settings.SITE_URL + scheduled.get_absolute_url()

    assert mail["subject"] == "Uitnodiging: Vergadering Noord & Oost op 1 juli 2030"
    text = mail["text"]
    assert text.startswith("Beste Anna,\r\n")  # the first name only (issue 15)
    assert "Vergadering Noord & Oost" in text  # plain text: not HTML-escaped
    assert "maandag 1 juli 2030, van 14:00 tot 16:00 uur" in text
    assert "Waar: Stadhuis, Groningen" in text
    assert "Online meedoen: https://vergaderen.example/noord" in text
    assert page in text
    assert " u " in text and " je " not in text

    part, calendar = calendar_part(mail)
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "uitnodiging.ics"
    assert calendar["METHOD"] == "REQUEST"
    vevent = only_event(calendar)
    assert vevent["UID"] == event_uid(scheduled)
    assert vevent["SEQUENCE"] == 0
    assert str(vevent["ATTENDEE"]) == f"mailto:{member.email}"
    assert vevent["ATTENDEE"].params["RSVP"] == "FALSE"  # a reply would go nowhere (issue 15)
    assert str(vevent["ORGANIZER"]).startswith("mailto:")
    assert vevent["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert vevent.decoded("DTSTART") == START
    assert str(vevent["DESCRIPTION"]).endswith(page)


def test_every_invited_member_gets_their_own_invitation(scheduled, secretary, member, smtp_server):
    for user in (secretary, member):
        [mail] = smtp_server.to(user.email)
        _, calendar = calendar_part(mail)
        assert str(only_event(calendar)["ATTENDEE"]) == f"mailto:{user.email}"


def test_reschedule_mail_updates_the_same_event_with_a_higher_sequence(
    scheduled, secretary, member, smtp_server, django_capture_on_commit_callbacks
):
    [first] = smtp_server.to(member.email)
    uid = only_event(calendar_part(first)[1])["UID"]
    smtp_server.clear()

    new_start = START + datetime.timedelta(days=7, hours=-4)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_reschedule(
            actor=secretary,
            meeting=scheduled,
            starts_at=new_start,
            ends_at=new_start + datetime.timedelta(hours=1),
            location="Provinciehuis, Assen",
        )

    [mail] = smtp_server.to(member.email)
    assert mail["subject"] == "Gewijzigd: Vergadering Noord & Oost"
    assert "maandag 8 juli 2030, van 10:00 tot 11:00 uur" in mail["text"]
    assert "Waar: Provinciehuis, Assen" in mail["text"]
    part, calendar = calendar_part(mail)
    assert part.get_param("method") == "REQUEST"
    vevent = only_event(calendar)
    assert vevent["UID"] == uid
    assert vevent["SEQUENCE"] == 1
    assert vevent.decoded("DTSTART") == new_start


def test_cancel_mail_gives_the_reason_and_a_cancel_ics_for_the_same_event(
    scheduled, secretary, member, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(actor=secretary, meeting=scheduled, reason="Te weinig leden kunnen komen.")

    [mail] = smtp_server.to(member.email)
    assert mail["subject"] == "Afgelast: Vergadering Noord & Oost op 1 juli 2030"
    assert "op maandag 1 juli 2030 om 14:00 uur gaat niet door" in mail["text"]
    assert "De reden is: Te weinig leden kunnen komen." in mail["text"]
    part, calendar = calendar_part(mail)
    assert part.get_param("method") == "CANCEL"
    assert calendar["METHOD"] == "CANCEL"
    vevent = only_event(calendar)
    assert vevent["UID"] == event_uid(scheduled)
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SEQUENCE"] == 1
    assert str(vevent["ATTENDEE"]) == f"mailto:{member.email}"


def test_cancel_mail_without_reason_leaves_the_reason_out(
    scheduled, secretary, member, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(actor=secretary, meeting=scheduled)

    [mail] = smtp_server.to(member.email)
    assert "reden" not in mail["text"]


def test_sign_up_mail_and_moving_up_from_the_waiting_list(
    council, member, smtp_server, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(
        council=council, capacity=1, starts_at=START, ends_at=START.replace(hour=16)
    )
    waiting = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        activity_sign_up(user=member, activity=activity)
        activity_sign_up(user=waiting, activity=activity)

    [mail] = smtp_server.to(member.email)
    assert mail["subject"] == f"U bent aangemeld: {activity.title}"
    assert "maandag 1 juli 2030, van 14:00 tot 16:00 uur" in mail["text"]
    assert settings.SITE_URL + activity.get_absolute_url() in mail["text"]
    assert calendar_part(mail)[1]["METHOD"] == "REQUEST"
    # Issue 15: the sign-up is made on the site; a calendar's "Accept" would go nowhere.
    assert only_event(calendar_part(mail)[1])["ATTENDEE"].params["RSVP"] == "FALSE"
    assert smtp_server.to(waiting.email) == []  # on the waiting list: no calendar entry yet

    with django_capture_on_commit_callbacks(execute=True):
        activity_sign_off(user=member, activity=activity)

    # Issue 15: signing off takes the event out of the member's calendar again (CANCEL with the
    # same UID as the sign-up's REQUEST).
    _registered, signed_off = smtp_server.to(member.email)
    assert signed_off["subject"].startswith("Afgemeld: ")
    _part, calendar = calendar_part(signed_off)
    assert calendar["METHOD"] == "CANCEL"
    assert only_event(calendar)["UID"] == event_uid(activity)
    assert only_event(calendar)["ATTENDEE"].params["RSVP"] == "FALSE"

    [mail] = smtp_server.to(waiting.email)
    assert mail["subject"] == f"Er is plaats voor u: {activity.title}"
    assert "wachtlijst" in mail["text"]
    vevent = only_event(calendar_part(mail)[1])
    assert vevent["UID"] == event_uid(activity)
    assert str(vevent["ATTENDEE"]) == f"mailto:{waiting.email}"


def test_changed_and_cancelled_activity_mails_go_to_who_signed_up(
    council, member, smtp_server, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(council=council, starts_at=START, ends_at=START.replace(hour=16))
    RegistrationFactory(activity=activity, user=member)
    RegistrationFactory(activity=activity, status=Registration.Status.CANCELLED)

    with django_capture_on_commit_callbacks(execute=True):
        activity_update(actor=None, activity=activity, location="Bibliotheek, Leeuwarden")
    [changed] = smtp_server.messages
    assert changed["to"] == [member.email]
    assert "Waar: Bibliotheek, Leeuwarden" in changed["text"]
    assert only_event(calendar_part(changed)[1])["SEQUENCE"] == 1

    smtp_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        activity_cancel(actor=None, activity=activity, reason="De zaal is niet beschikbaar.")
    [cancelled] = smtp_server.messages
    assert "De reden is: De zaal is niet beschikbaar." in cancelled["text"]
    vevent = only_event(calendar_part(cancelled)[1])
    assert (vevent["STATUS"], vevent["SEQUENCE"]) == ("CANCELLED", 2)


def test_action_item_reminders_before_and_after_the_due_date(
    council, member, smtp_server, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(council=council, title="Vergadering maart", starts_at=START)
    today = datetime.date(2030, 7, 10)
    ActionItem.objects.create(
        meeting=meeting, title="Brief aan UWV schrijven", owner=member, due_date=today
    )
    ActionItem.objects.create(
        meeting=meeting,
        title="Zaal reserveren",
        owner=member,
        due_date=today - datetime.timedelta(days=2),
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert action_items_remind(today=today) == {"before": 1, "overdue": 1}

    mails = {m["subject"]: m["text"] for m in smtp_server.to(member.email)}
    page = settings.SITE_URL + meeting.get_absolute_url()
    soon = mails["Herinnering: uw actiepunt moet klaar zijn op 10 juli 2030"]
    assert "Brief aan UWV schrijven" in soon
    assert "„Vergadering maart” van 1 juli 2030" in soon
    assert page in soon
    overdue = mails["Uw actiepunt is te laat: Zaal reserveren"]
    assert "moest klaar zijn op maandag 8 juli 2030" in overdue
    assert page in overdue


def test_guest_request_and_decisions(member, smtp_server, django_capture_on_commit_callbacks):
    central = CouncilFactory(
        slug="centraal", name="Centrale Cliëntenraad", kind=Council.Kind.CENTRAL
    )
    central_secretary = MembershipFactory(council=central, role=Membership.Role.SECRETARY).user
    meeting = MeetingFactory(
        council=central, kind=Meeting.Kind.CENTRAL, title="CCR juli", starts_at=START
    )
    page = settings.SITE_URL + meeting.get_absolute_url()
    other = MembershipFactory(council=Membership.objects.get(user=member).council).user

    with django_capture_on_commit_callbacks(execute=True):
        first = guest_request_create(
            user=member,
            meeting=meeting,
            council=Membership.objects.get(user=member).council,
            reason="Wij hebben veel signalen over de WIA.",
        )
        second = guest_request_create(
            user=other, meeting=meeting, council=first.council, reason="Ik wil meekijken."
        )

    requests = smtp_server.to(central_secretary.email)
    assert len(requests) == 2
    text = requests[0]["text"]
    assert requests[0]["subject"] == "Verzoek om aan te schuiven: CCR juli"
    assert "Anna de Vries van Districtscliëntenraad Noord wil graag aanschuiven" in text
    assert "op maandag 1 juli 2030 om 14:00 uur" in text
    assert "De reden is: Wij hebben veel signalen over de WIA." in text
    assert page in text

    smtp_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        guest_request_decide(actor=central_secretary, request=first, approve=True)
        guest_request_decide(
            actor=central_secretary, request=second, approve=False, note="De zaal is vol."
        )

    approved = {m["subject"]: m for m in smtp_server.to(member.email)}
    assert set(approved) == {"U mag aanschuiven: CCR juli", "Uitnodiging: CCR juli op 1 juli 2030"}
    assert page in approved["U mag aanschuiven: CCR juli"]["text"]
    invitation = approved["Uitnodiging: CCR juli op 1 juli 2030"]
    assert only_event(calendar_part(invitation)[1])["UID"] == event_uid(meeting)
    [declined] = smtp_server.to(other.email)
    assert declined["subject"] == "Uw verzoek om aan te schuiven: CCR juli"
    assert "Dat kan helaas niet." in declined["text"]
    assert "Toelichting: De zaal is vol." in declined["text"]
