"""Who may do what with plans, proposals and advices: the owning group writes and sends
(council side), liaisons record the agency's side and never edit a council's text."""

from __future__ import annotations

from common.visibility import Role, Viewer

from .models import Advice, Plan
from .workflow import AGENCY, COUNCIL


def is_owner(viewer: Viewer, plan: Plan) -> bool:
    if plan.working_group_id:
        return plan.working_group_id in viewer.working_group_ids
    return plan.council_id in viewer.council_ids


def can_view_plans(viewer: Viewer) -> bool:
    return (
        viewer.is_council_member
        or bool(viewer.working_group_ids)
        or bool(viewer.roles & {Role.LIAISON, Role.ADMINISTRATOR})
    )


def can_view_plan(viewer: Viewer, plan: Plan) -> bool:
    return can_view_plans(viewer)


def can_edit_plan(viewer: Viewer, plan: Plan) -> bool:
    """Write proposals' texts and send them: members of the owning group or council."""
    return is_owner(viewer, plan) or Role.ADMINISTRATOR in viewer.roles


def can_create_plan(viewer: Viewer) -> bool:
    return viewer.is_council_member or bool(viewer.working_group_ids)


def sides(viewer: Viewer, plan: Plan) -> set[str]:
    result = set()
    if can_edit_plan(viewer, plan):
        result.add(COUNCIL)
    if Role.LIAISON in viewer.roles:
        result.add(AGENCY)
    return result


def can_view_advices(viewer: Viewer) -> bool:
    return can_view_plans(viewer)


def can_edit_advice(viewer: Viewer, advice: Advice) -> bool:
    ids = {c.pk for c in advice.councils.all()}
    return bool(ids & viewer.council_ids) or Role.ADMINISTRATOR in viewer.roles


def can_answer_advice(viewer: Viewer) -> bool:
    return Role.LIAISON in viewer.roles


def can_view_queue(viewer: Viewer) -> bool:
    return bool(viewer.roles & {Role.LIAISON, Role.ADMINISTRATOR})
