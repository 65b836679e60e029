"""The handbook panel on "Mijn overzicht": chapters that changed since the member read them, or
where to start when they have not opened the handbook yet."""

from __future__ import annotations

from wagtail import hooks

from .permissions import can_read_handbook


@hooks.register("raadsplein_dashboard_panels")
def handbook_panel(request, viewer):
    from .selectors import changed_since_read, has_visited, live_index, start_chapter

    if not can_read_handbook(viewer):
        return None
    index = live_index()
    if index is None:
        return None
    panel = {"template": "handbook/dashboard_panel.html", "index": index}
    panel["changed"] = changed_since_read(request.user)
    if not panel["changed"] and not has_visited(request.user):
        panel["new_reader"] = True
        panel["start"] = start_chapter(index)
    return panel
