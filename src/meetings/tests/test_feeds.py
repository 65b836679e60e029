"""The calendar feeds: who gets which events, with what token, in how many queries; single-event
downloads; and the page to find and renew one's feed address."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.tests.factories import UserFactory
from common.models import Visibility
from councils.models import Membership
from councils.tests.factories import CouncilFactory, MembershipFactory
from meetings.ical import event_uid
from meetings.models import CalendarToken, Meeting, Registration
from meetings.services import calendar_token_get, calendar_token_renew, meeting_cancel

from .factories import (
    ActivityFactory,
    MeetingFactory,
    MeetingInvitationFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def uids(response) -> dict[str, str]:
    """UID → STATUS of every event in a feed response."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert [z["TZID"] for z in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    return {str(e["UID"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}


def personal_url(user) -> str:
    return reverse("meetings:personal_feed", args=[calendar_token_get(user=user).token])


def council_url(user, council) -> str:
    token = calendar_token_get(user=user).token
    return reverse("meetings:council_feed", args=[token, council.slug])


# --- personal feed ----------------------------------------------------------------------------


def test_personal_feed_has_invited_meetings_and_sign_ups_but_not_cancelled_sign_ups(client):
    user = MembershipFactory().user  # sits on a council: may see the councils' activities
    invited = MeetingInvitationFactory(user=user).meeting
    signed_up = RegistrationFactory(user=user).activity
    waiting = RegistrationFactory(user=user, status=Registration.Status.WAITLISTED).activity
    signed_off = RegistrationFactory(user=user, status=Registration.Status.CANCELLED).activity
    MeetingFactory()  # not invited
    MeetingInvitationFactory()  # someone else's invitation

    found = uids(client.get(personal_url(user)))

    assert found == {
        event_uid(invited): "CONFIRMED",
        event_uid(signed_up): "CONFIRMED",
        event_uid(waiting): "TENTATIVE",
    }
    assert event_uid(signed_off) not in found


def test_personal_feed_drops_what_an_ex_member_may_no_longer_see(client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    membership = MembershipFactory(end_date=yesterday)
    user, council = membership.user, membership.council
    for_council = MeetingInvitationFactory(
        user=user, meeting__council=council, on_behalf_of=council
    ).meeting
    personal = MeetingInvitationFactory(user=user).meeting  # on behalf of no council
    council_only = RegistrationFactory(
        user=user, activity__council=council, activity__visibility=Visibility.COUNCIL
    ).activity
    for_councils = RegistrationFactory(user=user).activity
    public = RegistrationFactory(user=user, activity__visibility=Visibility.PUBLIC).activity

    found = uids(client.get(personal_url(user)))

    assert set(found) == {event_uid(personal), event_uid(public)}
    assert not {event_uid(for_council), event_uid(council_only), event_uid(for_councils)} & set(
        found
    )


def test_personal_feed_needs_no_login_and_is_private_and_inline(client):
    user = UserFactory()
    MeetingInvitationFactory(user=user)

    response = client.get(personal_url(user))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=300"
    assert response["Content-Disposition"].startswith("inline;")
    assert 'filename="raadsplein.ics"' in response["Content-Disposition"]
    assert Calendar.from_ical(response.content)["X-WR-CALNAME"]


def test_personal_feed_starts_sixty_days_back(client):
    user = UserFactory()
    now = timezone.now()
    recent = MeetingInvitationFactory(
        user=user,
        meeting__starts_at=now - datetime.timedelta(days=59),
        meeting__ends_at=now - datetime.timedelta(days=59) + datetime.timedelta(hours=1),
    ).meeting
    old = MeetingInvitationFactory(
        user=user,
        meeting__starts_at=now - datetime.timedelta(days=61),
        meeting__ends_at=now - datetime.timedelta(days=61) + datetime.timedelta(hours=1),
    ).meeting

    found = uids(client.get(personal_url(user)))

    assert event_uid(recent) in found
    assert event_uid(old) not in found


def test_personal_feed_keeps_a_cancelled_meeting_marked_cancelled(client):
    invitation = MeetingInvitationFactory()
    meeting_cancel(actor=UserFactory(), meeting=invitation.meeting, reason="Ziekte")

    found = uids(client.get(personal_url(invitation.user)))

    assert found == {event_uid(invitation.meeting): "CANCELLED"}


def test_unknown_token_is_not_found(client):
    assert client.get(reverse("meetings:personal_feed", args=["onbekend"])).status_code == 404


def test_old_token_stops_working_after_renewal(client):
    user = UserFactory()
    old_url = personal_url(user)
    assert client.get(old_url).status_code == 200

    calendar_token_renew(user=user)

    assert client.get(old_url).status_code == 404
    assert client.get(personal_url(user)).status_code == 200


def test_token_of_a_deactivated_account_is_not_found(client):
    user = UserFactory()
    url = personal_url(user)
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert client.get(url).status_code == 404


def test_feeds_answer_only_get_and_head(client):
    user = UserFactory()

    assert client.head(personal_url(user)).status_code == 200

    assert client.post(personal_url(user)).status_code == 405
    assert client.post(reverse("meetings:public_feed")).status_code == 405


def _fill(user, council, n: int) -> None:
    """n events for ``user``: meetings they are invited to and activities they signed up for."""
    for i in range(n):
        if i % 2:
            MeetingInvitationFactory(user=user, meeting=MeetingFactory(council=council))
        else:
            RegistrationFactory(
                user=user,
                activity=ActivityFactory(council=council),
                status=Registration.Status.WAITLISTED if i % 4 == 0 else "confirmed",
            )


def _count(client, url: str, expect_events: int) -> CaptureQueriesContext:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert len(uids(response)) == expect_events
    return captured


def _assert_same(small, large, *, ceiling: int):
    report = "\n".join(
        [f"--- {len(small)} queries:", *(q["sql"] for q in small.captured_queries)]
        + [f"--- {len(large)} queries:", *(q["sql"] for q in large.captured_queries)]
    )
    assert len(small) == len(large), report
    assert len(large) <= ceiling, report


def test_personal_feed_query_count_does_not_grow_with_its_events(client):
    council = CouncilFactory()
    few, many = (MembershipFactory(council=council).user for _ in range(2))
    _fill(few, council, 5)
    _fill(many, council, 50)
    few_url, many_url = personal_url(few), personal_url(many)

    # The token, who the owner is (groups, memberships, working groups), the state of the
    # invitations and of the sign-ups (the feed's validator), then meetings and sign-ups.
    _assert_same(_count(client, few_url, 5), _count(client, many_url, 50), ceiling=8)


def test_council_feed_query_count_does_not_grow_with_its_events(client):
    small, large = CouncilFactory(), CouncilFactory()
    member_small = MembershipFactory(council=small).user
    member_large = MembershipFactory(council=large).user
    other = CouncilFactory()
    for council, n in ((small, 5), (large, 50)):
        for i in range(n):
            if i % 2:
                ActivityFactory(council=council)
            else:
                MeetingFactory(council=council, guest_councils=[other])

    _assert_same(
        _count(client, council_url(member_small, small), 5),
        _count(client, council_url(member_large, large), 50),
        ceiling=10,
    )


# --- council feed -----------------------------------------------------------------------------


@pytest.fixture
def council_events(roles):
    council = roles.council
    return {
        "meeting": MeetingFactory(council=council),
        "guest_meeting": MeetingFactory(
            council=roles.other_council,
            kind=Meeting.Kind.INTRODUCTION,
            guest_councils=[council],
        ),
        "other_meeting": MeetingFactory(council=roles.other_council),
        "activity_council": ActivityFactory(council=council, visibility=Visibility.COUNCIL),
        "activity_councils": ActivityFactory(council=council, visibility=Visibility.COUNCILS),
        "activity_public": ActivityFactory(council=council, visibility=Visibility.PUBLIC),
        "activity_other": ActivityFactory(council=roles.other_council),
        "national": ActivityFactory(council=None, scope="national"),
    }


COUNCIL_FEED_EVENTS = {
    "meeting",
    "guest_meeting",
    "activity_council",
    "activity_councils",
    "activity_public",
}


@pytest.mark.parametrize(
    "role, status", [("member", 200), ("secretary", 200), ("administrator", 200)]
)
def test_council_feed_shows_the_councils_meetings_and_regional_activities(
    client, roles, council_events, role, status
):
    found = uids(client.get(council_url(roles[role], roles.council)))

    assert set(found) == {event_uid(council_events[name]) for name in COUNCIL_FEED_EVENTS}


def test_council_feed_for_the_central_council_member_shows_only_what_they_may_see(
    client, roles, council_events
):
    found = uids(client.get(council_url(roles["central_member"], roles.council)))

    # Not a member of Noord: the council's own meetings and council-only activities stay hidden.
    assert set(found) == {
        event_uid(council_events["activity_councils"]),
        event_uid(council_events["activity_public"]),
    }


def test_council_feed_shows_a_meeting_one_is_invited_to(client, roles, council_events):
    MeetingInvitationFactory(meeting=council_events["meeting"], user=roles["central_member"])

    found = uids(client.get(council_url(roles["central_member"], roles.council)))

    assert event_uid(council_events["meeting"]) in found


@pytest.mark.parametrize("role", ["member_other", "editor", "liaison"])
def test_council_feed_is_forbidden_for_who_is_not_on_that_council(client, roles, role):
    assert client.get(council_url(roles[role], roles.council)).status_code == 403


def test_council_feed_with_a_bad_token_or_council_is_not_found(client, roles):
    bad_token = reverse("meetings:council_feed", args=["onbekend", roles.council.slug])
    assert client.get(bad_token).status_code == 404
    assert client.get(council_url(roles["member"], CouncilFactory.build())).status_code == 404


def test_council_feed_follows_the_token_not_the_session(client, roles):
    """Who is logged in does not matter: the token says whose feed it is."""
    client.force_login(roles["administrator"])

    assert client.get(council_url(roles["member_other"], roles.council)).status_code == 403


def test_a_member_who_left_loses_the_council_feed(client, roles):
    membership = Membership.objects.get(user=roles["member"], council=roles.council)
    membership.end_date = timezone.localdate() - datetime.timedelta(days=1)
    membership.save(update_fields=["end_date"])

    assert client.get(council_url(roles["member"], roles.council)).status_code == 403


# --- public feed ------------------------------------------------------------------------------


def test_public_feed_has_only_public_activities(client, roles, council_events):
    response = client.get(reverse("meetings:public_feed"))

    assert uids(response) == {event_uid(council_events["activity_public"]): "CONFIRMED"}
    assert response["Cache-Control"].startswith("public")
    assert response["Content-Disposition"].startswith("inline;")


# --- single downloads -------------------------------------------------------------------------


def test_activity_download_is_an_attachment_with_the_event(client, roles):
    activity = ActivityFactory(council=roles.council)
    client.force_login(roles["member"])

    response = client.get(reverse("meetings:activity_ics", args=[activity.pk]))

    assert uids(response) == {event_uid(activity): "CONFIRMED"}
    assert response["Content-Disposition"].startswith("attachment;")
    assert f'filename="activiteit-{activity.pk}.ics"' in response["Content-Disposition"]


def test_activity_download_is_forbidden_when_the_activity_is_not_visible(client, roles):
    activity = ActivityFactory(council=roles.council, visibility=Visibility.COUNCIL)
    client.force_login(roles["member_other"])

    assert client.get(reverse("meetings:activity_ics", args=[activity.pk])).status_code == 403


def test_meeting_download_for_an_invited_guest(client, roles):
    meeting = MeetingFactory(council=roles.council)
    client.force_login(roles["member_other"])
    url = reverse("meetings:meeting_ics", args=[meeting.pk])
    assert client.get(url).status_code == 403

    MeetingInvitationFactory(meeting=meeting, user=roles["member_other"])
    response = client.get(url)

    assert uids(response) == {event_uid(meeting): "CONFIRMED"}
    assert response["Content-Disposition"].startswith("attachment;")


def test_downloads_of_activities_for_members_need_login(client, roles):
    activity = ActivityFactory(council=roles.council, visibility=Visibility.COUNCILS)

    response = client.get(reverse("meetings:activity_ics", args=[activity.pk]))

    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


# --- my feed page -----------------------------------------------------------------------------


def test_my_feed_page_shows_the_personal_and_council_addresses(client, roles):
    client.force_login(roles["member"])

    response = client.get(reverse("meetings:my_feed"))

    token = CalendarToken.objects.get(user=roles["member"]).token
    html = response.content.decode()
    assert response.status_code == 200
    assert f"/agenda/feed/{token}.ics" in html
    assert "webcal://" + settings.SITE_URL.split("://")[1] + f"/agenda/feed/{token}.ics" in html
    assert f"/agenda/feed/{token}/raad/noord.ics" in html
    for app in ("Outlook", "Google Agenda", "iPhone"):
        assert app in html
    # No inline script (our CSP allows none); the idle warning's own file is fine.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html


def test_renewing_on_the_page_makes_the_old_address_stop_working(client, roles):
    user = roles["member"]
    old = calendar_token_get(user=user).token
    client.force_login(user)

    response = client.post(reverse("meetings:my_feed"))

    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:my_feed")
    new = CalendarToken.objects.get(user=user).token
    assert new != old
    client.logout()
    assert client.get(reverse("meetings:personal_feed", args=[old])).status_code == 404
    assert client.get(reverse("meetings:personal_feed", args=[new])).status_code == 200


def test_an_unchanged_feed_is_not_sent_again_and_a_change_is(client):
    invitation = MeetingInvitationFactory()
    url = personal_url(invitation.user)
    first = client.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    meeting_cancel(actor=UserFactory(), meeting=invitation.meeting, reason="Ziekte")
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert uids(changed) == {event_uid(invitation.meeting): "CANCELLED"}


def test_the_personal_feed_is_linked_from_where_members_plan(client, roles, site_pages):
    """Issue 15: /agenda/mijn-feed/ was linked from no page."""
    client.force_login(roles["member"])
    today = timezone.localdate()
    for url in (
        "/agenda/",
        f"/agenda/maand/{today:%Y}/{today:%m}/",
        "/overleg/",
        "/mijn/",
    ):
        html = client.get(url).content.decode()
        assert 'href="/agenda/mijn-feed/"' in html, url
