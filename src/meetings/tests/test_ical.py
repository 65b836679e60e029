"""The .ics we write reads back as the same event, in Amsterdam time, and keeps its identity
when it changes or is cancelled."""

from __future__ import annotations

import datetime
import re
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from icalendar import Calendar

from accounts.tests.factories import UserFactory
from councils.tests.factories import CouncilFactory
from meetings.ical import calendar_links, event_ics, event_uid, feed_ics
from meetings.models import EventStatus
from meetings.services import activity_cancel, activity_update, meeting_cancel, meeting_reschedule

from .factories import ActivityFactory, MeetingFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")


def parse(text: str | bytes) -> Calendar:
    return Calendar.from_ical(text)


def only_event(calendar: Calendar):
    [vevent] = calendar.walk("VEVENT")
    return vevent


@pytest.fixture
def council():
    return CouncilFactory(slug="noord", name="Districtscliëntenraad Noord")


@pytest.fixture
def meeting(council):
    return MeetingFactory(
        council=council,
        title="Vergadering DCR Noord",
        starts_at=datetime.datetime(2030, 7, 1, 14, 0, tzinfo=AMS),
        ends_at=datetime.datetime(2030, 7, 1, 16, 30, tzinfo=AMS),
        location="Stadhuis, Groningen",
        online_url="https://vergaderen.example/noord?id=1&pin=2",
    )


def test_event_ics_is_a_calendar_with_one_event_and_the_amsterdam_timezone(meeting):
    calendar = parse(event_ics(meeting))

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["CALSCALE"] == "GREGORIAN"
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Amsterdam"
    vevent = only_event(calendar)
    assert vevent["UID"] == f"{meeting.uid}@raadsplein"
    assert vevent["SUMMARY"] == "Vergadering DCR Noord"
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent["SEQUENCE"] == 0


def test_start_and_end_carry_the_amsterdam_tzid_and_the_right_hour_in_summer_and_winter(council):
    summer = MeetingFactory(
        council=council,
        starts_at=datetime.datetime(2030, 7, 1, 8, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 7, 1, 10, 0, tzinfo=datetime.UTC),
    )
    winter = MeetingFactory(
        council=council,
        starts_at=datetime.datetime(2030, 12, 1, 9, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 12, 1, 11, 0, tzinfo=datetime.UTC),
    )
    for event, local_hour in ((summer, 10), (winter, 10)):
        text = event_ics(event)
        assert re.search(rf"DTSTART;TZID=Europe/Amsterdam:\d{{8}}T{local_hour}0000", text)
        vevent = only_event(parse(text))
        assert vevent["DTSTART"].params["TZID"] == "Europe/Amsterdam"
        assert vevent["DTEND"].params["TZID"] == "Europe/Amsterdam"
        assert vevent.decoded("DTSTART") == event.starts_at
        assert vevent.decoded("DTEND") == event.ends_at


def test_dtstamp_is_in_utc(meeting):
    text = event_ics(meeting)

    assert re.search(r"^DTSTAMP:\d{8}T\d{6}Z\r?$", text, re.MULTILINE)
    stamp = only_event(parse(text)).decoded("DTSTAMP")
    assert stamp.utcoffset() == datetime.timedelta(0)


def test_location_has_the_place_and_the_online_link(meeting):
    vevent = only_event(parse(event_ics(meeting)))

    assert "Stadhuis, Groningen" in vevent["LOCATION"]
    assert "https://vergaderen.example/noord?id=1&pin=2" in vevent["LOCATION"]


def test_description_and_url_end_with_the_link_to_the_events_page(meeting):
    page = settings.SITE_URL + meeting.get_absolute_url()
    vevent = only_event(parse(event_ics(meeting)))

    assert str(vevent["URL"]) == page
    description = str(vevent["DESCRIPTION"])
    assert description.startswith("De agenda volgt.")
    assert "https://vergaderen.example/noord?id=1&pin=2" in description
    assert description.endswith(page)


def test_request_names_organizer_and_each_attendee_so_calendars_treat_it_as_invitation(meeting):
    calendar = parse(event_ics(meeting, method="REQUEST", attendees=["a@example.org"]))

    assert calendar["METHOD"] == "REQUEST"
    vevent = only_event(calendar)
    assert str(vevent["ORGANIZER"]) == "mailto:noreply@raadsplein.local"
    attendee = vevent["ATTENDEE"]
    assert str(attendee) == "mailto:a@example.org"
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    # Issue 15: nothing reads a reply sent to the no-reply organiser, so none is asked for.
    assert attendee.params["RSVP"] == "FALSE"


@pytest.mark.parametrize("method", ["REQUEST", "CANCEL"])
def test_no_attendee_is_asked_for_a_reply_that_would_go_nowhere(meeting, method):
    text = event_ics(meeting, method=method, attendees=["a@example.org", "b@example.org"])

    assert "RSVP=TRUE" not in text
    attendees = only_event(parse(text))["ATTENDEE"]
    assert [a.params["RSVP"] for a in attendees] == ["FALSE", "FALSE"]


def test_publish_has_no_organizer_or_attendees(meeting):
    vevent = only_event(parse(event_ics(meeting, attendees=["a@example.org"])))

    assert "ORGANIZER" not in vevent
    assert "ATTENDEE" not in vevent


def test_cancel_always_says_cancelled(meeting):
    calendar = parse(event_ics(meeting, method="CANCEL", attendees=["a@example.org"]))

    assert calendar["METHOD"] == "CANCEL"
    assert only_event(calendar)["STATUS"] == "CANCELLED"


def test_unknown_method_is_refused(meeting):
    with pytest.raises(ValueError):
        event_ics(meeting, method="REPLY")


def test_uid_stays_and_sequence_rises_when_a_meeting_is_rescheduled(meeting):
    before = only_event(parse(event_ics(meeting)))

    moved = meeting_reschedule(
        actor=UserFactory(),
        meeting=meeting,
        starts_at=meeting.starts_at + datetime.timedelta(days=1),
        ends_at=meeting.ends_at + datetime.timedelta(days=1),
        location="Provinciehuis, Assen",
    )
    after = only_event(parse(event_ics(moved)))

    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.decoded("DTSTART") == meeting.starts_at + datetime.timedelta(days=1)
    assert "Provinciehuis, Assen" in after["LOCATION"]


def test_uid_stays_and_sequence_rises_when_an_activity_is_changed(council):
    activity = ActivityFactory(council=council)
    before = only_event(parse(event_ics(activity)))

    changed = activity_update(actor=UserFactory(), activity=activity, title="Nieuwe titel")
    after = only_event(parse(event_ics(changed)))

    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after["SUMMARY"] == "Nieuwe titel"


def test_cancelled_meeting_keeps_its_uid_with_status_cancelled(meeting):
    before = only_event(parse(event_ics(meeting)))

    cancelled = meeting_cancel(actor=UserFactory(), meeting=meeting, reason="Te weinig leden")
    after = only_event(parse(event_ics(cancelled)))

    assert after["UID"] == before["UID"]
    assert after["STATUS"] == "CANCELLED"
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert "Vergadering DCR Noord" in after["SUMMARY"]


def test_feed_has_name_timezone_once_and_every_event_cancelled_ones_marked(council, meeting):
    activity = ActivityFactory(council=council)
    cancelled = activity_cancel(actor=UserFactory(), activity=ActivityFactory(council=council))
    assert cancelled.status == EventStatus.CANCELLED

    calendar = parse(feed_ics([meeting, activity, cancelled], name="Mijn agenda"))

    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Mijn agenda"
    assert calendar["X-WR-TIMEZONE"] == "Europe/Amsterdam"
    assert [z["TZID"] for z in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    statuses = {str(e["UID"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}
    assert statuses == {
        event_uid(meeting): "CONFIRMED",
        event_uid(activity): "CONFIRMED",
        event_uid(cancelled): "CANCELLED",
    }
    for vevent in calendar.walk("VEVENT"):
        assert vevent["DTSTART"].params["TZID"] == "Europe/Amsterdam"


def test_feed_marks_waiting_list_events_tentative(council):
    activity = ActivityFactory(council=council)

    calendar = parse(feed_ics([activity], name="x", tentative={event_uid(activity)}))

    assert only_event(calendar)["STATUS"] == "TENTATIVE"


def test_empty_feed_is_still_a_valid_calendar():
    calendar = parse(feed_ics([], name="Leeg"))

    assert calendar.walk("VEVENT") == []
    assert calendar.walk("VTIMEZONE")


def test_calendar_links_for_google_and_outlook_are_encoded_and_in_utc(meeting):
    links = calendar_links(meeting)

    google = urlsplit(links["google"])
    assert (google.scheme, google.netloc, google.path) == (
        "https",
        "calendar.google.com",
        "/calendar/render",
    )
    query = parse_qs(google.query)
    assert query["action"] == ["TEMPLATE"]
    assert query["text"] == ["Vergadering DCR Noord"]
    assert query["dates"] == ["20300701T120000Z/20300701T143000Z"]
    assert query["location"][0].startswith("Stadhuis, Groningen")
    assert query["details"][0].endswith(settings.SITE_URL + meeting.get_absolute_url())
    assert " " not in links["google"] and "&pin" not in links["google"]

    outlook = urlsplit(links["outlook"])
    assert outlook.netloc == "outlook.live.com"
    assert outlook.path == "/calendar/0/deeplink/compose"
    query = parse_qs(outlook.query)
    assert query["subject"] == ["Vergadering DCR Noord"]
    assert query["startdt"] == ["2030-07-01T12:00:00Z"]
    assert query["enddt"] == ["2030-07-01T14:30:00Z"]
    assert query["body"][0].endswith(settings.SITE_URL + meeting.get_absolute_url())
    assert "https://vergaderen.example/noord?id=1&pin=2" in query["location"][0]
