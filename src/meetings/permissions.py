"""Who may see and do what in the calendar and in meetings."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from common.visibility import Role, Viewer, can_see
from councils.models import Council, Membership

from .models import Activity, Meeting, MeetingInvitation

POSTERS = {Role.LIAISON, Role.EDITOR, Role.SECRETARY, Role.CHAIR, Role.ADMINISTRATOR}


def can_view_calendar(viewer: Viewer) -> bool:
    """The members' calendar panel on "Mijn overzicht". The agenda's pages themselves are open
    to visitors, who see the public activities there (``can_view_activity``)."""
    return viewer.is_authenticated


def can_view_activity(viewer: Viewer, activity: Activity) -> bool:
    # Liaisons and editors post activities for the councils, so they see those too.
    if viewer.roles & {Role.LIAISON, Role.EDITOR} and activity.visibility != "council":
        return True
    return can_see(viewer, visibility=activity.visibility, council_id=activity.council_id)


def can_post_activity(viewer: Viewer) -> bool:
    return bool(viewer.roles & POSTERS)


def can_edit_activity(viewer: Viewer, activity: Activity) -> bool:
    """Who runs an activity and sees who comes and what they need: its organiser (who posted
    it), the secretary and chair of its region, and administrators. A national activity without
    an organiser (posted before one was required, or whose organiser's account is gone) is run
    by the central council's secretary and chair, so its needs list always has a reader."""
    if Role.ADMINISTRATOR in viewer.roles:
        return True
    if activity.created_by_id is not None and activity.created_by_id == viewer.user_id:
        return True
    if activity.council_id is not None:
        return activity.council_id in viewer.managed_council_ids
    return activity.created_by_id is None and _manages_central_council(viewer)


def can_sign_up(viewer: Viewer, activity: Activity) -> bool:
    return viewer.is_council_member and can_view_activity(viewer, activity)


def _meeting_council_ids(meeting: Meeting) -> set[int]:
    ids = {meeting.council_id}
    ids.update(c.pk for c in meeting.guest_councils.all())
    return ids


def invitation_counts(viewer: Viewer, invitation: MeetingInvitation | None) -> bool:
    """Whether ``invitation`` (the viewer's own) still opens its meeting. An invitation on behalf
    of a council is a seat for that council: it counts only while the person sits on it
    (``viewer.council_ids`` holds current memberships only), so it ends with the membership.
    A personal invitation (agency staff, a guest) is for the person and stays."""
    if invitation is None or invitation.user_id != viewer.user_id:
        return False
    return invitation.on_behalf_of_id is None or invitation.on_behalf_of_id in viewer.council_ids


def current_invitation_q(viewer: Viewer, *, prefix: str = "") -> Q:
    """The query filter on invitations that matches ``invitation_counts``."""
    if viewer.user_id is None:
        return Q(pk__in=[])
    return Q(**{f"{prefix}user_id": viewer.user_id}) & (
        Q(**{f"{prefix}on_behalf_of__isnull": True})
        | Q(**{f"{prefix}on_behalf_of_id__in": viewer.council_ids})
    )


def invitations_that_count_q() -> Q:
    """Of everyone's invitations, those that still count (``invitation_counts`` as each person's
    own): personal ones, and those for a council the person still sits on. For mail to the
    people invited, which should not reach someone whose seat has ended."""
    return Q(on_behalf_of__isnull=True) | Q(
        Exists(
            Membership.objects.active().filter(
                user_id=OuterRef("user_id"), council_id=OuterRef("on_behalf_of_id")
            )
        )
    )


def can_view_meeting(viewer: Viewer, meeting: Meeting, *, invited: bool = False) -> bool:
    """``invited``: the viewer holds an invitation that counts (``invitation_counts``, or
    ``current_invitation_q`` in a query), never merely any invitation."""
    if Role.ADMINISTRATOR in viewer.roles or invited:
        return True
    if meeting.kind == Meeting.Kind.NATIONAL:
        return viewer.is_council_member
    if meeting.kind == Meeting.Kind.CENTRAL:
        # District members see the central council's meetings, so they can ask to join.
        return viewer.is_council_member
    return bool(_meeting_council_ids(meeting) & viewer.council_ids)


def can_manage_meeting(viewer: Viewer, meeting: Meeting) -> bool:
    """Secretary and chair of the organising council run the meeting."""
    return Role.ADMINISTRATOR in viewer.roles or meeting.council_id in viewer.managed_council_ids


def can_schedule_meeting(viewer: Viewer) -> bool:
    return bool(viewer.managed_council_ids) or Role.ADMINISTRATOR in viewer.roles


def _manages_central_council(viewer: Viewer) -> bool:
    return bool(viewer.managed_council_ids & viewer.central_council_ids)


def can_schedule_national_meeting(viewer: Viewer) -> bool:
    """The national meeting invites every district's representative and substitute, nationwide:
    only the central council's secretary or chair (who organise it) and administrators plan
    one, not a district's secretary."""
    return Role.ADMINISTRATOR in viewer.roles or _manages_central_council(viewer)


def schedulable_kinds(viewer: Viewer) -> list[str]:
    """The kinds of meeting the viewer may plan (the form offers only these)."""
    if not can_schedule_meeting(viewer):
        return []
    return [
        kind
        for kind in Meeting.Kind.values
        if kind != Meeting.Kind.NATIONAL or can_schedule_national_meeting(viewer)
    ]


def can_request_to_join(viewer: Viewer, meeting: Meeting) -> bool:
    """Aanschuiven: a district member (not already on the central council)."""
    return (
        meeting.kind == Meeting.Kind.CENTRAL
        and viewer.is_council_member
        and not viewer.central_council_ids
    )


def can_decide_guest_requests(viewer: Viewer, meeting: Meeting) -> bool:
    return meeting.kind == Meeting.Kind.CENTRAL and meeting.council_id in (
        viewer.managed_council_ids
    )


def can_view_meetings(viewer: Viewer) -> bool:
    """The meetings overview; it lists only the meetings ``can_view_meeting`` allows."""
    return viewer.is_authenticated


def can_set_action_status(viewer: Viewer, item) -> bool:
    """The meeting's managers, or the person who has to do the action."""
    return item.owner_id == viewer.user_id or can_manage_meeting(viewer, item.meeting)


def can_view_national(viewer: Viewer) -> bool:
    """The national overview: like the national meetings themselves."""
    return Role.ADMINISTRATOR in viewer.roles or viewer.is_council_member


def can_name_national_representative(viewer: Viewer, council=None) -> bool:
    """A district's secretary or chair names its representative and substitute; the central
    council's secretary or chair, who organise the national meeting, may fill a gap for any
    district. Without a council: whether the viewer may do so for any district (the form)."""
    if council is not None and council.kind != Council.Kind.DISTRICT:
        return False
    if Role.ADMINISTRATOR in viewer.roles or _manages_central_council(viewer):
        return True
    if council is None:
        return bool(viewer.managed_council_ids - viewer.central_council_ids)
    return council.pk in viewer.managed_council_ids
