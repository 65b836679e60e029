"""Who may do what with plans, proposals and advices: the owning group writes and sends
(council side), liaisons record the agency's side and never edit a council's text."""

from __future__ import annotations

from django.db.models import Q

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
    """The list of advices; it shows only the advices ``can_view_advice`` allows."""
    return can_view_plans(viewer)


def _is_advice_council(viewer: Viewer, advice: Advice) -> bool:
    return bool({c.pk for c in advice.councils.all()} & viewer.council_ids)


def can_view_advice(viewer: Viewer, advice: Advice) -> bool:
    """An advice, its attachments and history. A draft belongs to its councils until it is
    sent: only their members (and administrators) see it; once sent, whoever sees advices."""
    if not can_view_advices(viewer):
        return False
    if advice.status == Advice.Status.DRAFT:
        return _is_advice_council(viewer, advice) or Role.ADMINISTRATOR in viewer.roles
    return True


def visible_advices_q(viewer: Viewer, *, prefix: str = "") -> Q:
    """The query filter that matches ``can_view_advice``."""
    if not can_view_advices(viewer):
        return Q(pk__in=[])
    if Role.ADMINISTRATOR in viewer.roles:
        return Q()
    sent = ~Q(**{f"{prefix}status": Advice.Status.DRAFT})
    own = Q(
        **{
            f"{prefix}pk__in": Advice.councils.through.objects.filter(
                council_id__in=viewer.council_ids
            ).values("advice_id")
        }
    )
    return sent | own


def can_edit_advice(viewer: Viewer, advice: Advice) -> bool:
    return _is_advice_council(viewer, advice) or Role.ADMINISTRATOR in viewer.roles


def can_answer_advice(viewer: Viewer) -> bool:
    return Role.LIAISON in viewer.roles


def can_view_queue(viewer: Viewer) -> bool:
    return bool(viewer.roles & {Role.LIAISON, Role.ADMINISTRATOR})
