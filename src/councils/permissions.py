"""Who may do what with councils. Every view asks one of these; the permission matrix test checks
them through every URL for every role."""

from __future__ import annotations

from common.visibility import Role, Viewer

from .models import Council


def can_view_portal(viewer: Viewer) -> bool:
    return viewer.is_authenticated


def can_view_council_members(viewer: Viewer, council: Council) -> bool:
    """Members of a council see who sits on it; the central council sees every council."""
    return (
        council.pk in viewer.council_ids
        or bool(viewer.central_council_ids)
        or Role.ADMINISTRATOR in viewer.roles
    )


def can_view_member_directory(viewer: Viewer) -> bool:
    """The member directory (ledenoverzicht) is for members of any council or working group, and
    administrators; not for former members, editors or the agency's staff."""
    return (
        viewer.is_council_member
        or bool(viewer.working_group_ids)
        or Role.ADMINISTRATOR in viewer.roles
    )


def can_manage_council(viewer: Viewer, council: Council) -> bool:
    """Secretary and chair run their own council: invitations, contact details of members."""
    return council.pk in viewer.managed_council_ids or Role.ADMINISTRATOR in viewer.roles


def can_view_audit_log(viewer: Viewer) -> bool:
    return Role.ADMINISTRATOR in viewer.roles
