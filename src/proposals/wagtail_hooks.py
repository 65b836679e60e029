"""The "Vinger aan de pols" panel on "Mijn overzicht": liaisons see their queue, members the
proposals they own that changed recently."""

from __future__ import annotations

from wagtail import hooks

from .permissions import can_view_plans, can_view_queue


@hooks.register("raadsplein_dashboard_panels")
def pulse_panel(request, viewer):
    from .selectors_pulse import dashboard_queue_counts, owned_recent_changes

    if not can_view_plans(viewer):
        return None
    panel = {"template": "proposals/dashboard_panel.html"}
    if can_view_queue(viewer):
        panel["queue"] = dashboard_queue_counts()
        panel["work"] = bool(panel["queue"]["waiting"])  # the liaison's queue goes first
    panel["changed"] = owned_recent_changes(request.user)
    return panel
