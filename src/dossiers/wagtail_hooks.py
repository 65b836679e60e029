"""The dossiers panel on "Mijn overzicht": followed dossiers that changed lately and the
dossiers of other councils that changed last (one query)."""

from __future__ import annotations

from wagtail import hooks

from .permissions import can_view_dossiers


@hooks.register("raadsplein_dashboard_panels")
def dossiers_panel(request, viewer):
    from .selectors import dashboard_dossiers

    if not can_view_dossiers(viewer):
        return None
    changed, elsewhere = dashboard_dossiers(viewer)
    return {"template": "dossiers/dashboard_panel.html", "changed": changed, "elsewhere": elsewhere}
