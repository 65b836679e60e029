"""Reads for the activity calendar: which activities a viewer may see (the rules of
``can_view_activity`` as one query filter, so lists and single pages never disagree), the list and
month pages with their counts, a person's own sign-up, and who is coming."""

from __future__ import annotations

import calendar
import datetime
from zoneinfo import ZoneInfo

from django.db.models import Case, Count, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone

from common.models import Visibility
from common.visibility import Role, Viewer, visible_q
from councils.models import Council
from councils.selectors import central_council, council_list

from .models import AccessNeed, Activity, EventStatus, Meeting, Registration
from .selectors_meetings import own_meetings

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ACTIVE = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
# Must match permissions.can_view_activity: liaisons and editors post activities for the
# councils, so they see every activity that is not for one council only.
POSTING_STAFF = {Role.LIAISON, Role.EDITOR}


class SignupState:
    OPEN = "open"
    CANCELLED = "cancelled"
    STARTED = "started"
    CLOSED = "closed"  # the sign-up deadline has passed


def activities_visible_to(viewer: Viewer) -> QuerySet[Activity]:
    qs = Activity.objects.all()
    if Role.ADMINISTRATOR in viewer.roles:
        return qs
    q = visible_q(viewer)
    if viewer.roles & POSTING_STAFF:
        q |= ~Q(visibility=Visibility.COUNCIL)
    return qs.filter(q)


def _with_counts(qs: QuerySet[Activity], viewer: Viewer) -> QuerySet[Activity]:
    """Add what a list item shows, in the same query: places taken and left, the waiting list,
    and the viewer's own status."""
    confirmed = Count(
        "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
    )
    mine = Registration.objects.filter(
        activity=OuterRef("pk"), user_id=viewer.user_id, status__in=ACTIVE
    ).values("status")[:1]
    return qs.select_related("council").annotate(
        confirmed_count=confirmed,
        waitlist_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
        ),
        places_left=Case(
            When(capacity__isnull=True, then=Value(None)),
            default=Greatest(F("capacity") - confirmed, Value(0)),
        ),
        my_status=Subquery(mine),
    )


def month_bounds(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    """Start of the month and start of the next, in Dutch time."""
    start = datetime.datetime(year, month, 1, tzinfo=AMSTERDAM)
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return start, datetime.datetime(next_year, next_month, 1, tzinfo=AMSTERDAM)


def upcoming_months(*, count: int = 12, today: datetime.date | None = None) -> list[datetime.date]:
    today = today or timezone.localdate(timezone=AMSTERDAM)
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def activity_list(
    viewer: Viewer,
    *,
    council: Council | None = None,
    national: bool = False,
    kind: str = "",
    month: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> QuerySet[Activity]:
    """Activities the viewer may see that have not ended yet, soonest first. A cancelled
    activity stays in the list, marked: people who signed up must be able to see that."""
    now = now or timezone.now()
    qs = _filtered(
        activities_visible_to(viewer).filter(ends_at__gte=now),
        council=council,
        national=national,
        kind=kind,
    )
    if month is not None:
        start, end = month_bounds(month.year, month.month)
        qs = qs.filter(starts_at__gte=start, starts_at__lt=end)
    return _with_counts(qs, viewer).order_by("starts_at", "id")


def _local_days(activity) -> list[datetime.date]:
    """The Dutch calendar days an activity (or meeting) runs on (an end at midnight ends the
    day before)."""
    first = timezone.localtime(activity.starts_at, AMSTERDAM).date()
    end = timezone.localtime(activity.ends_at, AMSTERDAM) - datetime.timedelta(microseconds=1)
    last = max(first, end.date())
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def _filtered(
    qs: QuerySet[Activity], *, council: Council | None, national: bool, kind: str
) -> QuerySet[Activity]:
    """The region and kind filters that the list and the month share."""
    if council is not None:
        qs = qs.filter(council=council)
    if national:
        qs = qs.filter(scope=Activity.Scope.NATIONAL)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def activity_month(
    viewer: Viewer,
    *,
    year: int,
    month: int,
    council: Council | None = None,
    national: bool = False,
    kind: str = "",
    today: datetime.date | None = None,
) -> dict:
    """A month as weeks of days (Monday first), each day of the month with the activities the
    viewer may see on it and the viewer's own meetings (``own_meetings``, marked
    ``is_meeting``); past ones too, because a month is looked at as a whole. The region filter
    keeps that council's meetings (or the national ones); a kind of activity keeps none."""
    today = today or timezone.localdate(timezone=AMSTERDAM)
    start, end = month_bounds(year, month)
    qs = activities_visible_to(viewer).filter(starts_at__lt=end, ends_at__gt=start)
    activities = list(
        _filtered(qs, council=council, national=national, kind=kind)
        .select_related("council")
        .order_by("starts_at", "id")
    )
    meetings = []
    if viewer.is_authenticated and not kind:
        mine = own_meetings(viewer).filter(starts_at__lt=end, ends_at__gt=start)
        if national:
            mine = mine.filter(kind=Meeting.Kind.NATIONAL)
        elif council is not None:
            mine = mine.filter(Q(council=council) | Q(guest_councils=council)).distinct()
        meetings = list(mine.order_by("starts_at", "id"))
        for meeting in meetings:
            meeting.is_meeting = True
    by_day: dict[datetime.date, list] = {}
    for event in sorted([*activities, *meetings], key=lambda e: e.starts_at):
        for day in _local_days(event):
            by_day.setdefault(day, []).append(event)
    weeks = []
    for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month):
        days = []
        for day in week:
            in_month = day.month == month
            days.append(
                {
                    "date": day,
                    "in_month": in_month,
                    "is_today": day == today,
                    "activities": by_day.get(day, []) if in_month else [],
                }
            )
        weeks.append({"number": week[0].isocalendar().week, "days": days})
    first = datetime.date(year, month, 1)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=31)).replace(day=1)
    return {
        "month": first,
        "weeks": weeks,
        "count": len(activities),
        "meeting_count": len(meetings),
        "previous": previous,
        "next": following,
        "is_current": (today.year, today.month) == (year, month),
    }


def activity_detail(viewer: Viewer, pk: int) -> Activity | None:
    """One activity with its counts, whether or not the viewer may see it (the view decides
    between 403 and 404)."""
    return _with_counts(Activity.objects.filter(pk=pk), viewer).select_related("created_by").first()


def upcoming_public_activities(
    *, council: Council | None = None, limit: int = 3, now: datetime.datetime | None = None
) -> list[Activity]:
    """The next public activities that go ahead, soonest first, for the home page and the
    councils' pages; with ``council``, that region's and the national ones. One query."""
    now = now or timezone.now()
    qs = Activity.objects.filter(visibility=Visibility.PUBLIC, ends_at__gte=now).exclude(
        status=EventStatus.CANCELLED
    )
    if council is not None:
        qs = qs.filter(Q(council=council) | Q(scope=Activity.Scope.NATIONAL))
    return list(qs.select_related("council").order_by("starts_at", "id")[:limit])


def activity_contact(activity: Activity) -> Council | None:
    """Whom a visitor asks about taking part: the activity's region, or for a national one
    without a region the central council."""
    return activity.council or central_council()


def signup_state(activity: Activity, *, now: datetime.datetime | None = None) -> str:
    """Whether sign-up is open, in the same order the sign-up service checks it."""
    now = now or timezone.now()
    if activity.is_cancelled:
        return SignupState.CANCELLED
    if activity.starts_at <= now:
        return SignupState.STARTED
    if activity.signup_deadline and activity.signup_deadline < now:
        return SignupState.CLOSED
    return SignupState.OPEN


def _waitlist_position(registration: Registration) -> int:
    # The same order the sign-off service uses to pick who moves up.
    ahead = Registration.objects.filter(
        activity_id=registration.activity_id, status=Registration.Status.WAITLISTED
    ).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, id__lt=registration.id)
    )
    return ahead.count() + 1


def need_labels(needs: list[str]) -> list[str]:
    return [str(AccessNeed(n).label) for n in needs if n in AccessNeed.values]


def registration_for(user, activity: Activity) -> Registration | None:
    """The person's current sign-up (not a cancelled one), with ``position`` on the waiting list
    and ``need_labels``."""
    if not getattr(user, "is_authenticated", False):
        return None
    registration = Registration.objects.filter(
        activity=activity, user=user, status__in=ACTIVE
    ).first()
    if registration is None:
        return None
    registration.need_labels = need_labels(registration.access_needs)
    registration.position = (
        _waitlist_position(registration)
        if registration.status == Registration.Status.WAITLISTED
        else None
    )
    return registration


def activity_participants(activity: Activity) -> dict:
    """Who is coming and who waits (in order), and one list of everyone who asked for
    something, with a count per need so the organiser can book interpreters and the like."""
    registrations = list(
        activity.registrations.filter(status__in=ACTIVE)
        .select_related("user")
        .order_by("created_at", "id")
    )
    confirmed, waitlisted, requests = [], [], []
    need_counts = dict.fromkeys(AccessNeed.values, 0)
    for registration in registrations:
        registration.need_labels = need_labels(registration.access_needs)
        if registration.status == Registration.Status.CONFIRMED:
            confirmed.append(registration)
        else:
            registration.position = len(waitlisted) + 1
            waitlisted.append(registration)
        if registration.access_needs or registration.access_note:
            requests.append(registration)
        for need in registration.access_needs:
            if need in need_counts:
                need_counts[need] += 1
    return {
        "confirmed": confirmed,
        "waitlisted": waitlisted,
        "access_requests": requests,
        "need_totals": [
            (label, need_counts[value]) for value, label in AccessNeed.choices if need_counts[value]
        ],
    }


def upcoming_registrations(
    viewer: Viewer, user, *, limit: int = 5, now: datetime.datetime | None = None
) -> list[Registration]:
    """The person's next activities they signed up for (or wait for), soonest first."""
    if not viewer.is_authenticated:
        return []
    now = now or timezone.now()
    return list(
        Registration.objects.filter(
            user=user,
            status__in=ACTIVE,
            activity__ends_at__gte=now,
            activity__in=activities_visible_to(viewer).values("pk"),
        )
        .select_related("activity", "activity__council")
        .order_by("activity__starts_at", "activity_id")[:limit]
    )


def councils_for_poster(viewer: Viewer, *, keep: int | None = None) -> QuerySet[Council]:
    """The regions someone may pick for an activity: liaisons, editors and administrators any
    council; a secretary or chair the councils they run. ``keep``: an activity's own region stays
    a choice for whoever may change it."""
    if viewer.roles & (POSTING_STAFF | {Role.ADMINISTRATOR}):
        return council_list()
    return council_list().filter(Q(pk__in=viewer.managed_council_ids) | Q(pk=keep))


def region_choices() -> QuerySet[Council]:
    return council_list()
