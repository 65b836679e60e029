"""Reads for the organiser's and the secretary's cards on "Mijn overzicht" (issue 15, "each
role's own work first"): the activities a person organises with their sign-ups and what people
need, the draft minutes waiting to be approved, and the access needs to arrange for the coming
meetings and activities of the councils someone runs. Each function costs a fixed number of
queries, whatever the number of rows."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from common.visibility import Viewer

from .models import (
    AccessNeed,
    Activity,
    EventStatus,
    Meeting,
    MeetingInvitation,
    Minutes,
    Registration,
)

ACTIVE = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)


def _need_totals(rows) -> dict[int, dict]:
    """For (event id, needs, note) rows: per event how many people asked for something and a
    count per need, in the order of ``AccessNeed``."""
    people: Counter = Counter()
    needs: dict[int, Counter] = defaultdict(Counter)
    for event_id, access_needs, note in rows:
        if not (access_needs or note):
            continue
        people[event_id] += 1
        for need in access_needs or []:
            if need in AccessNeed.values:
                needs[event_id][need] += 1
    return {
        event_id: {
            "people": count,
            "totals": [
                (label, needs[event_id][value])
                for value, label in AccessNeed.choices
                if needs[event_id][value]
            ],
        }
        for event_id, count in people.items()
    }


def _activity_needs(activity_ids) -> dict[int, dict]:
    rows = Registration.objects.filter(activity_id__in=activity_ids, status__in=ACTIVE).values_list(
        "activity_id", "access_needs", "access_note"
    )
    return _need_totals(rows)


def organised_activities(
    viewer: Viewer, *, limit: int = 6, now: datetime.datetime | None = None
) -> list[Activity]:
    """The coming activities the person posted (and so organises), soonest first, each with
    ``confirmed_count``, ``waitlist_count`` and ``needs`` (``people`` who asked for something
    and ``totals`` per need). Two queries."""
    if not viewer.is_authenticated:
        return []
    now = now or timezone.now()
    activities = list(
        Activity.objects.filter(
            created_by_id=viewer.user_id, ends_at__gte=now, status=EventStatus.SCHEDULED
        )
        .select_related("council")
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            ),
            waitlist_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
            ),
        )
        .order_by("starts_at", "pk")[:limit]
    )
    if not activities:
        return []
    needs = _activity_needs([a.pk for a in activities])
    for activity in activities:
        activity.needs = needs.get(activity.pk)
    return activities


def minutes_to_approve(viewer: Viewer, *, now: datetime.datetime | None = None) -> list[Minutes]:
    """Draft minutes of meetings that began, organised by a council the viewer is secretary or
    chair of (who approve them), oldest meeting first. One query."""
    if not viewer.managed_council_ids:
        return []
    now = now or timezone.now()
    return list(
        Minutes.objects.filter(
            status=Minutes.Status.DRAFT,
            meeting__council_id__in=viewer.managed_council_ids,
            meeting__starts_at__lte=now,
            meeting__status=EventStatus.SCHEDULED,
        )
        .exclude(text="")
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
    )


def access_needs_to_arrange(
    viewer: Viewer, *, limit: int = 6, now: datetime.datetime | None = None
) -> list:
    """For the secretary and chair: coming meetings of their councils, and coming activities in
    their councils' regions that someone else posted, where people asked for something (an
    interpreter, a hearing loop, help with travel). Soonest first, each with ``needs`` and
    ``needs_url`` (where the list of people is). Four queries at most; the rows read to count
    needs are one per invited or signed-up person of the coming events, a few hundred at most."""
    councils = viewer.managed_council_ids
    if not councils:
        return []
    now = now or timezone.now()
    invitations = (
        MeetingInvitation.objects.filter(
            meeting__council_id__in=councils,
            meeting__ends_at__gte=now,
            meeting__status=EventStatus.SCHEDULED,
        )
        .exclude(rsvp=MeetingInvitation.Rsvp.NO)
        .values_list("meeting_id", "access_needs", "access_note")
    )
    meeting_needs = _need_totals(invitations)
    registrations = (
        Registration.objects.filter(
            activity__council_id__in=councils,
            activity__ends_at__gte=now,
            activity__status=EventStatus.SCHEDULED,
            status__in=ACTIVE,
        )
        .exclude(activity__created_by_id=viewer.user_id)  # those are on the organiser's card
        .values_list("activity_id", "access_needs", "access_note")
    )
    activity_needs = _need_totals(registrations)
    events = []
    if meeting_needs:
        meetings = Meeting.objects.filter(pk__in=meeting_needs).order_by("starts_at", "pk")
        for meeting in meetings[:limit]:
            meeting.needs = meeting_needs[meeting.pk]
            meeting.needs_url = meeting.get_absolute_url() + "#uitgenodigd"
            events.append(meeting)
    if activity_needs:
        activities = Activity.objects.filter(pk__in=activity_needs).order_by("starts_at", "pk")
        for activity in activities[:limit]:
            activity.needs = activity_needs[activity.pk]
            activity.needs_url = reverse("meetings:activity_participants", args=[activity.pk])
            events.append(activity)
    events.sort(key=lambda event: (event.starts_at, event.pk))
    return events[:limit]
