"""Reads for the plan and proposal pages: which plans a viewer sees, how many proposals stand
where, the overall progress, and which proposals wait longest for the agency. Every list here
takes a fixed number of queries, however many proposals a plan has."""

from __future__ import annotations

from django.db.models import Avg, Case, Count, F, IntegerField, Prefetch, Q, QuerySet, When
from django.utils import timezone
from django.utils.safestring import SafeString

from common.charts import Row, bar_chart
from common.pk_urls import reverse_with_pk
from common.visibility import Role, Viewer
from councils.models import Council, WorkingGroup

from .models import Plan, Priority, Proposal, ProposalEvent
from .models import ProposalStatus as S
from .permissions import can_create_plan, can_view_plans, sides
from .workflow import WAITING_FOR_AGENCY


def _progress_avg(prefix: str = "") -> Avg:
    """The database version of ``overall_progress``."""
    return Avg(
        Case(
            When(**{f"{prefix}status": S.REALISED}, then=100),
            default=F(f"{prefix}progress"),
            output_field=IntegerField(),
        ),
        filter=~Q(**{f"{prefix}status": S.REJECTED}),
    )


def overall_progress(proposals) -> int | None:
    """Overall progress of a plan: the average progress of its proposals, where a realised
    proposal counts as 100 and a rejected proposal is left out. ``None`` when no proposal
    counts (no proposals, or all rejected)."""
    values = [
        100 if p.status == S.REALISED else p.progress for p in proposals if p.status != S.REJECTED
    ]
    return round(sum(values) / len(values)) if values else None


def plans_visible(viewer: Viewer) -> QuerySet[Plan]:
    if not can_view_plans(viewer):
        return Plan.objects.none()
    return Plan.objects.select_related("working_group", "council")


def plan_list(viewer: Viewer) -> list[Plan]:
    """The plans a viewer sees, each with ``counts`` (status code, label, number),
    ``total`` and ``progress`` (see ``overall_progress``), in one query."""
    annotations = {
        f"n_{value}": Count("proposals", filter=Q(proposals__status=value)) for value in S.values
    }
    plans = list(
        plans_visible(viewer)
        .annotate(
            total=Count("proposals"),
            progress_avg=_progress_avg("proposals__"),
            **annotations,
        )
        .order_by("-created_at", "-pk")
    )
    for plan in plans:
        plan.counts = [(value, label, getattr(plan, f"n_{value}")) for value, label in S.choices]
        plan.progress = round(plan.progress_avg) if plan.progress_avg is not None else None
    return plans


def plan_detail(viewer: Viewer, pk: int) -> Plan | None:
    return plans_visible(viewer).filter(pk=pk).first()


def plan_proposals(plan: Plan) -> list[Proposal]:
    """The plan's proposals in order, each with what its row shows worked out once for the whole
    list (``status_label``, ``priority_label``, ``url``): a plan has hundreds of rows, and a
    ``get_status_display`` or ``reverse()`` per row was most of the page's time."""
    proposals = list(plan.proposals.select_related("owner").order_by("number"))
    statuses = {value: str(label) for value, label in S.choices}
    priorities = {value: str(label) for value, label in Priority.choices}
    url = reverse_with_pk("proposals:proposal")
    for proposal in proposals:
        proposal.status_label = statuses.get(proposal.status, proposal.status)
        proposal.priority_label = priorities.get(proposal.priority, proposal.priority)
        proposal.url = url(proposal.pk)
    return proposals


def plan_overview(plan: Plan, proposals: list[Proposal], *, now=None) -> dict:
    """What the plan page shows at a glance, computed from the proposals already loaded."""
    now = now or timezone.now()
    by_status = dict.fromkeys(S.values, 0)
    for proposal in proposals:
        by_status[proposal.status] += 1
    counts = [(value, label, by_status[value]) for value, label in S.choices]
    waiting = sorted(
        (p for p in proposals if p.status in WAITING_FOR_AGENCY), key=lambda p: p.last_change_at
    )
    for proposal in waiting:
        proposal.weeks_waiting = max((now - proposal.last_change_at).days // 7, 0)
    return {
        "counts": counts,
        "total": len(proposals),
        "progress": overall_progress(proposals),
        "waiting": waiting,
        "chart": status_chart(counts),
    }


def status_chart(counts) -> SafeString:
    """A horizontal bar chart (one bar per status) drawn on the server as SVG, named by the
    figure's caption; the numbers are in the table under it."""
    rows = [Row(label=str(label), values=(n,), texts=(str(n),)) for _value, label, n in counts]
    return bar_chart(rows, labelled_by="chart-title")


def proposal_detail(viewer: Viewer, pk: int) -> Proposal | None:
    if not can_view_plans(viewer):
        return None
    return (
        Proposal.objects.select_related("plan", "plan__working_group", "plan__council", "owner")
        .prefetch_related(
            Prefetch("events", queryset=ProposalEvent.objects.select_related("by").order_by("at"))
        )
        .filter(pk=pk)
        .first()
    )


def owner_choices(viewer: Viewer) -> list[tuple[str, str]]:
    """The owners a viewer may create a plan for: their working groups and councils, as
    ("wg-<pk>" | "council-<pk>", name)."""
    groups = WorkingGroup.objects.filter(pk__in=viewer.working_group_ids).order_by("name")
    councils = Council.objects.filter(pk__in=viewer.council_ids).order_by("name")
    return [(f"wg-{g.pk}", g.name) for g in groups] + [
        (f"council-{c.pk}", c.name) for c in councils
    ]


def can_import_proposals(viewer: Viewer) -> bool:
    """Liaisons, and the people who own plans (council and working-group members); the rows
    they may change are then decided per plan by ``permissions.sides``."""
    return bool(viewer.roles & {Role.LIAISON, Role.ADMINISTRATOR}) or can_create_plan(viewer)


def plans_with_side(viewer: Viewer) -> list[Plan]:
    """Plans where the viewer has a side (council or agency): the ones a CSV may change."""
    return [plan for plan in plans_visible(viewer) if sides(viewer, plan)]
