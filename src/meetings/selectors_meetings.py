"""Reads for the meeting pages: which meetings a viewer may see (the query twin of
``can_view_meeting``), one meeting with everything its page shows, the national overview and
the dashboard panel. Each read fetches its related rows up front, so a page's query count does
not grow with the number of meetings, invitations or agenda items."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import PurePath

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from common.visibility import Role, Viewer
from councils.models import Council, Membership

from .models import (
    AccessNeed,
    ActionItem,
    EventStatus,
    GuestRequest,
    Meeting,
    MeetingInvitation,
    Minutes,
    NationalRepresentative,
)
from .permissions import current_invitation_q, invitations_that_count_q

RECENT_DAYS = 365
RECENT_LIMIT = 25


def meetings_visible_to(viewer: Viewer) -> QuerySet[Meeting]:
    """Meetings the viewer may open: those of their councils (organising or guest), the
    national and central meetings for every council member, and any they hold an invitation
    to that still counts (one on behalf of a council they no longer sit on does not)."""
    qs = Meeting.objects.all()
    if Role.ADMINISTRATOR in viewer.roles:
        return qs
    if not viewer.is_authenticated:
        return qs.none()
    q = Q(
        Exists(
            MeetingInvitation.objects.filter(current_invitation_q(viewer), meeting=OuterRef("pk"))
        )
    )
    if viewer.is_council_member:
        q |= Q(kind__in=[Meeting.Kind.NATIONAL, Meeting.Kind.CENTRAL])
        q |= Q(council_id__in=viewer.council_ids)
        q |= Q(
            Exists(
                Meeting.guest_councils.through.objects.filter(
                    meeting_id=OuterRef("pk"), council_id__in=viewer.council_ids
                )
            )
        )
    return qs.filter(q)


def own_meetings(viewer: Viewer) -> QuerySet[Meeting]:
    """The viewer's own meetings, for their calendar: those they hold an invitation to that
    still counts, and those of their councils (organising or guest). Always within
    ``meetings_visible_to``; not every national or central meeting a member may open."""
    if not viewer.is_authenticated:
        return Meeting.objects.none()
    own = Q(
        Exists(
            MeetingInvitation.objects.filter(current_invitation_q(viewer), meeting=OuterRef("pk"))
        )
    )
    if viewer.council_ids:
        own |= Q(council_id__in=viewer.council_ids) | Q(
            Exists(
                Meeting.guest_councils.through.objects.filter(
                    meeting_id=OuterRef("pk"), council_id__in=viewer.council_ids
                )
            )
        )
    return meetings_visible_to(viewer).filter(own)


def _with_own_rsvp(qs: QuerySet[Meeting], viewer: Viewer) -> QuerySet[Meeting]:
    """Adds ``own_rsvp``: the viewer's answer, or None when not invited."""
    own = MeetingInvitation.objects.filter(meeting=OuterRef("pk"), user=viewer.user_id)
    return qs.annotate(own_rsvp=Subquery(own.values("rsvp")[:1]))


def meeting_list(viewer: Viewer, *, kind: str = "", now: datetime.datetime | None = None) -> dict:
    """Upcoming meetings (soonest first) and recent ones (latest first) for /overleg/."""
    now = now or timezone.now()
    qs = (
        _with_own_rsvp(meetings_visible_to(viewer), viewer)
        .select_related("council")
        .prefetch_related("guest_councils")
    )
    if kind:
        qs = qs.filter(kind=kind)
    upcoming = list(qs.filter(ends_at__gte=now).order_by("starts_at", "id"))
    recent = list(
        qs.filter(
            ends_at__lt=now, starts_at__gte=now - datetime.timedelta(days=RECENT_DAYS)
        ).order_by("-starts_at", "-id")[:RECENT_LIMIT]
    )
    for meeting in upcoming + recent:
        meeting.own_rsvp_label = (
            MeetingInvitation.Rsvp(meeting.own_rsvp).label if meeting.own_rsvp else ""
        )
    return {"upcoming": upcoming, "recent": recent}


def meeting_detail(pk: int) -> Meeting | None:
    """One meeting with its councils; visibility is checked by the view (it needs to tell a
    hidden meeting, 403, from a missing one, 404)."""
    return (
        Meeting.objects.select_related("council", "created_by")
        .prefetch_related("guest_councils")
        .filter(pk=pk)
        .first()
    )


def own_invitation(meeting: Meeting, user) -> MeetingInvitation | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return MeetingInvitation.objects.filter(meeting=meeting, user=user).first()


def meeting_invitee_count(meeting: Meeting) -> int:
    """How many people hear of a change to the meeting (invitations that still count)."""
    return meeting.invitations.filter(invitations_that_count_q()).count()


@dataclass
class MeetingPage:
    """Everything the meeting page lists, read in a fixed number of queries."""

    agenda_items: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    invitations: list = field(default_factory=list)
    minutes: Minutes | None = None
    action_items: list = field(default_factory=list)
    guest_requests: list = field(default_factory=list)
    own_guest_request: GuestRequest | None = None

    @property
    def access_needs(self) -> list:
        return [i for i in self.invitations if i.access_needs or i.access_note]

    @property
    def invited_users(self) -> list:
        return [i.user for i in self.invitations]


def meeting_page(meeting: Meeting, *, user, with_guest_requests: bool = False) -> MeetingPage:
    today = timezone.localdate()
    page = MeetingPage(
        agenda_items=list(
            meeting.agenda_items.select_related("dossier").prefetch_related("dossier__councils")
        ),
        documents=list(meeting.documents.all()),
        invitations=list(
            meeting.invitations.select_related("user", "on_behalf_of").order_by(
                "user__last_name", "user__first_name", "id"
            )
        ),
        minutes=Minutes.objects.select_related("approved_by").filter(meeting=meeting).first(),
        action_items=list(meeting.action_items.select_related("owner")),
    )
    for item in page.action_items:
        item.is_overdue = item.status == ActionItem.Status.OPEN and item.due_date < today
    for document in page.documents:
        document.file_type = PurePath(document.file.name).suffix.lstrip(".").upper()
    for invitation in page.invitations:
        invitation.access_need_labels = [
            AccessNeed(need).label for need in invitation.access_needs if need in AccessNeed.values
        ]
    if with_guest_requests:
        page.guest_requests = list(
            meeting.guest_requests.filter(status=GuestRequest.Status.PENDING).select_related(
                "user", "council"
            )
        )
    if meeting.kind == Meeting.Kind.CENTRAL and getattr(user, "is_authenticated", False):
        page.own_guest_request = meeting.guest_requests.filter(user=user).first()
    return page


def scheduling_councils(viewer: Viewer) -> QuerySet[Council]:
    """The councils a viewer may organise a meeting for."""
    qs = Council.objects.filter(is_active=True).order_by("kind", "name")
    if Role.ADMINISTRATOR in viewer.roles:
        return qs
    return qs.filter(pk__in=viewer.managed_council_ids)


def district_councils() -> QuerySet[Council]:
    return Council.objects.filter(is_active=True, kind=Council.Kind.DISTRICT).order_by("name")


def user_district_councils(user) -> QuerySet[Council]:
    """The district councils a person is an active member of (for aanschuiven)."""
    return district_councils().filter(
        pk__in=Membership.objects.active().filter(user=user).values("council_id")
    )


def national_overview() -> dict:
    """Each district with its representative and substitute, and who came to past national
    meetings on behalf of which district."""
    reps = NationalRepresentative.objects.select_related("user")
    districts = list(
        district_councils().prefetch_related(
            Prefetch("national_representatives", queryset=reps, to_attr="reps")
        )
    )
    for district in districts:
        by_role = {r.role: r for r in district.reps}
        district.representative = by_role.get(NationalRepresentative.Role.REPRESENTATIVE)
        district.substitute = by_role.get(NationalRepresentative.Role.SUBSTITUTE)
    now = timezone.now()
    attended = MeetingInvitation.objects.filter(attended=True).select_related(
        "user", "on_behalf_of"
    )
    past = list(
        Meeting.objects.filter(kind=Meeting.Kind.NATIONAL, starts_at__lt=now)
        .exclude(status=EventStatus.CANCELLED)
        .select_related("council")
        .prefetch_related(Prefetch("invitations", queryset=attended, to_attr="present"))
        .order_by("-starts_at", "-id")[:10]
    )
    for meeting in past:
        meeting.present.sort(
            key=lambda i: (i.on_behalf_of.name if i.on_behalf_of else "", i.user.last_name)
        )
    upcoming = list(
        Meeting.objects.filter(kind=Meeting.Kind.NATIONAL, ends_at__gte=now)
        .exclude(status=EventStatus.CANCELLED)
        .order_by("starts_at", "id")[:5]
    )
    # Who the next national meeting invites for each district: the gaps to fill before it.
    next_meeting = upcoming[0] if upcoming else None
    invited_by_district: dict[int, list] = {}
    if next_meeting is not None:
        for invitation in (
            next_meeting.invitations.filter(on_behalf_of__isnull=False)
            .select_related("user")
            .order_by("user__last_name", "user__first_name", "id")
        ):
            invited_by_district.setdefault(invitation.on_behalf_of_id, []).append(invitation)
    for district in districts:
        district.invited = invited_by_district.get(district.pk, [])
    return {
        "districts": districts,
        "without": [d for d in districts if d.representative is None],
        "not_invited": (
            [d for d in districts if not d.invited] if next_meeting is not None else []
        ),
        "next_meeting": next_meeting,
        "past": past,
        "upcoming": upcoming,
    }


def representative_candidates(viewer: Viewer) -> QuerySet[Membership]:
    """Active members of the districts the viewer may name a representative for."""
    qs = (
        Membership.objects.active()
        .filter(council__kind=Council.Kind.DISTRICT, council__is_active=True)
        .exclude(role=Membership.Role.ASPIRANT)
        .select_related("user", "council")
        .order_by("council__name", "user__last_name", "user__first_name")
    )
    if Role.ADMINISTRATOR in viewer.roles or (
        viewer.managed_council_ids & viewer.central_council_ids
    ):
        # The central council's secretary and chair may name them for any district.
        return qs
    return qs.filter(council_id__in=viewer.managed_council_ids)


def dashboard_meetings(viewer: Viewer, *, limit: int = 5) -> dict:
    """For "Mijn overzicht": the person's open action items (overdue ones marked) and the next
    meetings they are invited to, as far as they may still open those meetings."""
    today = timezone.localdate()
    actions = list(
        ActionItem.objects.filter(
            owner_id=viewer.user_id,
            status=ActionItem.Status.OPEN,
            meeting__in=meetings_visible_to(viewer),
        )
        .select_related("meeting")
        .order_by("due_date", "id")
    )
    for item in actions:
        item.is_overdue = item.due_date < today
    invitations = list(
        MeetingInvitation.objects.filter(
            current_invitation_q(viewer),
            meeting__ends_at__gte=timezone.now(),
            meeting__status=EventStatus.SCHEDULED,
        )
        .select_related("meeting")
        .order_by("meeting__starts_at", "meeting_id")[:limit]
    )
    return {
        "actions": actions,
        "overdue": sum(1 for item in actions if item.is_overdue),
        "invitations": invitations,
        "guest_requests": pending_guest_requests(viewer),
    }


def pending_guest_requests(viewer: Viewer) -> list[GuestRequest]:
    """Requests to join (aanschuiven) that wait for the viewer's decision: those for coming
    meetings of a central council the viewer is secretary or chair of (as
    ``can_decide_guest_requests``)."""
    councils = viewer.managed_council_ids & viewer.central_council_ids
    if not councils:
        return []
    return list(
        GuestRequest.objects.filter(
            status=GuestRequest.Status.PENDING,
            meeting__council_id__in=councils,
            meeting__kind=Meeting.Kind.CENTRAL,
            meeting__status=EventStatus.SCHEDULED,
            meeting__starts_at__gt=timezone.now(),
        )
        .select_related("meeting", "user", "council")
        .order_by("meeting__starts_at", "created_at", "id")
    )
