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
    return {"template": "meetings/dashboard_panel_meetings.html", **data}


@hooks.register("raadsplein_dashboard_panels")
def activities_panel(request, viewer):
    """The person's next activities they signed up for, with a way to the agenda."""
    from .permissions import can_view_calendar
    from .selectors_activities import upcoming_registrations

    if not can_view_calendar(viewer):
        return None
    return {
        "template": "meetings/activity_dashboard_panel.html",
        "registrations": upcoming_registrations(viewer, request.user, limit=5),
    }
