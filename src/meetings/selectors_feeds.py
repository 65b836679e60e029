"""Reads for the calendar feeds: whose feed a token opens, and which events each feed holds.

Each feed is a fixed number of queries however many events it has. A feed starts some weeks
back, so a calendar still shows (and can take away) what was cancelled or changed lately."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from common.models import Visibility
from common.visibility import Role, Viewer
from councils.models import Council

from .ical import event_uid
from .models import Activity, CalendarToken, Meeting, MeetingInvitation, Registration
from .permissions import can_view_activity, can_view_meeting, current_invitation_q

FEED_DAYS_BACK = 60


def feed_since() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=FEED_DAYS_BACK)


def calendar_token_owner(token: str):
    """The (active) user whose feed address holds ``token``; None for an unknown or revoked one."""
    found = (
        CalendarToken.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    return found.user if found else None


def can_view_council_feed(viewer: Viewer, council: Council) -> bool:
    """A council's feed is for its members, the central council and administrators."""
    return (
        council.pk in viewer.council_ids
        or Role.CENTRAL_MEMBER in viewer.roles
        or Role.ADMINISTRATOR in viewer.roles
    )


def is_invited(meeting: Meeting, viewer: Viewer) -> bool:
    """Whether the viewer holds an invitation to ``meeting`` that still counts."""
    return MeetingInvitation.objects.filter(current_invitation_q(viewer), meeting=meeting).exists()


def _viewer_invited(viewer: Viewer) -> Exists:
    return Exists(
        MeetingInvitation.objects.filter(current_invitation_q(viewer), meeting=OuterRef("pk"))
    )


def feed_councils(viewer: Viewer):
    """The councils whose feed the viewer's own page offers: the ones they sit on."""
    return Council.objects.filter(pk__in=viewer.council_ids, is_active=True).order_by("name")


def _by_start(events) -> list:
    return sorted(events, key=lambda e: (e.starts_at, e.pk))


def personal_feed_events(viewer: Viewer) -> tuple[list, set[str]]:
    """What the viewer is invited to or signed up for, as far as they may still see it (an
    invitation for a council they left, or an activity for councils, drops out when the
    membership ends), and the UIDs of the activities they are on the waiting list for (shown as
    tentative). Two queries."""
    since = feed_since()
    meetings = Meeting.objects.filter(_viewer_invited(viewer), starts_at__gte=since)
    registrations = (
        Registration.objects.filter(user_id=viewer.user_id, activity__starts_at__gte=since)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("activity")
    )
    activities, tentative = [], set()
    for registration in registrations:
        if not can_view_activity(viewer, registration.activity):
            continue
        activities.append(registration.activity)
        if registration.status == Registration.Status.WAITLISTED:
            tentative.add(event_uid(registration.activity))
    return _by_start([*meetings, *activities]), tentative


def council_feed_events(viewer: Viewer, council: Council) -> list:
    """The council's meetings (also those it joins as a guest council) and its region's
    activities, as far as ``viewer`` may see them. Three queries."""
    since = feed_since()
    meetings = (
        Meeting.objects.filter(Q(council=council) | Q(guest_councils=council), starts_at__gte=since)
        .distinct()
        .annotate(viewer_invited=_viewer_invited(viewer))
        .prefetch_related("guest_councils")
    )
    activities = Activity.objects.filter(council=council, starts_at__gte=since)
    return _by_start(
        [
            *(m for m in meetings if can_view_meeting(viewer, m, invited=m.viewer_invited)),
            *(a for a in activities if can_view_activity(viewer, a)),
        ]
    )


def public_feed_events() -> list:
    """Activities anyone may see. One query."""
    return list(
        Activity.objects.filter(visibility=Visibility.PUBLIC, starts_at__gte=feed_since()).order_by(
            "starts_at", "id"
        )
    )
