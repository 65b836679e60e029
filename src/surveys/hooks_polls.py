"""Dashboard panels of the polls part of the surveys app."""

from __future__ import annotations

from wagtail import hooks


@hooks.register("raadsplein_dashboard_panels")
def polls_panel(request, viewer):
    """Date polls that wait for the person's answer; no card when there are none."""
    from common.visibility import Role

    from .selectors_polls import polls_awaiting

    # Polls invite council members (and the organiser who made one): no query for others.
    if not (viewer.council_ids or Role.ADMINISTRATOR in viewer.roles):
        return None
    polls = polls_awaiting(viewer)
    if not polls:
        return None
    return {"template": "surveys/poll_dashboard_panel.html", "work": True, "polls": polls}
