"""Who may connect channels and write social posts: editors (Redacteuren) and administrators."""

from __future__ import annotations

from common.visibility import Role, Viewer


def can_edit_social(viewer: Viewer) -> bool:
    return bool(viewer.roles & {Role.EDITOR, Role.ADMINISTRATOR})
