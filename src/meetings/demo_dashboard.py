"""Demo work for "Mijn overzicht" (issue 15), so each role's overview shows something real: sign-ups
with access needs on the activities the liaison organises, a Noord meeting three weeks ago whose
minutes wait to be approved, and what two people need at Noord's next meeting. Written directly
(no mail: this is demo data). Idempotent: does nothing once the past Noord meeting exists."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from councils.models import Council, Membership

from .models import (
    AccessNeed,
    Activity,
    EventStatus,
    Meeting,
    MeetingInvitation,
    Minutes,
    Registration,
)

PAST_TITLE = "Vergadering Districtscliëntenraad Noord (vorige maand)"
MINUTES = """Aanwezig: de voorzitter, de secretaris en drie leden.

1. Opening en mededelingen. De voorzitter heet iedereen welkom.
2. Signalen van de afgelopen maand. Er kwamen zes signalen binnen over brieven over de WW.
3. Advies over brieven. De raad schrijft een ongevraagd advies; de secretaris maakt een opzet.
4. Rondvraag. Geen vragen."""
# (activity index among the organiser's activities, needs, note) per person signing up
NEEDS = [
    [AccessNeed.SIGN_LANGUAGE],
    [AccessNeed.HEARING_LOOP, AccessNeed.LARGE_PRINT],
    [],
    [AccessNeed.TRAVEL],
    [],
    [AccessNeed.STEP_FREE],
]


@transaction.atomic
def load() -> None:
    noord = Council.objects.filter(slug="noord").first()
    if noord is None or Meeting.objects.filter(title=PAST_TITLE).exists():
        return
    members = list(
        Membership.objects.active()
        .exclude(role=Membership.Role.ASPIRANT)
        .select_related("user")
        .order_by("council_id", "pk")
    )
    _sign_ups(members)
    _past_meeting(noord)
    _needs_at_next_meeting(noord)


def _sign_ups(members) -> None:
    """A few sign-ups on each activity someone organises, some asking for something."""
    activities = Activity.objects.filter(
        created_by__isnull=False, status=EventStatus.SCHEDULED, ends_at__gte=timezone.now()
    ).order_by("starts_at", "pk")[:4]
    for index, activity in enumerate(activities):
        people = members[index * 3 : index * 3 + 5] if index < 2 else members[index : index + 2]
        for number, membership in enumerate(people):
            needs = NEEDS[(index + number) % len(NEEDS)] if number < 3 else []
            Registration.objects.get_or_create(
                activity=activity,
                user=membership.user,
                defaults={
                    "status": Registration.Status.CONFIRMED,
                    "access_needs": [str(need) for need in needs],
                    "access_note": "Ik kom met mijn hulphond." if number == 2 else "",
                },
            )


def _past_meeting(noord: Council) -> None:
    begin = timezone.localtime().replace(
        hour=19, minute=0, second=0, microsecond=0
    ) - datetime.timedelta(days=21)
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.COUNCIL,
        council=noord,
        title=PAST_TITLE,
        starts_at=begin,
        ends_at=begin + datetime.timedelta(hours=2),
        location="Groningen",
    )
    Minutes.objects.create(meeting=meeting, text=MINUTES, status=Minutes.Status.DRAFT)


def _needs_at_next_meeting(noord: Council) -> None:
    meeting = (
        Meeting.objects.filter(
            council=noord, starts_at__gte=timezone.now(), status=EventStatus.SCHEDULED
        )
        .order_by("starts_at", "pk")
        .first()
    )
    if meeting is None:
        return
    invitations = list(meeting.invitations.order_by("pk")[:3])
    for invitation, (needs, note) in zip(
        invitations,
        [
            ([AccessNeed.HEARING_LOOP], ""),
            ([AccessNeed.TRAVEL], "Ik heb een taxi nodig vanaf het station."),
        ],
        strict=False,
    ):
        invitation.access_needs = [str(need) for need in needs]
        invitation.access_note = note
        invitation.rsvp = MeetingInvitation.Rsvp.YES
        invitation.save(update_fields=["access_needs", "access_note", "rsvp"])
