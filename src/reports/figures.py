"""Every number in an annual report, computed from the data (never typed in).

Each part is one or two aggregate queries (GROUP BY or conditional counts), so the work in
Python is bounded by the number of groups (12 months × the taxonomy), never by the number of
rows: a year with 50,000 signals costs the same queries as a year with ten. Months and year
boundaries are taken in Europe/Amsterdam.

``council=None`` is the national report: all councils together."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.taxonomy import label_name, onderwerpen, regelingen

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of the year in Europe/Amsterdam, as aware datetimes."""
    return (
        datetime.datetime(year, 1, 1, tzinfo=AMSTERDAM),
        datetime.datetime(year + 1, 1, 1, tzinfo=AMSTERDAM),
    )


def _rows(counts: dict, labels: list[tuple[str, str]]) -> list[dict]:
    """[{code, label, count}] in the order of ``labels``, only codes with a count, then any code
    that has no label (kept, so the rows always add up to the total)."""
    rows = [
        {"code": code, "label": label, "count": counts[code]}
        for code, label in labels
        if counts.get(code)
    ]
    known = {code for code, _label in labels}
    rows += [
        {"code": code, "label": code or _("Onbekend"), "count": n}
        for code, n in sorted(counts.items())
        if code not in known and n
    ]
    return rows


def _choice_rows(counts: dict, choices) -> list[dict]:
    return _rows(counts, [(value, str(label)) for value, label in choices])


# --- signals ---------------------------------------------------------------------------------


def signal_figures(*, year: int, council=None) -> dict:
    from signals.models import Signal

    start, end = year_bounds(year)
    qs = Signal.objects.filter(received_at__gte=start, received_at__lt=end)
    if council is not None:
        qs = qs.filter(council=council)
    # One GROUP BY over (regeling, onderwerp) with a conditional count per month: at most
    # |regeling| × |onderwerp| rows. The month boundaries are computed here in Amsterdam time, so
    # the database compares timestamps only (no per-row time zone conversion: on SQLite that is
    # a Python call per row).
    bounds = [datetime.datetime(year, m, 1, tzinfo=AMSTERDAM) for m in range(1, 13)] + [end]
    per_month = {
        f"m{m}": Count("id", filter=Q(received_at__gte=bounds[m - 1], received_at__lt=bounds[m]))
        for m in range(1, 13)
    }
    grouped = qs.values("regeling", "onderwerp").annotate(**per_month).order_by()
    by_month = [0] * 12
    by_regeling: dict[str, int] = {}
    by_onderwerp: dict[str, int] = {}
    total = 0
    for row in grouped:
        n = 0
        for m in range(1, 13):
            by_month[m - 1] += row[f"m{m}"]
            n += row[f"m{m}"]
        total += n
        by_regeling[row["regeling"]] = by_regeling.get(row["regeling"], 0) + n
        by_onderwerp[row["onderwerp"]] = by_onderwerp.get(row["onderwerp"], 0) + n
    no_theme = [("", _("Nog geen thema"))]
    return {
        "total": total,
        "by_month": [
            {"month": datetime.date(year, m, 1), "count": by_month[m - 1]} for m in range(1, 13)
        ],
        "by_regeling": _rows(
            by_regeling, [(c, label_name("regeling", c)) for c in regelingen()] + no_theme
        ),
        "by_onderwerp": _rows(
            by_onderwerp, [(c, label_name("onderwerp", c)) for c in onderwerpen()] + no_theme
        ),
    }


# --- advices and proposals -------------------------------------------------------------------


def advice_figures(*, year: int, council=None) -> dict:
    """Advices sent in the year and what became of them: answered (on time or late) or still
    waiting for the agency's answer, per kind and by the council's reaction to the answer."""
    from django.db.models import F

    from proposals.models import Advice

    qs = Advice.objects.filter(sent_on__year=year)
    if council is not None:
        qs = qs.filter(councils=council)
    answered = Q(answered_on__isnull=False)
    counts = {
        "sent": Count("id"),
        "answered": Count("id", filter=answered),
        "answered_late": Count("id", filter=answered & Q(answered_on__gt=F("answer_due"))),
        "waiting": Count("id", filter=Q(answered_on__isnull=True)),
    }
    for value, _label in Advice.Kind.choices:
        counts[f"kind_{value}"] = Count("id", filter=Q(kind=value))
    for value, _label in Advice.FollowUp.choices:
        counts[f"follow_up_{value}"] = Count("id", filter=Q(follow_up=value))
    result = qs.aggregate(**counts)
    figures = {key: result[key] for key in ("sent", "answered", "answered_late", "waiting")}
    figures["answered_on_time"] = figures["answered"] - figures["answered_late"]
    figures["by_kind"] = _choice_rows(
        {v: result[f"kind_{v}"] for v, _label in Advice.Kind.choices}, Advice.Kind.choices
    )
    figures["by_follow_up"] = _choice_rows(
        {v: result[f"follow_up_{v}"] for v, _label in Advice.FollowUp.choices},
        Advice.FollowUp.choices,
    )
    return figures


def proposal_figures(*, year: int, council=None) -> dict:
    """The council's plans (all plans for the national report) and where their proposals stand
    now, plus how many proposals were submitted to the agency in the year."""
    from proposals.models import Plan, Proposal, ProposalStatus

    plans = Plan.objects.all()
    proposals = Proposal.objects.all()
    if council is not None:
        plans = plans.filter(council=council)
        proposals = proposals.filter(plan__council=council)
    start, end = year_bounds(year)
    by_status = dict(proposals.values_list("status").annotate(n=Count("id")).order_by())
    return {
        "plans": plans.count(),
        "total": sum(by_status.values()),
        "submitted_in_year": proposals.filter(
            submitted_at__gte=start, submitted_at__lt=end
        ).count(),
        "by_status": _choice_rows(by_status, ProposalStatus.choices),
        "computed_at": timezone.localtime(),
    }


# --- meetings, activities, members -----------------------------------------------------------


def meeting_figures(*, year: int, council=None) -> dict:
    """Meetings and activities held: in the year, not cancelled, and already begun."""
    from meetings.models import Activity, EventStatus, Meeting

    start, end = year_bounds(year)
    until = min(end, timezone.now())
    held = Q(starts_at__gte=start, starts_at__lt=until) & ~Q(status=EventStatus.CANCELLED)
    meetings = Meeting.objects.filter(held)
    activities = Activity.objects.filter(held)
    if council is not None:
        meetings = meetings.filter(council=council)
        activities = activities.filter(council=council)
    by_kind = dict(meetings.values_list("kind").annotate(n=Count("id")).order_by())
    activity_kinds = dict(activities.values_list("kind").annotate(n=Count("id")).order_by())
    return {
        "meetings": sum(by_kind.values()),
        "meetings_by_kind": _choice_rows(by_kind, Meeting.Kind.choices),
        "activities": sum(activity_kinds.values()),
        "activities_by_kind": _choice_rows(activity_kinds, Activity.Kind.choices),
    }


def member_figures(*, year: int, council=None) -> dict:
    """People (not seats: one person with two roles counts once) who joined or left in the year,
    and who sat on the council on the last day of the year."""
    from councils.models import Membership

    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    qs = Membership.objects.all()
    if council is not None:
        qs = qs.filter(council=council)
    return qs.aggregate(
        joined=Count("user", distinct=True, filter=Q(start_date__gte=first, start_date__lte=last)),
        left=Count("user", distinct=True, filter=Q(end_date__gte=first, end_date__lte=last)),
        at_year_end=Count(
            "user",
            distinct=True,
            filter=Q(start_date__lte=last) & (Q(end_date__isnull=True) | Q(end_date__gte=last)),
        ),
    )


def recruitment_part(*, year: int, council=None) -> dict:
    from recruitment.models import AgeBand
    from recruitment.selectors import recruitment_figures

    figures = recruitment_figures(
        start=datetime.date(year, 1, 1), end=datetime.date(year + 1, 1, 1), council=council
    )
    bands = [*[(v, str(label)) for v, label in AgeBand.choices], ("", _("Onbekend"))]
    return {
        **{k: figures[k] for k in ("applications", "accepted", "rejected", "withdrawn")},
        "applications_by_age_band": _rows(figures["applications_by_age_band"], bands),
        "members_by_age_band": _rows(figures["members_by_age_band"], bands),
    }


# --- promotion -------------------------------------------------------------------------------


def promotion_figures(*, year: int, council=None) -> dict:
    """Posts placed on social media (national only: the channels belong to no council), news
    flashes sent and their deliveries, subscribers at the end of the year, news published."""
    from newsletters.models import Delivery, Flash, Subscriber
    from publishing.models import BlogPost, NewsItem, Vlog
    from social.models import Channel, Publication

    start, end = year_bounds(year)
    social = None
    if council is None:
        placed = Publication.objects.filter(
            status=Publication.Status.PUBLISHED, published_at__gte=start, published_at__lt=end
        )
        per_platform = dict(
            placed.values_list("channel__platform").annotate(n=Count("id")).order_by()
        )
        social = {
            "posts": placed.values("post").distinct().count(),
            "placements": sum(per_platform.values()),
            "by_platform": _choice_rows(per_platform, Channel.Platform.choices),
        }

    flashes = Flash.objects.filter(status=Flash.Status.SENT, sent_at__gte=start, sent_at__lt=end)
    subscribers = Subscriber.objects.filter(confirmed_at__lt=end).filter(
        Q(unsubscribed_at__isnull=True) | Q(unsubscribed_at__gte=end)
    )
    if council is not None:
        flashes = flashes.filter(lists__council=council)
        subscribers = subscribers.filter(lists__council=council)
    flash_ids = flashes.values("id")
    news = {}
    for key, model in (("news", NewsItem), ("blogs", BlogPost), ("vlogs", Vlog)):
        pages = model.objects.filter(first_published_at__gte=start, first_published_at__lt=end)
        if council is not None:
            pages = pages.filter(councils=council)
        news[key] = pages.values("id").distinct().count()
    return {
        "social": social,
        "flashes": flashes.values("id").distinct().count(),
        "deliveries": Delivery.objects.filter(
            flash__in=flash_ids, status=Delivery.Status.SENT
        ).count(),
        "subscribers": subscribers.values("id").distinct().count(),
        **news,
        "published": sum(news.values()),
    }


def report_figures(*, year: int, council=None) -> dict:
    """All figures of one annual report; see the module docstring."""
    args = {"year": year, "council": council}
    return {
        "year": year,
        "council": council,
        "signals": signal_figures(**args),
        "advices": advice_figures(**args),
        "proposals": proposal_figures(**args),
        "meetings": meeting_figures(**args),
        "members": member_figures(**args),
        "recruitment": recruitment_part(**args),
        "promotion": promotion_figures(**args),
    }
