"""The dossiers panel on "Mijn overzicht": followed dossiers that changed lately and the latest
from dossiers of other councils (two queries)."""

from __future__ import annotations

from wagtail import hooks

from .permissions import can_view_dossiers

ELSEWHERE_ON_DASHBOARD = 3


@hooks.register("raadsplein_dashboard_panels")
def dossiers_panel(request, viewer):
    from .selectors import elsewhere_updates, followed_changed

    if not can_view_dossiers(viewer):
        return None
    return {
        "template": "dossiers/dashboard_panel.html",
        "changed": followed_changed(viewer),
        "elsewhere": list(elsewhere_updates(viewer)[:ELSEWHERE_ON_DASHBOARD]),
    }
