"""The handbook panel on "Mijn overzicht": chapters that changed since the member read them, or
where to start when they have not opened the handbook yet."""

from __future__ import annotations

from wagtail import hooks

from common import pagecache

from .permissions import can_read_handbook


@hooks.register("raadsplein_dashboard_panels")
def handbook_panel(request, viewer):
    from .selectors import changed_since_read, has_visited, live_index, start_chapter

    if not can_read_handbook(viewer):
        return None

    # The live handbook and its start guide are the same for everyone: kept in the cache under
    # the version of the public page cache's "pages" tag, which publishing a page renews
    # (common.pagecache_hooks), so most requests ask only what is the reader's own (issue 18).
    def build():
        index = live_index()
        return (index, start_chapter(index) if index is not None else None)

    pages = pagecache.cached("handbook_panel", ["pages"], build, 60 * 60)
    index, start = pages
    if index is None:
        return None
    panel = {"template": "handbook/dashboard_panel.html", "index": index}
    panel["changed"] = changed_since_read(request.user)
    if not panel["changed"] and not has_visited(request.user):
        panel["new_reader"] = True
        panel["start"] = start
    return panel
