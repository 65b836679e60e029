"""The news flash panel on "Mijn overzicht": editors and administrators get a way to the news
flash editor screens."""

from __future__ import annotations

from wagtail import hooks

from .permissions import can_edit_flashes


@hooks.register("raadsplein_dashboard_panels")
def flash_panel(request, viewer):
    if not can_edit_flashes(viewer):
        return None
    return {"template": "newsletters/dashboard_panel.html"}
