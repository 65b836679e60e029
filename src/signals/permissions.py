"""Who may do what with signals (DESIGN.md: contact details only for the secretary and chair of
the council the signal is routed to; liaisons see counts only)."""

from __future__ import annotations

from common.visibility import Role, Viewer

from .models import Signal


def can_view_signals(viewer: Viewer) -> bool:
    return viewer.is_council_member or Role.ADMINISTRATOR in viewer.roles


def can_view_signal(viewer: Viewer, signal: Signal) -> bool:
    return (
        signal.council_id in viewer.council_ids
        or bool(viewer.central_council_ids)
        or Role.ADMINISTRATOR in viewer.roles
    )


def can_set_signal_theme(viewer: Viewer, signal: Signal) -> bool:
    """Any member who may see the signal may set or correct its themes."""
    return viewer.is_council_member and can_view_signal(viewer, signal)


def can_triage_signal(viewer: Viewer, signal: Signal) -> bool:
    """Status, routing and grouping: the secretary and chair of the council it is routed to."""
    return signal.council_id in viewer.managed_council_ids


def can_view_signal_private(viewer: Viewer, signal: Signal) -> bool:
    return signal.council_id in viewer.managed_council_ids


def can_view_signal_trends(viewer: Viewer) -> bool:
    return (
        viewer.is_council_member
        or Role.LIAISON in viewer.roles
        or Role.ADMINISTRATOR in viewer.roles
    )
