"""Panels of the calendar and meetings on "Mijn overzicht"."""

from __future__ import annotations

from wagtail import hooks

from .selectors_meetings import dashboard_meetings


@hooks.register("raadsplein_dashboard_panels")
def meetings_panel(request, viewer):
    """The person's open and overdue actions and the next meetings they are invited to."""
    if not viewer.is_authenticated:
        return None
    data = dashboard_meetings(viewer)
    if not (
        viewer.is_council_member or data["actions"] or data["invitations"] or data["guest_requests"]
    ):
        return None
    return {
        "template": "meetings/dashboard_panel_meetings.html",
        # Requests to join and overdue actions wait on this person: the card goes first.
        "work": bool(data["guest_requests"] or data["overdue"]),
        **data,
    }


@hooks.register("raadsplein_dashboard_panels")
def activities_panel(request, viewer):
    """The person's next activities they signed up for, with a way to the agenda. Only council
    members sign up (``can_sign_up``): a liaison, editor or administrator gets no card that says
    they have not signed up for anything."""
    from .selectors_activities import upcoming_registrations

    if not viewer.is_council_member:
        return None
    return {
        "template": "meetings/activity_dashboard_panel.html",
        "registrations": upcoming_registrations(viewer, request.user, limit=5),
    }


@hooks.register("raadsplein_dashboard_panels")
def organiser_panel(request, viewer):
    """The coming activities the person posted, with sign-ups and what people need (issue 15:
    the liaison's own work first)."""
    from .permissions import can_post_activity
    from .selectors_dashboard import organised_activities

    if not can_post_activity(viewer):
        return None  # only those who may post activities organise them: no query for others
    activities = organised_activities(viewer)
    if not activities:
        return None
    return {
        "template": "meetings/dashboard_panel_organiser.html",
        "work": True,
        "activities": activities,
    }


@hooks.register("raadsplein_dashboard_panels")
def secretary_panel(request, viewer):
    """For the secretary and chair: draft minutes to approve and access needs to arrange."""
    from .selectors_dashboard import access_needs_to_arrange, minutes_to_approve

    if not viewer.managed_council_ids:
        return None
    minutes = minutes_to_approve(viewer)
    events = access_needs_to_arrange(viewer)
    if not (minutes or events):
        return None
    return {
        "template": "meetings/dashboard_panel_secretary.html",
        "work": True,
        "minutes": minutes,
        "events": events,
    }
