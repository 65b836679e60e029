from __future__ import annotations

from common.visibility import Role, Viewer


def can_export_news(viewer: Viewer) -> bool:
    """Exports for the staff magazine and intranet: editors and administrators."""
    return viewer.has_role(Role.EDITOR) or viewer.has_role(Role.ADMINISTRATOR)
