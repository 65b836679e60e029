"""Who may read the handbook: everyone who is logged in (members, editors, liaisons,
administrators); visitors are sent to the login page."""

from __future__ import annotations

from common.visibility import Viewer


def can_read_handbook(viewer: Viewer) -> bool:
    return viewer.is_authenticated
