"""From results to work: proposals in a plan of approach made from a questionnaire's results
(the question and its figures quoted), through the proposals app's own service."""

from __future__ import annotations

from django.db import transaction

from common.audit import audit_log
from proposals.services import proposal_add

from .exports import proposal_drafts


def survey_to_plan(*, actor, survey, plan, question_ids: list[int]) -> list:
    """One concept proposal per chosen question, in the order of the questionnaire, all or
    none; an audit entry on the questionnaire names the plan and the proposals."""
    with transaction.atomic():
        proposals = [
            proposal_add(actor=actor, plan=plan, title=draft.title, text=draft.text)
            for draft in proposal_drafts(survey, question_ids)
        ]
        audit_log(
            actor=actor,
            action="survey.to_plan",
            obj=survey,
            details={"plan": plan.pk, "proposals": [p.pk for p in proposals]},
        )
    return proposals
