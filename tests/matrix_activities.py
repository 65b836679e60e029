"""Permission matrix rows for the activity calendar (/agenda/).

The activities belong to council "noord" (member and secretary sit on it; member_other sits on
"limburg"). ``activity`` is for all councils, ``activity_own`` for noord only,
``activity_public`` for everyone (issue 14: the list, the month and a public activity's page are
open to visitors); in ``activity_signed`` the four council roles are already signed up;
``activity_liaison`` was posted by the liaison; ``activity_national_orphan`` has no organiser."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.matrix import DENY, Case, everyone, logged_in

COUNCIL_ROLES = ("member", "member_other", "secretary", "central_member")
# Who may post (secretary and chair of a council, liaison, editor, administrator).
POSTERS = {"secretary": 200, "editor": 200, "liaison": 200, "administrator": 200}
# Who may change an activity of noord that someone else posted.
ORGANISERS = {"secretary": 200, "administrator": 200}


def extend_context(context):
    from meetings.tests.factories import ActivityFactory, RegistrationFactory

    roles = context["roles"]
    context["activity"] = ActivityFactory(council=roles.council, visibility="councils", capacity=20)
    context["activity_own"] = ActivityFactory(
        council=roles.council, visibility="council", capacity=20
    )
    context["activity_public"] = ActivityFactory(
        council=roles.council, visibility="public", capacity=20
    )
    RegistrationFactory(activity=context["activity_public"], user=roles["member"])
    context["activity_signed"] = ActivityFactory(council=roles.council, visibility="councils")
    for role in COUNCIL_ROLES:
        RegistrationFactory(activity=context["activity_signed"], user=roles[role])
    context["activity_liaison"] = ActivityFactory(
        council=roles.council, visibility="councils", created_by=roles["liaison"]
    )
    # Issue 15: national, posted before an organiser was required; the central council's
    # secretary and chair run it (the matrix has neither: the administrator only here).
    context["activity_national_orphan"] = ActivityFactory(
        council=None, scope="national", visibility="councils", created_by=None
    )


def _get(context, name):
    # The rows build their objects on first use, whether or not the matrix fixture calls
    # extend_context itself.
    if name not in context:
        extend_context(context)
    return context[name]


def _url(name, suffix=""):
    return lambda c: f"/agenda/activiteit/{_get(c, name).pk}/{suffix}"


def _local(days: int, hour: int) -> str:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return f"{day:%Y-%m-%d}T{hour:02d}:00"


def _activity_data(c):
    return {
        "title": f"Klantpanel {c['n']}",
        "kind": "client_panel",
        "scope": "regional",
        "council": c["roles"].council.pk,
        "starts_at": _local(30, 10),
        "ends_at": _local(30, 12),
        "visibility": "councils",
    }


def _public_page_for_visitor(response, role, context):
    """A visitor reads how to take part, never the sign-up form nor who or how many come."""
    if role != "visitor":
        return None
    html = response.content.decode()
    activity = context["activity_public"]
    for leak in (f"/agenda/activiteit/{activity.pk}/aanmelden/", "bezet", "Plaatsen", "deelnemers"):
        if leak in html:
            return f"the visitor's page shows {leak!r}"
    return None if "Log in om u aan te melden" in html else "no way to log in and sign up"


def _month(c):
    today = timezone.localdate()
    return f"/agenda/maand/{today:%Y}/{today:%m}/"


CASES = [
    # Open to visitors, who see the public activities only (issue 14).
    Case("meetings:activities", lambda c: "/agenda/", everyone(200)),
    Case(
        "meetings:activities (filtered)",
        lambda c: f"/agenda/?regio=noord&soort=client_panel&maand={timezone.localdate():%Y-%m}",
        everyone(200),
    ),
    Case("meetings:activity_month", _month, everyone(200)),
    Case(
        "meetings:activity_month (filtered)",
        lambda c: f"{_month(c)}?regio=landelijk&soort=webinar",
        everyone(200),
    ),
    Case(
        "meetings:activity_month (no such month)",
        lambda c: "/agenda/maand/2026/13/",
        everyone(404),
    ),
    Case(
        "meetings:activity (public)",
        _url("activity_public"),
        everyone(200),
        check=_public_page_for_visitor,
    ),
    # For all councils: not for noord's ex-member, who sits on none.
    Case("meetings:activity", _url("activity"), logged_in(200, ex_member=DENY)),
    Case(
        "meetings:activity (own council only)",
        _url("activity_own"),
        logged_in(DENY, member=200, secretary=200, administrator=200),
    ),
    Case("meetings:activity (unknown)", lambda c: "/agenda/activiteit/999999/", everyone(404)),
    Case(
        "meetings:activity_sign_up",
        _url("activity", "aanmelden/"),
        logged_in(302, editor=DENY, liaison=DENY, administrator=DENY, ex_member=DENY),
        method="post",
        data=lambda c: {"access_needs": ["hearing_loop"], "access_note": ""},
    ),
    Case(
        "meetings:activity_sign_up (public)",
        _url("activity_public", "aanmelden/"),
        # The member signed up already (400: the page again, with the message).
        logged_in(302, member=400, editor=DENY, liaison=DENY, administrator=DENY, ex_member=DENY),
        method="post",
        data=lambda c: {"access_note": ""},
    ),
    Case(
        "meetings:activity_sign_up (own council only)",
        _url("activity_own", "aanmelden/"),
        logged_in(DENY, member=302, secretary=302),
        method="post",
        data=lambda c: {"access_note": ""},
    ),
    Case(
        "meetings:activity_sign_off",
        _url("activity_signed", "afmelden/"),
        # Not signed up: the page again, with the message (400).
        logged_in(302, editor=400, liaison=400, administrator=400, ex_member=DENY),
        method="post",
    ),
    Case(
        "meetings:activity_sign_off (own council only)",
        _url("activity_own", "afmelden/"),
        logged_in(DENY, member=400, secretary=400, administrator=400),
        method="post",
    ),
    # Issue 15: what one needs, changed after signing up (not signed up: the page, 400).
    Case(
        "meetings:activity_needs",
        _url("activity_signed", "wat-ik-nodig-heb/"),
        logged_in(400, **dict.fromkeys(COUNCIL_ROLES, 200), ex_member=DENY),
    ),
    Case(
        "meetings:activity_needs (post)",
        _url("activity_signed", "wat-ik-nodig-heb/"),
        logged_in(400, **dict.fromkeys(COUNCIL_ROLES, 302), ex_member=DENY),
        method="post",
        data=lambda c: {"access_needs": ["travel"], "access_note": "Ik kom met de trein."},
    ),
    Case(
        "meetings:activity_needs (own council only)",
        _url("activity_own", "wat-ik-nodig-heb/"),
        logged_in(DENY, member=400, secretary=400, administrator=400),
    ),
    Case(
        "meetings:activity_participants (national, no organiser)",
        _url("activity_national_orphan", "deelnemers/"),
        logged_in(DENY, administrator=200),
    ),
    Case(
        "meetings:activity_participants",
        _url("activity", "deelnemers/"),
        logged_in(DENY, **ORGANISERS),
    ),
    Case(
        "meetings:activity_participants (posted by the liaison)",
        _url("activity_liaison", "deelnemers/"),
        logged_in(DENY, liaison=200, **ORGANISERS),
    ),
    Case("meetings:activity_create", lambda c: "/agenda/nieuw/", logged_in(DENY, **POSTERS)),
    Case(
        "meetings:activity_create (post)",
        lambda c: "/agenda/nieuw/",
        logged_in(DENY, **dict.fromkeys(POSTERS, 302)),
        method="post",
        data=_activity_data,
    ),
    Case("meetings:activity_edit", _url("activity", "wijzigen/"), logged_in(DENY, **ORGANISERS)),
    Case(
        "meetings:activity_edit (posted by the liaison)",
        _url("activity_liaison", "wijzigen/"),
        logged_in(DENY, liaison=200, **ORGANISERS),
    ),
    Case(
        "meetings:activity_edit (post)",
        _url("activity", "wijzigen/"),
        logged_in(DENY, secretary=302, administrator=302),
        method="post",
        data=_activity_data,
    ),
    Case(
        "meetings:activity_cancel",
        _url("activity", "afgelasten/"),
        logged_in(DENY, secretary=302, administrator=302),
        method="post",
        data=lambda c: {"reason": "De spreker is ziek."},
    ),
    Case(
        "meetings:activity_cancel (get)",
        _url("activity", "afgelasten/"),
        logged_in(302),  # no 405 for a GET: sent to the page with the form (issue 15)
    ),
]
