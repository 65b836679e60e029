"""Advices, plans and proposals in the search index, for exactly those who may open their
pages (``permissions``), and what the public results page shows, for everyone.

- An advice (``can_view_advice``): in preparation, for the members of its councils; once sent,
  for members of a council or working group and for liaisons.
- A plan and its proposals (``can_view_plan``): for members of a council or working group and
  for liaisons.
- The public results page (``selectors_pulse.public_results``): a public plan with its
  proposals that went to the agency, and a public advice once sent, for everyone, each at its
  place on that page.

Administrators see every entry. Kept in step on every save and delete (a proposal's change also
changes its plan on the results page), and by ``manage.py search_rebuild``."""

from __future__ import annotations

from django.db.models import Prefetch
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.visibility import Role
from sitesearch.index import Document, register, remove, update
from sitesearch.models import Audience

from .models import Advice, Plan, Proposal
from .models import ProposalStatus as S
from .permissions import can_view_plans

ADVICE, PLAN, PROPOSAL = "advice", "plan", "proposal"
PUBLIC_ADVICE, PUBLIC_PLAN = "public_advice", "public_plan"

# Who opens advices that were sent, plans and proposals (``can_view_plans``).
FOR_MEMBERS_AND_LIAISONS = {"audience": Audience.MEMBERS_GROUPS, "roles": {Role.LIAISON}}

# Saves that change nothing the index holds (reminders sent).
NOT_INDEXED = {"reminded_before_at", "reminded_overdue_at", "last_change_at"}


def _text(*parts) -> str:
    return "\n".join(p for p in parts if p)


def _only_council(councils) -> int | None:
    ids = [c.pk for c in councils]
    return ids[0] if len(ids) == 1 else None


def build_advice(advice: Advice) -> Document:
    councils = list(advice.councils.all())
    if advice.status == Advice.Status.DRAFT:
        audience = {"audience": Audience.RESTRICTED, "councils": {c.pk for c in councils}}
    else:
        audience = FOR_MEMBERS_AND_LIAISONS
    return Document(
        title=advice.title,
        body=_text(advice.text, advice.evidence, advice.answer_text, advice.follow_up_note),
        url=advice.get_absolute_url(),
        date=advice.created_at,
        council_id=_only_council(councils),
        **audience,
    )


def build_public_advice(advice: Advice) -> Document | None:
    if not advice.is_public or advice.status == Advice.Status.DRAFT:
        return None
    return Document(
        title=advice.title,
        body=_text(advice.text, advice.answer_text),
        url=f"{reverse('proposals:public_results')}#advies-{advice.pk}",
        date=advice.created_at,
        council_id=_only_council(advice.councils.all()),
        audience=Audience.PUBLIC,
    )


def build_plan(plan: Plan) -> Document:
    return Document(
        title=plan.title,
        body=plan.summary,
        url=plan.get_absolute_url(),
        date=plan.created_at,
        council_id=plan.council_id,
        **FOR_MEMBERS_AND_LIAISONS,
    )


def build_public_plan(plan: Plan) -> Document | None:
    if not plan.is_public:
        return None
    # The proposals the page lists: those that went to the agency (concepts stay private).
    proposals = [p for p in plan.proposals.all() if p.status != S.CONCEPT]
    return Document(
        title=plan.title,
        body=_text(plan.summary, *(f"{p.number}. {p.title}" for p in proposals)),
        url=f"{reverse('proposals:public_results')}#plan-{plan.pk}",
        date=plan.created_at,
        council_id=plan.council_id,
        audience=Audience.PUBLIC,
    )


def build_proposal(proposal: Proposal) -> Document:
    return Document(
        title=f"{proposal.number}. {proposal.title}",
        body=_text(proposal.text, proposal.decision_reasoning),
        url=proposal.get_absolute_url(),
        date=proposal.submitted_at or proposal.plan.created_at,
        council_id=proposal.plan.council_id,
        onderwerp=proposal.theme,
        **FOR_MEMBERS_AND_LIAISONS,
    )


def advices_for_index():
    return Advice.objects.prefetch_related("councils")


def plans_for_index():
    return Plan.objects.prefetch_related(
        Prefetch("proposals", queryset=Proposal.objects.order_by("number"))
    )


register(
    ADVICE,
    label=_("Adviezen"),
    item_label=_("Advies"),
    queryset=advices_for_index,
    build=build_advice,
)
register(
    PUBLIC_ADVICE,
    label=_("Openbare adviezen"),
    item_label=_("Openbaar advies"),
    queryset=advices_for_index,
    build=build_public_advice,
    hidden_for=can_view_plans,  # they find the advice and plan themselves
)
register(
    PLAN,
    label=_("Plannen van aanpak"),
    item_label=_("Plan van aanpak"),
    queryset=lambda: Plan.objects.all(),
    build=build_plan,
)
register(
    PUBLIC_PLAN,
    label=_("Openbare plannen"),
    item_label=_("Openbaar plan"),
    queryset=plans_for_index,
    build=build_public_plan,
    hidden_for=can_view_plans,  # they find the advice and plan themselves
)
register(
    PROPOSAL,
    label=_("Voorstellen"),
    item_label=_("Voorstel"),
    queryset=lambda: Proposal.objects.select_related("plan"),
    build=build_proposal,
)


def _changes_index(update_fields) -> bool:
    return not update_fields or not set(update_fields) <= NOT_INDEXED


def reindex_advice(advice: Advice) -> None:
    advice = advices_for_index().get(pk=advice.pk)
    update(ADVICE, advice)
    update(PUBLIC_ADVICE, advice)


def reindex_plan(plan: Plan) -> None:
    plan = plans_for_index().get(pk=plan.pk)
    update(PLAN, plan)
    update(PUBLIC_PLAN, plan)


@receiver(post_save, sender=Advice, dispatch_uid="sitesearch_advice_saved")
def _advice_saved(sender, instance, update_fields=None, **kwargs):
    if _changes_index(update_fields):
        reindex_advice(instance)


@receiver(m2m_changed, sender=Advice.councils.through, dispatch_uid="sitesearch_advice_councils")
def _advice_councils(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Advice):
        reindex_advice(instance)


@receiver(post_delete, sender=Advice, dispatch_uid="sitesearch_advice_deleted")
def _advice_deleted(sender, instance, **kwargs):
    remove(ADVICE, instance.pk)
    remove(PUBLIC_ADVICE, instance.pk)


@receiver(post_save, sender=Plan, dispatch_uid="sitesearch_plan_saved")
def _plan_saved(sender, instance, **kwargs):
    reindex_plan(instance)
    for proposal in instance.proposals.select_related("plan"):
        update(PROPOSAL, proposal)


@receiver(post_delete, sender=Plan, dispatch_uid="sitesearch_plan_deleted")
def _plan_deleted(sender, instance, **kwargs):
    remove(PLAN, instance.pk)
    remove(PUBLIC_PLAN, instance.pk)


@receiver(post_save, sender=Proposal, dispatch_uid="sitesearch_proposal_saved")
def _proposal_saved(sender, instance, update_fields=None, **kwargs):
    if not _changes_index(update_fields):
        return
    update(PROPOSAL, instance)
    reindex_plan(instance.plan)  # the results page lists it under its plan


@receiver(post_delete, sender=Proposal, dispatch_uid="sitesearch_proposal_deleted")
def _proposal_deleted(sender, instance, **kwargs):
    remove(PROPOSAL, instance.pk)
    if Plan.objects.filter(pk=instance.plan_id).exists():  # not when the plan goes with it
        reindex_plan(instance.plan)
