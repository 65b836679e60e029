"""Permission matrix rows for the calendar feeds and .ics downloads (meetings.urls_feeds).

The personal and council feeds are opened by calendar apps that cannot log in: the token in the
address says whose feed it is, so for those rows every role (logged in or not) gets the same
answer. tests/meetings' test_feeds.py checks the council feed for each role's own token."""

from __future__ import annotations

from tests.matrix import DENY, Case, everyone, logged_in

_READY = "feeds_ready"


def extend_context(context: dict) -> dict:
    """An activity (council-only and for all councils) and a meeting in Noord, and feed tokens
    for a Noord member and a Limburg member. Safe to call more than once."""
    if context.get(_READY):
        return context
    from common.models import Visibility
    from meetings.services import calendar_token_get
    from meetings.tests.factories import ActivityFactory, MeetingFactory

    roles = context["roles"]
    context.update(
        {
            "feeds_activity": ActivityFactory(council=roles.council, visibility=Visibility.COUNCIL),
            "feeds_activity_councils": ActivityFactory(
                council=roles.council, visibility=Visibility.COUNCILS
            ),
            "feeds_meeting": MeetingFactory(council=roles.council),
            "feeds_token": calendar_token_get(user=roles["member"]).token,
            "feeds_token_other": calendar_token_get(user=roles["member_other"]).token,
            _READY: True,
        }
    )
    return context


def _c(context: dict) -> dict:
    # The matrix's context fixture may or may not call extend_context; make sure it ran.
    return extend_context(context)


NOORD_ONLY = logged_in(DENY, member=200, secretary=200, administrator=200)

CASES = [
    Case(
        "meetings:personal_feed",
        lambda c: f"/agenda/feed/{_c(c)['feeds_token']}.ics",
        everyone(200),
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
        logged_in(200),
    ),
    Case(
        "meetings:activity_ics (unknown)",
        lambda c: "/agenda/activiteit/999999.ics",
        logged_in(404),
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
