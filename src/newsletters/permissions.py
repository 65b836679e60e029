"""Who may compose and send news flashes: editors (Redacteuren) and administrators."""

from __future__ import annotations

from common.visibility import Role, Viewer


def can_edit_flashes(viewer: Viewer) -> bool:
    return bool(viewer.roles & {Role.EDITOR, Role.ADMINISTRATOR})
