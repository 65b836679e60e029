"""Reads for the calendar feeds: whose feed a token opens, and which events each feed holds.

Each feed is a fixed number of queries however many events it has. A feed starts some weeks
back, so a calendar still shows (and can take away) what was cancelled or changed lately."""

from __future__ import annotations

import datetime
import uuid

from django.db.models import CharField, Count, Exists, F, Max, OuterRef, Q, Sum
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from common.models import Visibility
from common.visibility import Role, Viewer
from councils.models import Council

from .ical import event_uid
from .models import (
    Activity,
    CalendarToken,
    EventStatus,
    Meeting,
    MeetingInvitation,
    Registration,
)
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


def personal_feed_state(user_id: int) -> tuple:
    """The state of everything the personal feed of ``user_id`` is made of, from two aggregate
    queries that read no event. It changes whenever the feed's events do; with who the owner is
    (``viewer_for``: the roles and memberships that decide what they may see) and the token, it
    is the feed's validator, so an unchanged feed is answered without reading its events.

    Of the owner's invitations and sign-ups for events since ``feed_since()`` (all of them, also
    those the feed leaves out, for what decides that can change without a timestamp):

    - an event edited or cancelled: its ``updated_at`` (the latest) and ``sequence`` (the sum,
      raised by every change the services make, also when two edits commit out of order);
    - an invitation or sign-up made: the latest ``invited_at`` / ``updated_at`` and pk;
      one withdrawn or deleted, or an event gone out of the window: the count;
    - a sign-up's status changed: its ``updated_at``, and the count per status;
    - an invitation moved to another council (``on_behalf_of``, changed by ``.update()`` without
      a timestamp, and set to NULL when a council is deleted): a sum that weighs each
      invitation's council by the invitation's pk."""
    since = feed_since()
    invitations = MeetingInvitation.objects.filter(
        user_id=user_id, meeting__starts_at__gte=since
    ).aggregate(
        count=Count("id"),
        last=Max("id"),
        invited=Max("invited_at"),
        updated=Max("meeting__updated_at"),
        sequence=Sum("meeting__sequence"),
        councils=Sum((Coalesce("on_behalf_of_id", 0) + 1) * F("id")),
    )
    registrations = Registration.objects.filter(
        user_id=user_id, activity__starts_at__gte=since
    ).aggregate(
        count=Count("id"),
        last=Max("id"),
        updated=Max("updated_at"),
        activity_updated=Max("activity__updated_at"),
        sequence=Sum("activity__sequence"),
        **{status: Count("id", filter=Q(status=status)) for status in Registration.Status.values},
    )
    return tuple(sorted(invitations.items())), tuple(sorted(registrations.items()))


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


class FeedEvent:
    """An activity or meeting as a feed writes it (``ical._FeedWriter``), read as plain values:
    a model instance costs more to make than its event costs to write. Its address is the
    model's own (``get_absolute_url``)."""

    model: type = Meeting
    __slots__ = (
        "pk",
        "uid",
        "title",
        "description",
        "location",
        "online_url",
        "starts_at",
        "ends_at",
        "status",
        "sequence",
        "created_at",
        "updated_at",
        "visibility",
        "council_id",
    )

    def __init__(self, pk=None, *columns):
        """``columns``: as ``_columns`` names them, then visibility and council (activities)."""
        (
            self.uid,
            self.title,
            self.description,
            self.location,
            self.online_url,
            self.status,
            self.sequence,
            self.starts_at,
            self.ends_at,
            self.created_at,
            self.updated_at,
            self.visibility,
            self.council_id,
        ) = columns or (None,) * 13
        self.pk = pk

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    def get_absolute_url(self) -> str:
        return self.model(pk=self.pk).get_absolute_url()


class FeedMeeting(FeedEvent):
    __slots__ = ()
    model = Meeting


class FeedActivity(FeedEvent):
    __slots__ = ()
    model = Activity


# The columns of a FeedEvent, as text where the database's own type costs more to read (a
# UUID, and times, which fromisoformat reads many times faster than the drivers' converters).
_COLUMNS = (
    "uid",
    "title",
    "description",
    "location",
    "online_url",
    "status",
    "sequence",
    "starts_at",
    "ends_at",
    "created_at",
    "updated_at",
)
_AS_TEXT = {"uid", "starts_at", "ends_at", "created_at", "updated_at"}


def _columns(prefix: str = "") -> list:
    return [
        Cast(f"{prefix}{name}", output_field=CharField()) if name in _AS_TEXT else f"{prefix}{name}"
        for name in _COLUMNS
    ]


def _moment(text: str | None) -> datetime.datetime | None:
    """A time as the database gives it as text: PostgreSQL with its offset (in UTC: Django sets
    the session's zone), SQLite without one (it stores UTC)."""
    if text is None:
        return None
    moment = datetime.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _event(kind: type[FeedEvent], pk: int, row, visibility=None, council_id=None) -> FeedEvent:
    """A FeedEvent of ``row``: the values of ``_columns``."""
    uid, title, description, location, online_url, status, sequence, *moments = row
    if len(uid) == 32:  # SQLite stores a UUID as 32 hex digits
        uid = str(uuid.UUID(hex=uid))
    return kind(
        pk,
        uid,
        title,
        description,
        location,
        online_url,
        status,
        sequence,
        *map(_moment, moments),
        visibility,
        council_id,
    )


def personal_feed_events(viewer: Viewer) -> tuple[list, set[str]]:
    """What the viewer is invited to or signed up for, as far as they may still see it (an
    invitation for a council they left, or an activity for councils, drops out when the
    membership ends), and the UIDs of the activities they are on the waiting list for (shown as
    tentative). Two queries, of plain values (``FeedEvent``)."""
    since = feed_since()
    meetings = (
        Meeting.objects.filter(_viewer_invited(viewer), starts_at__gte=since)
        .order_by()
        .values_list("pk", *_columns())
    )
    registrations = (
        Registration.objects.filter(user_id=viewer.user_id, activity__starts_at__gte=since)
        .exclude(status=Registration.Status.CANCELLED)
        .order_by()
        .values_list(
            "activity_id",
            "status",
            "activity__visibility",
            "activity__council_id",
            *_columns("activity__"),
        )
    )
    events = [_event(FeedMeeting, pk, row) for pk, *row in meetings]
    tentative = set()
    for pk, status, visibility, council_id, *row in registrations:
        activity = _event(FeedActivity, pk, row, visibility, council_id)
        if not can_view_activity(viewer, activity):
            continue
        events.append(activity)
        if status == Registration.Status.WAITLISTED:
            tentative.add(event_uid(activity))
    return _by_start(events), tentative


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
