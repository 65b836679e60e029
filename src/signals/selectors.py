"""Reads for signal pages: lists that apply who may see what, trend figures, similar signals."""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from common.charts import Row, bar_chart
from common.taxonomy import label_name, onderwerpen, regelingen
from common.visibility import Role, Viewer

from .models import Signal, SignalStatus
from .workflow import CLIENT_READS_REASON


def signals_visible_to(viewer: Viewer) -> QuerySet[Signal]:
    """Members see their councils' signals; the central council and administrators see all."""
    qs = Signal.objects.all()
    if viewer.central_council_ids or Role.ADMINISTRATOR in viewer.roles:
        return qs
    if viewer.council_ids:
        return qs.filter(council_id__in=viewer.council_ids)
    return qs.none()


def signal_list(
    viewer: Viewer,
    *,
    status="",
    onderwerp="",
    regeling="",
    council=None,
    needs_theme=False,
    grouped=False,
) -> QuerySet[Signal]:
    qs = signals_visible_to(viewer).select_related("council")
    if not grouped:
        qs = qs.filter(group_leader__isnull=True)
    if status:
        qs = qs.filter(status=status)
    if onderwerp:
        qs = qs.filter(onderwerp=onderwerp)
    if regeling:
        qs = qs.filter(regeling=regeling)
    if council is not None:
        qs = qs.filter(council=council)
    if needs_theme:
        qs = qs.filter(needs_theme=True)
    # The group's size as a subquery, not a join with GROUP BY: it is worked out only for the
    # page's rows, and the paginator's count (Django leaves an unused subquery out of it) stays
    # a plain count over the index instead of grouping every signal the viewer may see.
    members = (
        Signal.objects.filter(group_leader=OuterRef("pk"))
        .order_by()
        .values("group_leader")
        .annotate(n=Count("id"))
        .values("n")
    )
    return qs.annotate(
        group_size=Coalesce(Subquery(members, output_field=IntegerField()), 0)
    ).order_by("-received_at", "-id")


def signal_detail(viewer: Viewer, reference: str) -> Signal | None:
    return (
        signals_visible_to(viewer)
        .select_related("council", "group_leader")
        .filter(reference=reference)
        .first()
    )


def signal_history(signal: Signal) -> list[dict]:
    """Status, routing and theme changes in one timeline, oldest first."""
    rows = []
    for change in signal.status_history.select_related("by"):
        rows.append(
            {
                "at": change.at,
                "by": change.by,
                "kind": "status",
                "text": SignalStatus(change.to_status).label,
                "reason": change.reason,
            }
        )
    for route in signal.routing_history.select_related("by", "council"):
        rows.append(
            {
                "at": route.at,
                "by": route.by,
                "kind": "route",
                "text": route.council.name,
                "reason": route.reason,
            }
        )
    for label in signal.theme_labels.select_related("by"):
        rows.append(
            {
                "at": label.at,
                "by": label.by,
                "kind": "theme",
                "text": f"{label_name('regeling', label.regeling)} · "
                f"{label_name('onderwerp', label.onderwerp)}",
                "reason": "",
            }
        )
    return sorted(rows, key=lambda r: r["at"])


def similar_signals(
    viewer: Viewer, signal: Signal, *, limit: int = 5
) -> list[tuple[Signal, float]]:
    """Signals that read alike (TF-IDF cosine), among recent ones the viewer may see."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    since = signal.received_at - datetime.timedelta(days=365)
    candidates = list(
        signals_visible_to(viewer)
        .filter(received_at__gte=since)
        .exclude(pk=signal.pk)
        .filter(Q(onderwerp=signal.onderwerp) | Q(regeling=signal.regeling))
        .select_related("council")
        .order_by("-received_at")[:2000]
    )
    if not candidates:
        return []
    vectorizer = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=1)
    matrix = vectorizer.fit_transform([signal.text] + [c.text for c in candidates])
    scores = linear_kernel(matrix[0:1], matrix[1:]).ravel()
    best = scores.argsort()[::-1][:limit]
    return [(candidates[i], float(scores[i])) for i in best if scores[i] >= 0.15]


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _months_back(end: datetime.date, n: int) -> list[datetime.date]:
    months, year, month = [], end.year, end.month
    for _month in range(n):
        months.append(datetime.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return months[::-1]


def trend_counts(
    *,
    months: int = 12,
    council=None,
    regeling: str = "",
    onderwerp: str = "",
    today: datetime.date | None = None,
) -> dict:
    """Counts of signals by month × onderwerp × regeling × council, for the trend page and CSV.

    Grouped signals count one by one: fifty clients with one problem are fifty signals."""
    today = today or timezone.localdate()
    month_list = _months_back(_month_start(today), months)
    start = timezone.make_aware(datetime.datetime.combine(month_list[0], datetime.time.min))
    qs = Signal.objects.filter(received_at__gte=start)
    if council is not None:
        qs = qs.filter(council=council)
    if regeling:
        qs = qs.filter(regeling=regeling)
    if onderwerp:
        qs = qs.filter(onderwerp=onderwerp)
    rows = list(
        qs.annotate(month=TruncMonth("received_at"))
        .values("month", "onderwerp", "regeling", "council__name", "council__slug")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_month_topic: dict = defaultdict(lambda: defaultdict(int))
    by_topic: dict = defaultdict(int)
    by_regeling: dict = defaultdict(int)
    by_council: dict = defaultdict(int)
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        row["month"] = month
        by_month_topic[month][row["onderwerp"]] += row["n"]
        by_topic[row["onderwerp"]] += row["n"]
        by_regeling[row["regeling"]] += row["n"]
        by_council[row["council__name"]] += row["n"]
    topics = [t for t in onderwerpen() if by_topic.get(t)] or onderwerpen()
    table = [
        {
            "month": m,
            "counts": [by_month_topic[m].get(t, 0) for t in topics],
            "total": sum(by_month_topic[m].values()),
        }
        for m in month_list
    ]
    return {
        "months": month_list,
        "topics": topics,
        "topic_names": [label_name("onderwerp", t) for t in topics],
        "table": table,
        "rows": sorted(
            rows, key=lambda r: (r["month"], r["council__name"], r["regeling"], r["onderwerp"])
        ),
        "by_regeling": [(label_name("regeling", r), by_regeling.get(r, 0)) for r in regelingen()],
        "by_council": sorted(by_council.items(), key=lambda kv: -kv[1]),
        "total": sum(by_topic.values()),
        "rising": rising_topics(table, topics),
        "max_month_total": max([r["total"] for r in table] or [0]),
    }


def rising_topics(
    table: list[dict], topics: list[str], *, baseline_months: int = 3, min_count: int = 5
) -> list[dict]:
    """Themes that rise: the last complete month against the average of the months before it.

    The current month is still running, so the last complete one is compared."""
    if len(table) < baseline_months + 2:
        return []
    last = table[-2]
    before = table[-2 - baseline_months : -2]
    rising = []
    for index, topic in enumerate(topics):
        now = last["counts"][index]
        average = sum(r["counts"][index] for r in before) / baseline_months
        if now >= min_count and now >= 1.5 * max(average, 1):
            rising.append(
                {
                    "topic": topic,
                    "name": label_name("onderwerp", topic),
                    "now": now,
                    "average": round(average, 1),
                    "month": last["month"],
                    "change": round(100 * (now - average) / max(average, 1)),
                }
            )
    return sorted(rising, key=lambda r: -r["change"])


def chart_bars(table: list[dict]) -> SafeString:
    """The SVG chart of monthly totals, drawn on the server (no JavaScript), named by the
    figure's caption; the numbers are in the table under it."""
    from django.utils.formats import date_format

    rows = [
        Row(
            label=date_format(row["month"], "M Y"),
            values=(row["total"],),
            texts=(str(row["total"]),),
        )
        for row in table
    ]
    return bar_chart(rows, labelled_by="chart-title")


def status_token_hash(token: str) -> str:
    """What is stored of a client's status link: references are sequential, so only an
    unguessable token opens the page, and a copy of the database does not hand out the links."""
    return hashlib.sha256(token.encode()).hexdigest()


def signal_for_status_token(token: str) -> Signal | None:
    """The signal whose client holds this status link, or None (a wrong token, or the link was
    voided by the retention task)."""
    if not token:
        return None
    return (
        Signal.objects.select_related("council")
        .exclude(status_token_hash="")
        .filter(status_token_hash=status_token_hash(token))
        .first()
    )


# What each status means to the client, in plain words (B1). A move back to "in behandeling"
# from an answer or a close is a reopening.
CLIENT_STATUS_TEXT = {
    SignalStatus.NEW: _("Wij hebben uw signaal ontvangen."),
    SignalStatus.IN_PROGRESS: _("De raad bekijkt uw signaal."),
    SignalStatus.LINKED: _("De raad werkt al aan dit onderwerp. Uw signaal helpt daarbij."),
    SignalStatus.ANSWERED: _("De raad heeft uw signaal beantwoord."),
    SignalStatus.CLOSED: _("De raad heeft uw signaal afgerond."),
}
CLIENT_REOPENED_TEXT = _("De raad bekijkt uw signaal opnieuw.")


def signal_client_timeline(signal: Signal) -> list[dict]:
    """The status changes as the client may see them, oldest first: the status and its date in
    plain words, the council's note with "in behandeling" and its answer. Never who made the
    change, the dossier it was linked to, or a reason the client was not sent: only the reasons
    of ``workflow.CLIENT_READS_REASON`` go to a client who asked for an answer (see
    signal_transition), so only those are shown, and only when the client asked for an answer."""
    rows = []
    for change in signal.status_history.all():
        reopened = change.to_status == SignalStatus.IN_PROGRESS and change.from_status in (
            SignalStatus.ANSWERED,
            SignalStatus.CLOSED,
        )
        told = change.reason if change.to_status in CLIENT_READS_REASON else ""
        told = told if signal.answer_requested else ""
        answered = change.to_status == SignalStatus.ANSWERED
        rows.append(
            {
                "at": change.at,
                "status": SignalStatus(change.to_status).label,
                "text": CLIENT_REOPENED_TEXT if reopened else CLIENT_STATUS_TEXT[change.to_status],
                "answer": told if answered else "",
                "note": "" if answered else told,
            }
        )
    return rows
