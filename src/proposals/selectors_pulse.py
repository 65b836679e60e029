"""Reads for the advices, the liaison's queue, the "Vinger aan de pols" overview and the public
results page. Each list is a fixed number of queries, however many rows it shows."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from common.charts import BAR, Row, bar_chart
from common.pk_urls import reverse_with_pk
from common.visibility import Viewer
from councils.models import Council

from .models import Advice, AdviceAttachment, AdviceEvent, Plan, Proposal, ProposalEvent
from .models import ProposalStatus as S
from .permissions import visible_advices_q
from .workflow import WAITING_FOR_AGENCY

NATIONAL = "landelijk"
PROPOSAL_FINAL = (S.REALISED, S.REJECTED)
DECIDED_OR_LATER = (S.DECIDED, S.IN_PROGRESS, S.REALISED, S.REJECTED)
RECENT_DAYS = 14


# --- advices ------------------------------------------------------------------------------------


def advice_list(viewer: Viewer, *, status: str = "") -> QuerySet[Advice]:
    """The advices the viewer may open (``can_view_advice``: drafts only for their councils)."""
    qs = (
        Advice.objects.filter(visible_advices_q(viewer))
        .prefetch_related("councils")
        .order_by("-created_at")
    )
    if status in Advice.Status.values:
        qs = qs.filter(status=status)
    return qs


def advice_detail(pk: int) -> Advice | None:
    """One advice with what its page shows; the view checks ``can_view_advice``."""
    return (
        Advice.objects.prefetch_related(
            "councils",
            Prefetch("attachments", queryset=AdviceAttachment.objects.order_by("uploaded_at")),
            Prefetch("events", queryset=AdviceEvent.objects.select_related("by")),
        )
        .filter(pk=pk)
        .first()
    )


def advice_event_label(event: AdviceEvent) -> str:
    labels = {
        "create": _("Advies gemaakt"),
        "sent": _("Verstuurd naar UWV"),
        "answered": _("Antwoord van UWV opgeslagen"),
        "attachment": _("Bijlage toegevoegd"),
    }
    if event.action.startswith("follow_up:"):
        value = event.action.split(":", 1)[1]
        choice = dict(Advice.FollowUp.choices).get(value, value)
        return _("Reactie van de raad: %(choice)s") % {"choice": choice}
    return labels.get(event.action, event.action)


def councils_for_author(viewer) -> QuerySet[Council]:
    """The councils an author may give an advice for: their own; administrators any."""
    from common.visibility import Role

    qs = Council.objects.filter(is_active=True).order_by("kind", "name")
    if Role.ADMINISTRATOR in viewer.roles:
        return qs
    return qs.filter(pk__in=viewer.council_ids)


def signal_figures_snapshot(
    *, onderwerp: str = "", regeling: str = "", months: int = 12, today=None
) -> dict:
    """Today's signal counts per month, kept with the advice: the figures it was based on."""
    from common.taxonomy import label_name
    from signals.selectors import trend_counts

    trends = trend_counts(months=months, onderwerp=onderwerp, regeling=regeling, today=today)
    return {
        "taken_on": (today or timezone.localdate()).isoformat(),
        "months": months,
        "onderwerp": onderwerp,
        "onderwerp_name": label_name("onderwerp", onderwerp) if onderwerp else "",
        "regeling": regeling,
        "regeling_name": label_name("regeling", regeling) if regeling else "",
        "rows": [{"month": r["month"].isoformat(), "n": r["total"]} for r in trends["table"]],
        "total": trends["total"],
    }


def signal_figures_rows(figures: dict) -> list[dict]:
    """The stored snapshot, with dates back as dates for the template."""
    return [
        {"month": datetime.date.fromisoformat(r["month"]), "n": r["n"]}
        for r in figures.get("rows", [])
    ]


# --- queue and overview -------------------------------------------------------------------------


@dataclass
class PulseItem:
    kind: str  # "proposal" or "advice"
    obj: object
    title: str
    url: str
    status_label: str
    owner_label: str
    groups: list[tuple[str, str]]  # (key, name): council slug or NATIONAL
    since: datetime.date | None
    answer_due: datetime.date | None
    last_change_at: datetime.datetime
    overdue_days: int = 0
    stalled: bool = False
    waiting: bool = False
    reasons: list[str] = field(default_factory=list)
    kind_label: str = ""  # "Voorstel" or "Advies", set with the list's other words


def _cutoff(today: datetime.date) -> datetime.datetime:
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    return start - datetime.timedelta(weeks=settings.STALLED_WEEKS)


class _Rows:
    """What every row of a list needs, worked out once for the list: labels, the words for
    "national", "late" and "stalled", and the addresses (one ``reverse()`` per kind, not per
    row). A list can hold hundreds of rows, and these lookups per row were most of its cost."""

    def __init__(self, today: datetime.date, cutoff: datetime.datetime):
        self.today, self.cutoff = today, cutoff
        self.proposal_status = {value: str(label) for value, label in S.choices}
        self.advice_status = {value: str(label) for value, label in Advice.Status.choices}
        self.proposal_url = reverse_with_pk("proposals:proposal")
        self.advice_url = reverse_with_pk("proposals:advice")
        self.national = _("Landelijk")
        self.late = _("te laat")
        self.stalled = _("stilgevallen")
        self.kind = {"proposal": _("Voorstel"), "advice": _("Advies")}


def _proposal_item(proposal: Proposal, rows: _Rows) -> PulseItem:
    plan = proposal.plan
    if plan.council_id:
        groups = [(plan.council.slug, plan.council.name)]
        owner = plan.council.name
    else:
        groups = [(NATIONAL, rows.national)]
        owner = plan.working_group.name if plan.working_group_id else rows.national
    waiting = proposal.status in WAITING_FOR_AGENCY
    return _finish(
        PulseItem(
            kind="proposal",
            obj=proposal,
            title=str(proposal),
            url=rows.proposal_url(proposal.pk),
            status_label=rows.proposal_status.get(proposal.status, proposal.status),
            owner_label=owner,
            groups=groups,
            since=timezone.localdate(proposal.submitted_at) if proposal.submitted_at else None,
            answer_due=proposal.answer_due,
            last_change_at=proposal.last_change_at,
            waiting=waiting,
            stalled=proposal.status not in PROPOSAL_FINAL and proposal.last_change_at < rows.cutoff,
        ),
        rows,
    )


def _advice_item(advice: Advice, rows: _Rows) -> PulseItem:
    councils = list(advice.councils.all())
    return _finish(
        PulseItem(
            kind="advice",
            obj=advice,
            title=advice.title,
            url=rows.advice_url(advice.pk),
            status_label=rows.advice_status.get(advice.status, advice.status),
            owner_label=", ".join(c.name for c in councils),
            groups=[(c.slug, c.name) for c in councils],
            since=advice.sent_on,
            answer_due=advice.answer_due,
            last_change_at=advice.last_change_at,
            waiting=advice.status == Advice.Status.SENT,
            stalled=advice.status != Advice.Status.CLOSED and advice.last_change_at < rows.cutoff,
        ),
        rows,
    )


def _finish(item: PulseItem, rows: _Rows) -> PulseItem:
    item.kind_label = rows.kind[item.kind]
    if item.waiting and item.answer_due and item.answer_due < rows.today:
        item.overdue_days = (rows.today - item.answer_due).days
        item.reasons.append(rows.late)
    if item.stalled:
        item.reasons.append(rows.stalled)
    return item


def _proposals() -> QuerySet[Proposal]:
    return Proposal.objects.select_related("plan__council", "plan__working_group")


def queue_items(*, today: datetime.date | None = None) -> list[PulseItem]:
    """Everything waiting for the agency's answer or decision, the longest waiting first."""
    today = today or timezone.localdate()
    rows = _Rows(today, _cutoff(today))
    items = [
        _proposal_item(p, rows) for p in _proposals().filter(status__in=WAITING_FOR_AGENCY)
    ] + [
        _advice_item(a, rows)
        for a in Advice.objects.filter(status=Advice.Status.SENT).prefetch_related("councils")
    ]
    far = datetime.date.max
    items.sort(key=lambda i: (i.since or far, i.answer_due or far, i.title))
    return items


def pulse_overview(viewer: Viewer, *, today: datetime.date | None = None, group: str = "") -> dict:
    """Overdue and stalled items the viewer may open, per council and nationally, with counts
    (a council's draft advice counts only for that council)."""
    today = today or timezone.localdate()
    cutoff = _cutoff(today)
    # The database narrows to candidates (late or untouched since the cutoff); the item
    # functions then decide exactly, so the page's cost follows what it shows.
    late_or_still = Q(answer_due__lt=today) | Q(last_change_at__lt=cutoff)
    proposals = _proposals().exclude(status__in=PROPOSAL_FINAL).filter(late_or_still)
    advices = (
        Advice.objects.exclude(status=Advice.Status.CLOSED)
        .filter(late_or_still, visible_advices_q(viewer))
        .prefetch_related("councils")
    )
    rows = _Rows(today, cutoff)
    items = [_proposal_item(p, rows) for p in proposals] + [_advice_item(a, rows) for a in advices]
    items = [i for i in items if i.overdue_days or i.stalled]
    if group:
        items = [i for i in items if group in {key for key, _name in i.groups}]
    counts: dict = defaultdict(lambda: {"overdue": 0, "stalled": 0, "name": ""})
    for item in items:
        for key, name in item.groups:
            counts[key]["name"] = name
            counts[key]["overdue"] += bool(item.overdue_days)
            counts[key]["stalled"] += item.stalled
    items.sort(key=lambda i: (-i.overdue_days, i.last_change_at))
    rows = sorted(
        ({"key": k, **v} for k, v in counts.items()),
        key=lambda r: (r["key"] == NATIONAL, r["name"]),
    )
    return {
        "items": items,
        "groups": rows,
        "overdue": sum(bool(i.overdue_days) for i in items),
        "stalled": sum(i.stalled for i in items),
        "today": today,
        "stalled_weeks": settings.STALLED_WEEKS,
    }


# --- dashboard ----------------------------------------------------------------------------------


def dashboard_queue_counts(*, today: datetime.date | None = None) -> dict:
    items = queue_items(today=today)
    return {"waiting": len(items), "overdue": sum(bool(i.overdue_days) for i in items)}


def owned_recent_changes(user, *, limit: int = 5) -> list[Proposal]:
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    return list(
        Proposal.objects.filter(owner=user, last_change_at__gte=since)
        .select_related("plan")
        .order_by("-last_change_at")[:limit]
    )


# --- public results -----------------------------------------------------------------------------


def _quarter(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _quarter_end(year: int, quarter: int) -> datetime.datetime:
    """The first moment after the quarter."""
    if quarter == 4:
        start = datetime.date(year + 1, 1, 1)
    else:
        start = datetime.date(year, quarter * 3 + 1, 1)
    return timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))


def _quarters(first: datetime.date, last: datetime.date, *, limit: int = 8) -> list:
    year, q = _quarter(first)
    end = _quarter(last)
    result = []
    while (year, q) <= end:
        result.append((year, q))
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return result[-limit:]


def progress_by_quarter(events: list[dict], *, today: datetime.date) -> list[dict]:
    """Per quarter: of the proposals sent to the agency by its end, how many had a decision and
    how many were realised (status as at the end of the quarter, from the history)."""
    if not events:
        return []
    first = timezone.localdate(events[0]["at"])
    rows = []
    for year, q in _quarters(first, today):
        end = _quarter_end(year, q)
        status: dict = {}
        for event in events:
            if event["at"] >= end:
                break
            status[event["proposal_id"]] = event["to_status"]
        sent = [s for s in status.values() if s != S.CONCEPT]
        decided = sum(s in DECIDED_OR_LATER for s in sent)
        realised = sum(s == S.REALISED for s in sent)
        total = len(sent)
        rows.append(
            {
                "label": f"K{q} {year}",
                "sent": total,
                "decided": decided,
                "realised": realised,
                "decided_pct": round(100 * decided / total) if total else 0,
                "realised_pct": round(100 * realised / total) if total else 0,
            }
        )
    return rows


# The realised bars are lighter, with a dark outline (CSS) so that they stand out from white.
QUARTER_SERIES = (("chart__bar", BAR), ("chart__bar chart__bar--alt", "#8fa7bc"))


def quarter_chart(rows: list[dict], *, labelled_by: str) -> SafeString:
    """Two bars per quarter (share decided, share realised) on a 0-100% scale, drawn server
    side and named by the figure's caption; the numbers are in the table under it."""
    chart_rows = [
        Row(
            label=row["label"],
            values=(row["decided_pct"], row["realised_pct"]),
            texts=(f"{row['decided_pct']}%", f"{row['realised_pct']}%"),
        )
        for row in rows
    ]
    return bar_chart(chart_rows, labelled_by=labelled_by, series=QUARTER_SERIES, peak=100)


def public_results(*, today: datetime.date | None = None) -> dict:
    """What the owners chose to publish. Concepts are the council's own work and stay private;
    no person is named."""
    today = today or timezone.localdate()
    plans = list(
        Plan.objects.filter(is_public=True)
        .select_related("council", "working_group")
        .prefetch_related(
            Prefetch(
                "proposals",
                queryset=Proposal.objects.exclude(status=S.CONCEPT).order_by("number"),
                to_attr="public_proposals",
            )
        )
        .order_by("title")
    )
    events_by_plan: dict = defaultdict(list)
    for event in (
        ProposalEvent.objects.filter(proposal__plan__in=plans)
        .values("proposal_id", "proposal__plan_id", "at", "to_status")
        .order_by("at", "id")
    ):
        events_by_plan[event["proposal__plan_id"]].append(event)
    results = []
    for plan in plans:
        proposals = plan.public_proposals
        counts: dict = defaultdict(int)
        for proposal in proposals:
            counts[proposal.status] += 1
        quarters = progress_by_quarter(events_by_plan[plan.pk], today=today)
        results.append(
            {
                "plan": plan,
                "owner": plan.council.name if plan.council_id else plan.working_group.name,
                "proposals": proposals,
                "status_counts": [
                    (label, counts[value]) for value, label in S.choices if counts.get(value)
                ],
                "realised": counts[S.REALISED],
                "average_progress": (
                    round(sum(p.progress for p in proposals) / len(proposals)) if proposals else 0
                ),
                "quarters": quarters,
                "chart": quarter_chart(quarters, labelled_by=f"grafiek-{plan.pk}")
                if quarters
                else None,
            }
        )
    advices = list(
        Advice.objects.filter(is_public=True)
        .exclude(status=Advice.Status.DRAFT)
        .prefetch_related("councils")
        .order_by("-sent_on", "title")
    )
    return {"plans": results, "advices": advices, "today": today}
