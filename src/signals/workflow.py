"""Which status change is allowed, and which needs a reason (after Signalen's workflow.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import SignalStatus as S

# from → {to: reason required}
TRANSITIONS: dict[str, dict[str, bool]] = {
    S.NEW: {S.IN_PROGRESS: False, S.LINKED: False, S.ANSWERED: True, S.CLOSED: True},
    S.IN_PROGRESS: {S.LINKED: False, S.ANSWERED: True, S.CLOSED: True},
    S.LINKED: {S.IN_PROGRESS: True, S.ANSWERED: True, S.CLOSED: False},
    S.ANSWERED: {S.CLOSED: False, S.IN_PROGRESS: True},
    S.CLOSED: {S.IN_PROGRESS: True},  # heropend
}

# How the move reads to a member (the button) — reopening a closed signal is "Heropenen".
ACTION_LABELS = {
    (S.CLOSED, S.IN_PROGRESS): _("Heropenen"),
    (S.ANSWERED, S.IN_PROGRESS): _("Heropenen"),
    (S.LINKED, S.IN_PROGRESS): _("Terug naar in behandeling"),
}

# The statuses whose reason the client reads (status mail and status page), if they asked for
# an answer: the council's note that it works on the signal (also when reopened) and its answer.
# Other reasons (closing, linking) stay with the council.
CLIENT_READS_REASON = frozenset({S.IN_PROGRESS, S.ANSWERED})


class TransitionRefused(Exception):
    """A user-facing reason why a status change is not allowed."""


def allowed_targets(current: str) -> dict[str, bool]:
    return TRANSITIONS.get(current, {})


def check_transition(current: str, target: str, reason: str, linked_to: str = "") -> None:
    targets = allowed_targets(current)
    if target not in targets:
        raise TransitionRefused(
            _("Van “%(from)s” naar “%(to)s” kan niet.")
            % {"from": S(current).label, "to": S(target).label if target in S.values else target}
        )
    if targets[target] and not reason.strip():
        raise TransitionRefused(
            _("Schrijf een toelichting bij “%(to)s”.") % {"to": S(target).label}
        )
    if target == S.LINKED and not linked_to.strip():
        raise TransitionRefused(_("Zeg aan welk dossier u het signaal koppelt."))
