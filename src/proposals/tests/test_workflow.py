"""The transition table (workflow.TRANSITIONS) for every role: each move of every status to
every other is allowed or refused, with the reason a person reads."""

from __future__ import annotations

import pytest

from councils.selectors import viewer_for
from councils.tests.factories import WorkingGroupFactory, WorkingGroupMembershipFactory
from proposals.models import Proposal, ProposalEvent
from proposals.models import ProposalStatus as S
from proposals.permissions import sides
from proposals.services import ProposalError, proposal_move
from proposals.tests.factories import PlanFactory, ProposalFactory
from proposals.workflow import AGENCY, COUNCIL, TRANSITIONS, allowed_moves

pytestmark = pytest.mark.django_db

# The sides each role of the permission matrix has on a plan of the council "noord".
SIDES_ON_NOORD_PLAN = {
    "member": {COUNCIL},
    "secretary": {COUNCIL},
    "member_other": set(),
    "central_member": set(),
    "editor": set(),
    "liaison": {AGENCY},
    "administrator": {COUNCIL},
}

WRONG_SIDE = {
    AGENCY: "Deze stap zet UWV (de contactpersoon).",
    COUNCIL: "Deze stap zet de raad of werkgroep zelf.",
}


def _proposal(plan, status: str, target: str) -> Proposal:
    # A decision that lets the move pass its own rules, so only the table and the side count.
    decision = ""
    if status in (S.DECIDED, S.IN_PROGRESS, S.REALISED):
        decision = "rejected" if target == S.REJECTED else "accepted"
    return ProposalFactory(plan=plan, status=status, decision=decision)


def _expected(current: str, target: str, role_sides: set[str]) -> str | None:
    """None when the move is allowed, else the message that refuses it."""
    moves = TRANSITIONS[current]
    if target not in moves:
        return f"Van “{S(current).label}” naar “{S(target).label}” kan niet."
    if moves[target] not in role_sides:
        return WRONG_SIDE[moves[target]]
    return None


@pytest.mark.parametrize("role", list(SIDES_ON_NOORD_PLAN))
def test_every_move_for_every_role(roles, role):
    plan = PlanFactory(council=roles.council)
    user = roles[role]
    role_sides = sides(viewer_for(user), plan)
    assert role_sides == SIDES_ON_NOORD_PLAN[role]
    wrong = []
    for current in S.values:
        assert set(allowed_moves(current, role_sides)) == {
            to for to, side in TRANSITIONS[current].items() if side in role_sides
        }
        for target in S.values:
            proposal = _proposal(plan, current, target)
            expected = _expected(current, target, role_sides)
            try:
                proposal_move(
                    actor=user,
                    proposal=proposal,
                    sides=role_sides,
                    to_status=target,
                    text="UWV legt het besluit uit.",
                    priority="high",
                    decision="accepted" if current != S.DECIDED else proposal.decision,
                    notify=False,
                )
            except ProposalError as error:
                got = str(error)
            else:
                got = None
            proposal.refresh_from_db()
            if got != expected:
                wrong.append(f"{current} → {target}: expected {expected!r}, got {got!r}")
            # Refused: nothing written.
            if expected is not None and (proposal.status != current or proposal.events.exists()):
                wrong.append(f"{current} → {target}: refused but written")
            if expected is None and proposal.status != target:
                wrong.append(f"{current} → {target}: allowed but not moved")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_working_group_plan_belongs_to_its_members_only(roles):
    group = WorkingGroupFactory()
    in_group = WorkingGroupMembershipFactory(working_group=group, council=roles.council).user
    plan = PlanFactory(council=None, working_group=group)
    assert sides(viewer_for(in_group), plan) == {COUNCIL}
    # A member of a council that is not in the working group has no side on its plan.
    assert sides(viewer_for(roles["member"]), plan) == set()
    assert sides(viewer_for(roles["liaison"]), plan) == {AGENCY}
    proposal = ProposalFactory(plan=plan)
    with pytest.raises(ProposalError, match="zet de raad of werkgroep zelf"):
        proposal_move(actor=roles["member"], proposal=proposal, sides=set(), to_status=S.SUBMITTED)
    proposal_move(actor=in_group, proposal=proposal, sides={COUNCIL}, to_status=S.SUBMITTED)
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED
    assert proposal.answer_due is not None


@pytest.mark.parametrize(
    ("current", "target", "kwargs", "message"),
    [
        (S.IN_REVIEW, S.PRIORITISED, {}, "Kies een prioriteit"),
        (S.IN_REVIEW, S.DECIDED, {"text": "Uitleg"}, "Kies het besluit van UWV."),
        (
            S.IN_REVIEW,
            S.DECIDED,
            {"decision": "accepted"},
            "Een besluit heeft een uitleg van UWV nodig.",
        ),
        (S.IN_REVIEW, S.REJECTED, {"text": "  "}, "Een besluit heeft een uitleg van UWV nodig."),
        (S.DECIDED, S.IN_PROGRESS, {"progress": 101}, "0 tot en met 100"),
        (S.DECIDED, S.IN_PROGRESS, {"progress": -1}, "0 tot en met 100"),
        (S.IN_REVIEW, S.PRIORITISED, {"priority": "urgent"}, "Kies een prioriteit"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(roles, current, target, kwargs, message):
    plan = PlanFactory(council=roles.council)
    proposal = ProposalFactory(
        plan=plan, status=current, decision="accepted" if current == S.DECIDED else ""
    )
    with pytest.raises(ProposalError, match=message):
        proposal_move(
            actor=roles["liaison"], proposal=proposal, sides={AGENCY}, to_status=target, **kwargs
        )
    proposal.refresh_from_db()
    assert proposal.status == current
    assert not ProposalEvent.objects.filter(proposal=proposal).exists()


def test_a_rejected_decision_cannot_be_carried_out(roles):
    proposal = ProposalFactory(
        plan=PlanFactory(council=roles.council), status=S.DECIDED, decision="rejected"
    )
    with pytest.raises(ProposalError, match="uitvoeren kan dan niet"):
        proposal_move(
            actor=roles["liaison"], proposal=proposal, sides={AGENCY}, to_status=S.IN_PROGRESS
        )


def test_realised_sets_progress_to_100_and_records_history(roles):
    proposal = ProposalFactory(
        plan=PlanFactory(council=roles.council),
        status=S.IN_PROGRESS,
        decision="accepted",
        progress=40,
    )
    proposal_move(
        actor=roles["liaison"],
        proposal=proposal,
        sides={AGENCY},
        to_status=S.REALISED,
        notify=False,
    )
    proposal.refresh_from_db()
    assert proposal.progress == 100
    event = proposal.events.get()
    assert (event.from_status, event.to_status, event.progress) == (S.IN_PROGRESS, S.REALISED, 100)
