"""The proposal's path, as a table: which move is allowed, by which side, and what it needs.

Members of the owning group draft and send (council side); liaisons record the agency's review,
priority, decision and progress (agency side)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import ProposalStatus as S

COUNCIL, AGENCY = "council", "agency"

# from → {to: side that may make the move}
TRANSITIONS: dict[str, dict[str, str]] = {
    S.CONCEPT: {S.SUBMITTED: COUNCIL},
    S.SUBMITTED: {S.IN_REVIEW: AGENCY, S.CONCEPT: COUNCIL},
    S.IN_REVIEW: {S.PRIORITISED: AGENCY, S.DECIDED: AGENCY, S.REJECTED: AGENCY},
    S.PRIORITISED: {S.DECIDED: AGENCY, S.REJECTED: AGENCY},
    S.DECIDED: {S.IN_PROGRESS: AGENCY, S.REALISED: AGENCY, S.REJECTED: AGENCY},
    S.IN_PROGRESS: {S.REALISED: AGENCY},
    S.REALISED: {},
    S.REJECTED: {},
}
WAITING_FOR_AGENCY = (S.SUBMITTED, S.IN_REVIEW, S.PRIORITISED)


class TransitionRefused(Exception):
    """A user-facing reason why a move is not allowed."""


def allowed_moves(current: str, sides: set[str]) -> list[str]:
    return [to for to, side in TRANSITIONS.get(current, {}).items() if side in sides]


def check_move(
    current: str,
    target: str,
    sides: set[str],
    *,
    priority: str = "",
    decision: str = "",
    reasoning: str = "",
    progress: int | None = None,
    current_decision: str = "",
) -> None:
    moves = TRANSITIONS.get(current, {})
    if target not in moves:
        raise TransitionRefused(
            _("Van “%(from)s” naar “%(to)s” kan niet.")
            % {"from": S(current).label, "to": S(target).label if target in S.values else target}
        )
    if moves[target] not in sides:
        raise TransitionRefused(
            _("Deze stap zet UWV (de contactpersoon).")
            if moves[target] == AGENCY
            else _("Deze stap zet de raad of werkgroep zelf.")
        )
    if target == S.PRIORITISED and not priority:
        raise TransitionRefused(_("Kies een prioriteit: hoog, middel of laag."))
    if target == S.DECIDED and not decision:
        raise TransitionRefused(_("Kies het besluit van UWV."))
    needs_reasoning = target == S.DECIDED or (target == S.REJECTED and current != S.DECIDED)
    if needs_reasoning and not reasoning.strip():
        raise TransitionRefused(_("Een besluit heeft een uitleg van UWV nodig."))
    if target in (S.IN_PROGRESS, S.REALISED) and current_decision == "rejected":
        raise TransitionRefused(_("UWV wees dit voorstel af; uitvoeren kan dan niet."))
    if target == S.REJECTED and current == S.DECIDED and current_decision != "rejected":
        raise TransitionRefused(
            _(
                "UWV nam dit voorstel (deels) aan; het kan niet afgewezen "
                "worden zonder nieuw besluit."
            )
        )
    if progress is not None and not 0 <= progress <= 100:
        raise TransitionRefused(_("Voortgang is een getal van 0 tot en met 100."))
