"""Demo calendar: agency activities and every kind of meeting, fictional. Idempotent (does
nothing when activities exist). Invitations are made without e-mail: this is demo data."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.roles import LIAISONS
from councils.models import Council, Membership

from .models import (
    ActionItem,
    Activity,
    AgendaItem,
    MeetingInvitation,
    NationalRepresentative,
)
from .services import activity_create, meeting_schedule, national_invitees

User = get_user_model()

ACTIVITIES = [
    (
        "Klantpanel WW: brieven begrijpelijker maken",
        "client_panel",
        "regional",
        "noord",
        "Groningen, UWV-kantoor",
        12,
        True,
    ),
    ("Werkbezoek UWV-kantoor Rotterdam", "visit", "regional", "rijnmond", "Rotterdam", 8, False),
    (
        "Landelijke dag voor cliëntenraden",
        "meeting",
        "national",
        None,
        "Utrecht, Jaarbeurs",
        80,
        True,
    ),
    ("Webinar: nieuwe regels Ziektewet", "webinar", "national", None, "", None, True),
    ("Training: hoe schrijf ik een advies?", "training", "national", None, "Amersfoort", 15, False),
    ("Open dag UWV Limburg", "meeting", "regional", "limburg", "Maastricht", None, True),
]


@transaction.atomic
def load(stdout=None) -> dict:
    if Activity.objects.exists():
        return {"activities": Activity.objects.count()}
    councils = {c.slug: c for c in Council.objects.all()}
    if not councils:
        return {}
    # The agency's activities are posted by its liaison (DESIGN.md), who is their organiser and
    # sees who comes and what they need; without one, the central council's secretary.
    organiser = (
        User.objects.filter(groups__name=LIAISONS).order_by("pk").first()
        or User.objects.filter(
            memberships__council__kind=Council.Kind.CENTRAL,
            memberships__role=Membership.Role.SECRETARY,
        )
        .order_by("pk")
        .first()
    )
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    for index, (title, kind, scope, slug, place, capacity, public) in enumerate(ACTIVITIES):
        if organiser is None:
            break
        start = now + datetime.timedelta(days=7 + index * 9, hours=10 - now.hour)
        activity_create(
            actor=organiser,
            title=title,
            kind=kind,
            scope=scope,
            council=councils.get(slug),
            description="Een activiteit van UWV waar leden van de cliëntenraden aan mee kunnen "
            "doen. Meld u aan; dan weten wij op hoeveel mensen wij rekenen.",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3),
            location=place,
            online_url="https://video.voorbeeld.example/webinar" if not place else "",
            capacity=capacity,
            signup_deadline=start - datetime.timedelta(days=2),
            step_free=True,
            hearing_loop=index % 2 == 0,
            sign_language=index == 2,
            visibility="public" if public else "councils",
        )

    # First the districts' representatives: the national meeting invites them.
    for council in councils.values():
        if council.is_central or council.slug in ("limburg", "oost"):
            continue  # two districts have not named anyone yet
        people = list(
            Membership.objects.active().filter(council=council).order_by("role", "id")[:2]
        )
        for membership, role in zip(people, NationalRepresentative.Role.values, strict=False):
            NationalRepresentative.objects.get_or_create(
                council=council, role=role, defaults={"user": membership.user}
            )

    central = next(c for c in councils.values() if c.is_central)
    noord, rijnmond = councils["noord"], councils["rijnmond"]
    start = now + datetime.timedelta(days=10, hours=14 - now.hour)
    plans = [
        ("council", noord, "Vergadering Districtscliëntenraad Noord", []),
        ("introduction", noord, "Kennismaking Noord en Rijnmond", [rijnmond]),
        ("national", central, "Landelijk overleg: bereikbaarheid van UWV", []),
        ("central", central, "Vergadering Centrale Cliëntenraad", []),
    ]
    meetings = []
    for index, (kind, council, title, guests) in enumerate(plans):
        begin = start + datetime.timedelta(days=index * 6)
        meeting = meeting_schedule(
            actor=None,
            kind=kind,
            council=council,
            title=title,
            starts_at=begin,
            ends_at=begin + datetime.timedelta(hours=2),
            location="Online en in Utrecht",
            guest_councils=guests,
            invite=False,
        )
        meetings.append(meeting)
        for order, item in enumerate(
            [
                "Opening en mededelingen",
                "Signalen van de afgelopen maand",
                "Advies over brieven",
                "Rondvraag",
            ],
            start=1,
        ):
            AgendaItem.objects.create(meeting=meeting, order=order, title=item)
        members = (
            Membership.objects.active()
            .filter(council__in=[council, *guests])
            .select_related("user", "council")
        )
        people = [(m.user, m.council) for m in members]
        if kind == "national":
            # As the service does (and naming someone later keeps it so): every district's
            # representative and substitute for their district, and the central council.
            people = national_invitees() + people
        for user, on_behalf_of in people:
            MeetingInvitation.objects.get_or_create(
                meeting=meeting, user=user, defaults={"on_behalf_of": on_behalf_of}
            )

    member = Membership.objects.filter(user__email="lid@raadsplein.example").first()
    if member:
        today = timezone.localdate()
        ActionItem.objects.create(
            meeting=meetings[0],
            title="Voorbeeldbrieven verzamelen",
            owner=member.user,
            due_date=today + datetime.timedelta(days=5),
        )
        ActionItem.objects.create(
            meeting=meetings[0],
            title="Verslag klantpanel delen",
            owner=member.user,
            due_date=today - datetime.timedelta(days=3),
        )
    from .demo_dashboard import load as load_dashboard_work

    load_dashboard_work()  # sign-ups with needs, minutes to approve (issue 15)
    return {"activities": len(ACTIVITIES), "meetings": len(meetings)}
