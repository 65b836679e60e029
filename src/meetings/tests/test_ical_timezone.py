"""Issue 17: the VTIMEZONE in every .ics is Europe/Amsterdam with yearly rules (RRULE), read the
same by two independent parsers: vobject (through dateutil, as several calendar servers do) and
icalendar, each building the zone from our VTIMEZONE, not from its own copy of the tz database.
And the public feed answers with an ETag and 304, like the personal feed."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import vobject
import vobject.icalendar
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from common.models import Visibility
from councils.models import Membership
from councils.tests.factories import CouncilFactory, MembershipFactory
from meetings import selectors_feeds
from meetings.ical import event_ics, feed_ics, vtimezone
from meetings.services import activity_update

from .factories import ActivityFactory, meeting_scheduled_with_invitation

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
UTC = datetime.UTC
WINTER_2026 = datetime.datetime(2026, 1, 15, 14, 0, tzinfo=AMS)  # 13:00 UTC
SUMMER_2026 = datetime.datetime(2026, 7, 1, 14, 0, tzinfo=AMS)  # 12:00 UTC
SUMMER_2027 = datetime.datetime(2027, 7, 1, 14, 0, tzinfo=AMS)  # 12:00 UTC
WINTER_2027 = datetime.datetime(2027, 12, 2, 14, 0, tzinfo=AMS)  # 13:00 UTC
SUMMER_2029 = datetime.datetime(2029, 7, 5, 14, 0, tzinfo=AMS)  # 12:00 UTC
SPRING_2027 = datetime.datetime(2027, 3, 28, 1, 0, tzinfo=UTC)  # 02:00 CET becomes 03:00 CEST
AUTUMN_2027 = datetime.datetime(2027, 10, 31, 1, 0, tzinfo=UTC)  # 03:00 CEST becomes 02:00 CET


@pytest.fixture(autouse=True)
def _vobject_forgets_the_zone():
    """vobject keeps the first VTIMEZONE it reads for a TZID for the rest of the process; each
    test reads its own."""
    registry = vars(vobject.icalendar)["__tzidMap"]
    registry.pop("Europe/Amsterdam", None)
    yield
    registry.pop("Europe/Amsterdam", None)


def starts_in_utc(ics: bytes | str) -> dict[str, list[datetime.datetime]]:
    """Every DTSTART in UTC, by parser, each using the zone that the calendar's VTIMEZONE
    defines."""
    ics = ics.decode() if isinstance(ics, bytes) else ics
    result = {}

    parsed = vobject.readOne(ics, validate=True)
    zone = parsed.vtimezone.gettzinfo()
    result["vobject"] = [
        (e.dtstart.value.replace(tzinfo=zone) if "TZID" in e.dtstart.params else e.dtstart.value)
        for e in parsed.vevent_list
    ]

    calendar = Calendar.from_ical(ics)
    assert not calendar.errors
    [vtz] = calendar.walk("VTIMEZONE")
    zone = vtz.to_tz(lookup_tzid=False)
    result["icalendar"] = [
        (
            e.decoded("DTSTART").replace(tzinfo=zone)
            if "TZID" in e["DTSTART"].params
            else e.decoded("DTSTART")
        )
        for e in calendar.walk("VEVENT")
    ]
    return {parser: [s.astimezone(UTC) for s in starts] for parser, starts in result.items()}


def zones(ics: bytes | str) -> dict:
    ics = ics.decode() if isinstance(ics, bytes) else ics
    [vtz] = Calendar.from_ical(ics).walk("VTIMEZONE")
    return {
        "vobject": vobject.readOne(ics).vtimezone.gettzinfo(),
        "icalendar": vtz.to_tz(lookup_tzid=False),
    }


def assert_rules_not_dates(ics: bytes | str) -> None:
    ics = ics.decode() if isinstance(ics, bytes) else ics
    [vtz] = Calendar.from_ical(ics).walk("VTIMEZONE")
    assert vtz["TZID"] == "Europe/Amsterdam"
    observances = {c.name: c for c in vtz.subcomponents}
    assert set(observances) == {"STANDARD", "DAYLIGHT"}
    assert len(vtz.subcomponents) == 2
    for observance in vtz.subcomponents:
        assert "RDATE" not in observance
        assert observance["RRULE"]["FREQ"] == ["YEARLY"]
        assert observance["RRULE"]["BYDAY"] == ["-1SU"]
        assert observance.decoded("DTSTART") < datetime.datetime(2000, 1, 1)
    daylight, standard = observances["DAYLIGHT"], observances["STANDARD"]
    assert daylight["RRULE"]["BYMONTH"] == [3]
    assert standard["RRULE"]["BYMONTH"] == [10]
    assert daylight.decoded("TZOFFSETFROM") == datetime.timedelta(hours=1)
    assert daylight.decoded("TZOFFSETTO") == datetime.timedelta(hours=2)
    assert standard.decoded("TZOFFSETFROM") == datetime.timedelta(hours=2)
    assert standard.decoded("TZOFFSETTO") == datetime.timedelta(hours=1)
    # A DTSTART is local time before the change: 02:00 CET and 03:00 CEST, both 01:00 UTC.
    assert daylight.decoded("DTSTART").time() == datetime.time(2, 0)
    assert standard.decoded("DTSTART").time() == datetime.time(3, 0)


def assert_changes_at_one_utc(ics: bytes | str) -> None:
    """The 2027 changes happen at 01:00 UTC in both parsers' reading of the VTIMEZONE."""
    second = datetime.timedelta(seconds=1)
    for parser, zone in zones(ics).items():
        before, after = (SPRING_2027 - second).astimezone(zone), SPRING_2027.astimezone(zone)
        assert before.replace(tzinfo=None) == datetime.datetime(2027, 3, 28, 1, 59, 59), parser
        assert before.utcoffset() == datetime.timedelta(hours=1), parser
        assert after.replace(tzinfo=None) == datetime.datetime(2027, 3, 28, 3, 0), parser
        assert after.utcoffset() == datetime.timedelta(hours=2), parser
        # 02:30 on that night does not exist; 03:30 is CEST.
        local = datetime.datetime(2027, 3, 28, 3, 30, tzinfo=zone)
        assert local.astimezone(UTC) == SPRING_2027 + datetime.timedelta(minutes=30), parser
        before, after = (AUTUMN_2027 - second).astimezone(zone), AUTUMN_2027.astimezone(zone)
        assert before.utcoffset() == datetime.timedelta(hours=2), parser
        assert after.utcoffset() == datetime.timedelta(hours=1), parser
        assert after.replace(tzinfo=None) == datetime.datetime(2027, 10, 31, 2, 0), parser


def test_vtimezone_has_yearly_rules_and_no_list_of_dates():
    ics = feed_ics([], name="leeg")
    assert_rules_not_dates(ics)
    assert_changes_at_one_utc(ics)


def test_vtimezone_matches_the_tz_database_for_every_hour_around_each_change_until_2040():
    ics = Calendar()
    ics.add("prodid", "-//test//NL")
    ics.add("version", "2.0")
    ics.add_component(vtimezone())
    for parser, zone in zones(ics.to_ical()).items():
        for year in range(2024, 2041):
            for month, first_day in ((3, 24), (10, 24)):
                start = datetime.datetime(year, month, first_day, tzinfo=UTC)
                for hour in range(0, 9 * 24):
                    instant = start + datetime.timedelta(hours=hour)
                    assert instant.astimezone(zone).utcoffset() == (
                        instant.astimezone(AMS).utcoffset()
                    ), (parser, instant)


def test_public_feed_summer_and_winter_hours_in_vobject_and_icalendar(client, monkeypatch):
    # The feed reaches back to 2026, so its zone spans three summers (vobject kept only the
    # first of a list of dates, and 2027 was the second).
    monkeypatch.setattr(
        selectors_feeds, "feed_since", lambda: datetime.datetime(2025, 12, 1, tzinfo=UTC)
    )
    council = CouncilFactory()
    for start in (WINTER_2026, SUMMER_2026, SUMMER_2027, WINTER_2027, SUMMER_2029):
        ActivityFactory(
            council=council,
            visibility=Visibility.PUBLIC,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
        )

    response = client.get(reverse("meetings:public_feed"))

    assert response.status_code == 200
    hours = [
        datetime.datetime(2026, 1, 15, 13, 0, tzinfo=UTC),
        datetime.datetime(2026, 7, 1, 12, 0, tzinfo=UTC),
        datetime.datetime(2027, 7, 1, 12, 0, tzinfo=UTC),
        datetime.datetime(2027, 12, 2, 13, 0, tzinfo=UTC),
        datetime.datetime(2029, 7, 5, 12, 0, tzinfo=UTC),
    ]
    assert starts_in_utc(response.content) == {"vobject": hours, "icalendar": hours}
    assert_changes_at_one_utc(response.content)
    assert_rules_not_dates(response.content)


@pytest.mark.parametrize(
    ("start", "utc_hour"), [(SUMMER_2027, 12), (WINTER_2027, 13)], ids=["summer", "winter"]
)
def test_invitation_ics_in_the_mail_reads_the_right_hour_in_both_parsers(
    start, utc_hour, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _meeting, member = meeting_scheduled_with_invitation(start=start)

    [mail] = smtp_server.to(member.email)
    [part] = [p for p in mail["message"].walk() if p.get_content_type() == "text/calendar"]
    ics = part.get_content()
    expected = [start.replace(hour=utc_hour, tzinfo=UTC)]
    assert starts_in_utc(ics) == {"vobject": expected, "icalendar": expected}
    assert_changes_at_one_utc(ics)
    assert_rules_not_dates(ics)


def test_download_sign_up_and_sign_off_ics_carry_the_same_zone():
    council = CouncilFactory()
    activity = ActivityFactory(
        council=council,
        starts_at=SUMMER_2027,
        ends_at=SUMMER_2027 + datetime.timedelta(hours=2),
    )
    for method in ("PUBLISH", "REQUEST", "CANCEL"):
        ics = event_ics(activity, method=method, attendees=["a@example.org"])
        assert_rules_not_dates(ics)
        expected = [datetime.datetime(2027, 7, 1, 12, 0, tzinfo=UTC)]
        assert starts_in_utc(ics) == {"vobject": expected, "icalendar": expected}


# --- the public feed's ETag -------------------------------------------------------------------


def test_public_feed_has_an_etag_answers_304_and_changes_with_an_activity(client):
    council = CouncilFactory()
    secretary = MembershipFactory(council=council, role=Membership.Role.SECRETARY).user
    activity = ActivityFactory(council=council, visibility=Visibility.PUBLIC)
    url = reverse("meetings:public_feed")

    first = client.get(url)
    again = client.get(url)
    assert first.status_code == again.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) > 2
    assert again["ETag"] == etag
    assert again.content == first.content

    unchanged = client.get(url, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == etag

    activity_update(actor=secretary, activity=activity, title="Klantpanel over brieven")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Klantpanel over brieven" in changed.content.decode()


@pytest.mark.parametrize("size", [2, 20])
def test_public_feed_takes_one_query_whether_answered_in_full_or_304(client, size):
    council = CouncilFactory()
    ActivityFactory.create_batch(size, council=council, visibility=Visibility.PUBLIC)
    url = reverse("meetings:public_feed")
    with CaptureQueriesContext(connection) as full:
        etag = client.get(url)["ETag"]
    with CaptureQueriesContext(connection) as unchanged:
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert len(full) == 1, [q["sql"] for q in full]
    # The 304 comes from the public pages' cache (issue 18): no query at all.
    assert len(unchanged) == 0, [q["sql"] for q in unchanged]


def test_the_hour_that_repeats_in_autumn_is_named_exactly():
    """02:30 happens twice on 31 October 2027: first in summer time (00:30 UTC), then in winter
    time (01:30 UTC). A local time with TZID names the first, so the second goes in UTC."""
    council = CouncilFactory()
    first, second = (
        ActivityFactory(
            council=council,
            starts_at=datetime.datetime(2027, 10, 31, hour, 30, tzinfo=UTC),
            ends_at=datetime.datetime(2027, 10, 31, 4, 0, tzinfo=UTC),
        )
        for hour in (0, 1)
    )
    ics = feed_ics([first, second], name="herfst")
    expected = [first.starts_at, second.starts_at]
    assert starts_in_utc(ics) == {"vobject": expected, "icalendar": expected}
