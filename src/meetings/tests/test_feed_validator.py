"""Issue 18: the personal feed knows whether it changed from a few small queries, without reading
its events (``personal_feed_state`` and who the owner is). Every change that changes what the feed
shows must change its ETag, and the new feed must show it; an unchanged feed is a 304, and asked
again without its ETag it comes from the cache, not built anew. Each change is made the way the
site makes it (the services, or what they do in the database)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from accounts.tests.factories import UserFactory
from common.models import Visibility
from councils.models import Membership
from councils.services import membership_end, membership_start
from councils.tests.factories import (
    CouncilFactory,
    MembershipFactory,
    WorkingGroupMembershipFactory,
)
from meetings import selectors_feeds
from meetings.ical import event_uid
from meetings.models import MeetingInvitation, Registration
from meetings.services import (
    activity_cancel,
    activity_sign_off,
    activity_sign_up,
    activity_update,
    calendar_token_renew,
    meeting_cancel,
    meeting_invite,
    meeting_reschedule,
)
from meetings.views import feeds as feed_views

from .factories import (
    ActivityFactory,
    MeetingFactory,
    MeetingInvitationFactory,
    RegistrationFactory,
)
from .test_feeds import _fill, personal_url

pytestmark = pytest.mark.django_db


def events_of(response) -> dict[str, dict[str, str]]:
    """UID → the event's STATUS, SUMMARY and DTSTART line, read back by icalendar."""
    assert response.status_code == 200, response.status_code
    calendar = Calendar.from_ical(response.content)
    return {
        str(e["UID"]): {
            "status": str(e["STATUS"]),
            "summary": str(e["SUMMARY"]),
            "dtstart": e["DTSTART"].to_ical().decode(),
            "dtstart_tzid": e["DTSTART"].params.get("TZID", ""),
        }
        for e in calendar.walk("VEVENT")
    }


@pytest.fixture
def feed():
    """A member of ``council`` with what a personal feed holds: an invitation on behalf of the
    council and a personal one, sign-ups for a council-only and a councils-wide activity, a place
    on a waiting list, and a sign-up for another council's council-only activity (not shown:
    they may not see it)."""
    council, other = CouncilFactory(), CouncilFactory()
    membership = MembershipFactory(council=council)
    user = membership.user
    organiser = UserFactory()
    meeting = MeetingFactory(council=council)
    MeetingInvitationFactory(meeting=meeting, user=user, on_behalf_of=council)
    personal = MeetingFactory(council=other)
    MeetingInvitationFactory(meeting=personal, user=user)
    own = ActivityFactory(council=council, visibility=Visibility.COUNCIL)
    wide = ActivityFactory(council=council, visibility=Visibility.COUNCILS)
    full = ActivityFactory(council=council, capacity=1)
    first = RegistrationFactory(activity=full).user
    hidden = ActivityFactory(council=other, visibility=Visibility.COUNCIL)
    for activity in (own, wide, hidden):
        RegistrationFactory(activity=activity, user=user)
    RegistrationFactory(activity=full, user=user, status=Registration.Status.WAITLISTED)
    return SimpleNamespace(**locals())


def _repeated_hour() -> datetime.datetime:
    """01:30 UTC on the next last Sunday of October: 02:30 in the hour that repeats when summer
    time ends, which a feed writes in UTC (a local time with TZID would name the first pass)."""
    now = timezone.now()
    for year in (now.year, now.year + 1):
        day = datetime.datetime(year, 10, 31, 1, 30, tzinfo=datetime.UTC)
        day -= datetime.timedelta(days=(day.weekday() + 1) % 7)  # back to Sunday
        if day > now + datetime.timedelta(days=2):
            return day
    raise AssertionError("unreachable")


def change_meeting_cancelled(f):
    meeting_cancel(actor=f.organiser, meeting=f.meeting, reason="Ziekte")
    return lambda events: events[event_uid(f.meeting)]["status"] == "CANCELLED"


def change_meeting_rescheduled_into_the_repeated_hour(f):
    start = _repeated_hour()
    meeting_reschedule(
        actor=f.organiser,
        meeting=f.meeting,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    expected = f"{start:%Y%m%dT%H%M%S}Z"
    return lambda events: (
        events[event_uid(f.meeting)]["dtstart"] == expected
        and not events[event_uid(f.meeting)]["dtstart_tzid"]
    )


def change_meeting_deleted(f):
    f.personal.delete()
    return lambda events: event_uid(f.personal) not in events


def change_invited(f):
    new = MeetingFactory(council=f.council)
    meeting_invite(actor=f.organiser, meeting=new, people=[(f.user, f.council)])
    return lambda events: event_uid(new) in events


def change_invitation_moved_to_another_council(f):
    # As national_representative_set does (an .update(), without a timestamp): the invitation
    # now counts for a council the member does not sit on.
    MeetingInvitation.objects.filter(meeting=f.meeting, user=f.user).update(on_behalf_of=f.other)
    return lambda events: event_uid(f.meeting) not in events


def change_activity_renamed(f):
    activity_update(actor=f.organiser, activity=f.wide, title="Klantpanel over brieven (nieuw)")
    return lambda events: events[event_uid(f.wide)]["summary"] == "Klantpanel over brieven (nieuw)"


def change_activity_cancelled(f):
    activity_cancel(actor=f.organiser, activity=f.own, reason="Te weinig aanmeldingen")
    return lambda events: events[event_uid(f.own)]["status"] == "CANCELLED"


def change_activity_made_council_only_for_another_council(f):
    activity_update(
        actor=f.organiser, activity=f.wide, council=f.other, visibility=Visibility.COUNCIL
    )
    return lambda events: event_uid(f.wide) not in events


def change_activity_deleted(f):
    f.wide.delete()
    return lambda events: event_uid(f.wide) not in events


def change_signed_off(f):
    activity_sign_off(user=f.user, activity=f.wide)
    return lambda events: event_uid(f.wide) not in events


def change_signed_up(f):
    new = ActivityFactory(council=f.council)
    activity_sign_up(user=f.user, activity=new)
    return lambda events: events[event_uid(new)]["status"] == "CONFIRMED"


def change_moved_up_from_the_waiting_list(f):
    activity_sign_off(user=f.first, activity=f.full)
    return lambda events: events[event_uid(f.full)]["status"] == "CONFIRMED"


def change_membership_ended(f):
    membership_end(
        actor=f.organiser,
        membership=f.membership,
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    # The council-only activity and the invitation for the council go; the personal one stays.
    return lambda events: (
        event_uid(f.own) not in events
        and event_uid(f.meeting) not in events
        and event_uid(f.personal) in events
    )


def change_joined_the_other_council(f):
    membership_start(actor=f.organiser, user=f.user, council=f.other, role=Membership.Role.MEMBER)
    return lambda events: event_uid(f.hidden) in events


def change_became_administrator(f):
    f.user.is_superuser = True
    f.user.save(update_fields=["is_superuser"])
    return lambda events: event_uid(f.hidden) in events


def change_meeting_left_the_window(f):
    # Time passes: the feed starts FEED_DAYS_BACK before now, so an old event leaves it.
    later = f.meeting.ends_at + datetime.timedelta(minutes=1)
    patcher = mock.patch.object(selectors_feeds, "feed_since", return_value=later)
    patcher.start()
    f.stop = patcher.stop
    return lambda events: event_uid(f.meeting) not in events


CHANGES = [
    change_meeting_cancelled,
    change_meeting_rescheduled_into_the_repeated_hour,
    change_meeting_deleted,
    change_invited,
    change_invitation_moved_to_another_council,
    change_activity_renamed,
    change_activity_cancelled,
    change_activity_made_council_only_for_another_council,
    change_activity_deleted,
    change_signed_off,
    change_signed_up,
    change_moved_up_from_the_waiting_list,
    change_membership_ended,
    change_joined_the_other_council,
    change_became_administrator,
    change_meeting_left_the_window,
]


def test_the_fixture_feed_shows_what_the_member_may_see(client, feed):
    events = events_of(client.get(personal_url(feed.user)))
    f = feed
    assert events.keys() == {event_uid(e) for e in (f.meeting, f.personal, f.own, f.wide, f.full)}
    assert events[event_uid(f.full)]["status"] == "TENTATIVE"


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: c.__name__.removeprefix("change_"))
def test_every_change_to_what_the_feed_shows_changes_its_etag(client, feed, change):
    url = personal_url(feed.user)
    first = client.get(url)
    etag = first["ETag"]
    before = events_of(first)
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    shows = change(feed)
    try:
        changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert changed.status_code == 200
        assert changed["ETag"] != etag
        after = events_of(changed)
        assert after != before
        assert shows(after), after
        # The new version is the one now cached and matched.
        assert client.get(url, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 304
        assert client.get(url).content == changed.content
    finally:
        getattr(feed, "stop", lambda: None)()


def test_an_invitation_whose_council_is_deleted_becomes_personal_and_shows(client, feed):
    """on_behalf_of is SET_NULL when its council is deleted: no timestamp changes."""
    gone = CouncilFactory()
    MeetingInvitation.objects.filter(meeting=feed.meeting, user=feed.user).update(on_behalf_of=gone)
    url = personal_url(feed.user)
    first = client.get(url)
    assert event_uid(feed.meeting) not in events_of(first)

    gone.delete()

    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert event_uid(feed.meeting) in events_of(changed)


def test_a_working_group_opens_activities_for_the_councils(client):
    """Someone on no council but in a working group sees the activities for all councils."""
    user = UserFactory()
    wide = RegistrationFactory(user=user, activity__visibility=Visibility.COUNCILS).activity
    url = personal_url(user)
    first = client.get(url)
    assert events_of(first) == {}

    WorkingGroupMembershipFactory(user=user)

    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert event_uid(wide) in events_of(changed)


def test_a_new_address_has_its_own_etag_and_the_old_one_is_gone(client, feed):
    old_url = personal_url(feed.user)
    old = client.get(old_url)
    calendar_token_renew(user=feed.user)
    new = client.get(personal_url(feed.user), HTTP_IF_NONE_MATCH=old["ETag"])
    assert new.status_code == 200 and new["ETag"] != old["ETag"]
    assert client.get(old_url, HTTP_IF_NONE_MATCH=old["ETag"]).status_code == 404


def test_the_language_is_part_of_the_etag(client, feed):
    """The English address (/en/…) names the calendar in English: another version."""
    url = personal_url(feed.user)
    dutch = client.get(url)
    english = client.get("/en" + url, HTTP_IF_NONE_MATCH=dutch["ETag"])
    assert english.status_code == 200 and english["ETag"] != dutch["ETag"]
    names = {str(Calendar.from_ical(r.content)["X-WR-CALNAME"]) for r in (dutch, english)}
    assert len(names) == 2, names


def test_a_weak_or_listed_etag_matches(client, feed):
    """A proxy that compresses the feed sends the ETag back weak (W/"…"); an app may send more
    than one."""
    url = personal_url(feed.user)
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH=f'"other", {etag}').status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_an_unknown_token_is_not_found_with_any_etag(client):
    assert client.get("/agenda/feed/nope.ics", HTTP_IF_NONE_MATCH="*").status_code == 404


def _unchanged(client, url: str) -> tuple[CaptureQueriesContext, CaptureQueriesContext]:
    """The queries of a 304 and of a repeat GET without ETag (from the cache), after a first
    GET that built the feed; neither may build it."""
    first = client.get(url)
    with (
        mock.patch.object(feed_views, "feed_ics", side_effect=AssertionError("built again")),
        mock.patch.object(
            feed_views, "personal_feed_events", side_effect=AssertionError("read again")
        ),
    ):
        with CaptureQueriesContext(connection) as not_modified:
            response = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert response.status_code == 304 and response["ETag"] == first["ETag"]
        assert not response.content
        with CaptureQueriesContext(connection) as cached:
            again = client.get(url)
        assert again.status_code == 200 and again["ETag"] == first["ETag"]
        assert again.content == first.content
    return not_modified, cached


def test_an_unchanged_feed_costs_the_same_few_queries_at_5_and_200_events(client):
    council = CouncilFactory()
    few, many = (MembershipFactory(council=council).user for _ in range(2))
    _fill(few, council, 5)
    _fill(many, council, 200)
    few_url, many_url = personal_url(few), personal_url(many)
    assert len(events_of(client.get(many_url))) == 200

    small = _unchanged(client, few_url)
    large = _unchanged(client, many_url)

    for few_queries, many_queries in zip(small, large, strict=True):
        report = "\n".join(q["sql"] for q in many_queries.captured_queries)
        # The token, who the owner is (groups, memberships, working groups), the state of the
        # invitations and of the sign-ups: no event is read.
        assert len(few_queries) == len(many_queries) <= 6, report
        assert not any(
            "CAST(" in q["sql"] or "::varchar" in q["sql"] for q in many_queries.captured_queries
        ), report
