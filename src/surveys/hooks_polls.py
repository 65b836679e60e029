"""Dashboard panels of the polls part of the surveys app."""

from __future__ import annotations

from wagtail import hooks


@hooks.register("raadsplein_dashboard_panels")
def polls_panel(request, viewer):
    """Date polls that wait for the person's answer; no card when there are none."""
    from .selectors_polls import polls_awaiting

    if not viewer.is_authenticated:
        return None
    polls = polls_awaiting(viewer)
    if not polls:
        return None
    return {"template": "surveys/poll_dashboard_panel.html", "work": True, "polls": polls}
