"""Permission matrix rows for the calendar feeds and .ics downloads (meetings.urls_feeds).

The personal and council feeds are opened by calendar apps that cannot log in: the token in the
address says whose feed it is, so for those rows every role (logged in or not) gets the same
answer. tests/meetings' test_feeds.py checks the council feed for each role's own token."""

from __future__ import annotations

from tests.matrix import DENY, Case, everyone, logged_in

_READY = "feeds_ready"


def extend_context(context: dict) -> dict:
    """An activity (council-only and for all councils) and a meeting in Noord, and feed tokens
    for a Noord member, a Limburg member and noord's ex-member. Safe to call more than once."""
    if context.get(_READY):
        return context
    from common.models import Visibility
    from meetings.services import calendar_token_get
    from meetings.tests.factories import (
        ActivityFactory,
        MeetingFactory,
        MeetingInvitationFactory,
        RegistrationFactory,
    )

    roles = context["roles"]
    activity = ActivityFactory(council=roles.council, visibility=Visibility.COUNCIL)
    meeting = MeetingFactory(council=roles.council)
    # The member and the ex-member were both invited for noord and signed up for its
    # council-only activity while on noord; only the member's feed still has them.
    for name in ("member", "ex_member"):
        MeetingInvitationFactory(meeting=meeting, user=roles[name], on_behalf_of=roles.council)
        RegistrationFactory(activity=activity, user=roles[name])
    context.update(
        {
            "feeds_activity": activity,
            "feeds_activity_councils": ActivityFactory(
                council=roles.council, visibility=Visibility.COUNCILS
            ),
            "feeds_activity_public": ActivityFactory(
                council=roles.council, visibility=Visibility.PUBLIC
            ),
            "feeds_meeting": meeting,
            "feeds_token": calendar_token_get(user=roles["member"]).token,
            "feeds_token_other": calendar_token_get(user=roles["member_other"]).token,
            "feeds_token_ex": calendar_token_get(user=roles["ex_member"]).token,
            _READY: True,
        }
    )
    return context


def _c(context: dict) -> dict:
    # The matrix's context fixture may or may not call extend_context; make sure it ran.
    return extend_context(context)


NOORD_ONLY = logged_in(DENY, member=200, secretary=200, administrator=200)


def _feed_has(*, meeting: bool, activity: bool):
    """A check: the feed holds noord's meeting and its council-only activity, or not."""

    def check(response, role, context):
        from icalendar import Calendar

        from meetings.ical import event_uid

        uids = {str(e["UID"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}
        problems = []
        for key, wanted in (("feeds_meeting", meeting), ("feeds_activity", activity)):
            found = event_uid(context[key]) in uids
            if found != wanted:
                problems.append(f"{key} {'missing from' if wanted else 'in'} the feed")
        return "; ".join(problems) or None

    return check


CASES = [
    Case(
        "meetings:personal_feed",
        lambda c: f"/agenda/feed/{_c(c)['feeds_token']}.ics",
        everyone(200),
        check=_feed_has(meeting=True, activity=True),
    ),
    Case(
        "meetings:personal_feed (ex-member)",
        lambda c: f"/agenda/feed/{_c(c)['feeds_token_ex']}.ics",
        everyone(200),
        check=_feed_has(meeting=False, activity=False),
    ),
    Case(
        "meetings:personal_feed (unknown token)",
        lambda c: "/agenda/feed/onbekend.ics",
        everyone(404),
    ),
    Case(
        "meetings:council_feed",
        lambda c: f"/agenda/feed/{_c(c)['feeds_token']}/raad/noord.ics",
        everyone(200),
    ),
    Case(
        "meetings:council_feed (token of another council's member)",
        lambda c: f"/agenda/feed/{_c(c)['feeds_token_other']}/raad/noord.ics",
        everyone(DENY),
    ),
    Case(
        "meetings:council_feed (token of an ex-member)",
        lambda c: f"/agenda/feed/{_c(c)['feeds_token_ex']}/raad/noord.ics",
        everyone(DENY),
    ),
    Case(
        "meetings:council_feed (unknown token)",
        lambda c: "/agenda/feed/onbekend/raad/noord.ics",
        everyone(404),
    ),
    Case(
        "meetings:council_feed (unknown council)",
        lambda c: f"/agenda/feed/{_c(c)['feeds_token']}/raad/bestaat-niet.ics",
        everyone(404),
    ),
    Case("meetings:public_feed", lambda c: "/agenda/openbaar.ics", everyone(200)),
    Case(
        "meetings:activity_ics",
        lambda c: f"/agenda/activiteit/{_c(c)['feeds_activity'].pk}.ics",
        NOORD_ONLY,
    ),
    Case(
        "meetings:activity_ics (all councils)",
        lambda c: f"/agenda/activiteit/{_c(c)['feeds_activity_councils'].pk}.ics",
        logged_in(200, ex_member=DENY),
    ),
    Case(
        "meetings:activity_ics (public)",
        lambda c: f"/agenda/activiteit/{_c(c)['feeds_activity_public'].pk}.ics",
        everyone(200),  # issue 14: visitors put a public activity in their calendar
    ),
    Case(
        "meetings:activity_ics (unknown)",
        lambda c: "/agenda/activiteit/999999.ics",
        everyone(404),
    ),
    Case(
        "meetings:meeting_ics",
        lambda c: f"/agenda/overleg/{_c(c)['feeds_meeting'].pk}.ics",
        NOORD_ONLY,
    ),
    Case("meetings:my_feed", lambda c: "/agenda/mijn-feed/", logged_in(200)),
    Case(
        "meetings:my_feed (renew)",
        lambda c: "/agenda/mijn-feed/",
        logged_in(302),
        method="post",
    ),
]
