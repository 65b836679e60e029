"""Reads for recruitment pages, and the recruitment figures that the annual report uses."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count, Q, QuerySet, Window
from django.utils import timezone

from councils.models import Council, Membership

from .models import AgeBand, Application, ApplicationStatus, OnboardingStep, Vacancy


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the site's time zone (Europe/Amsterdam)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def recruitment_figures(
    *, start: datetime.date, end: datetime.date, council: Council | None = None
) -> dict:
    """Recruitment numbers for the period [start, end) for one council, or national (None).

    - applications: received in the period (created_at);
    - accepted / rejected / withdrawn: decided in the period with that outcome (decided_at);
    - applications_by_age_band: the applications received, by age band ("" = not given);
    - members_by_age_band: people with an active membership on the last day of the period
      (``end - 1 day``), by the age band of their latest accepted application at any council
      ("" = unknown,
      e.g. members who joined before the platform or did not say). Nationally a person who sits
      on two councils counts once.
    Always four queries, whatever the number of rows.
    """
    start_at, end_at = _day_start(start), _day_start(end)
    applications = Application.objects.all()
    if council is not None:
        applications = applications.filter(council=council)

    received = applications.filter(created_at__gte=start_at, created_at__lt=end_at)
    by_band = Counter(
        {
            row["age_band"]: row["n"]
            for row in received.values("age_band").annotate(n=Count("pk")).order_by()
        }
    )
    decided = applications.filter(decided_at__gte=start_at, decided_at__lt=end_at).aggregate(
        accepted=Count("pk", filter=Q(status=ApplicationStatus.ACCEPTED)),
        rejected=Count("pk", filter=Q(status=ApplicationStatus.REJECTED)),
        withdrawn=Count("pk", filter=Q(status=ApplicationStatus.WITHDRAWN)),
    )

    last_day = end - datetime.timedelta(days=1)
    memberships = Membership.objects.active(last_day)
    if council is not None:
        memberships = memberships.filter(council=council)
    member_ids = set(memberships.values_list("user_id", flat=True))
    band_of: dict[int, str] = {}
    # The age band belongs to the person, so an application accepted by another council counts.
    accepted = Application.objects.filter(
        status=ApplicationStatus.ACCEPTED, user_id__in=member_ids, decided_at__lt=end_at
    ).order_by("decided_at", "pk")
    for user_id, band in accepted.values_list("user_id", "age_band"):
        band_of[user_id] = band  # the latest accepted application wins
    members = Counter(band_of.get(user_id, "") for user_id in member_ids)

    return {
        "applications": sum(by_band.values()),
        "accepted": decided["accepted"],
        "rejected": decided["rejected"],
        "withdrawn": decided["withdrawn"],
        "applications_by_age_band": dict(by_band),
        "members_by_age_band": dict(members),
    }


def age_band_labels() -> list[tuple[str, str]]:
    """Every age band in order, plus "" for unknown, with its label."""
    from django.utils.translation import gettext as _

    return [*AgeBand.choices, ("", _("Onbekend"))]


def open_vacancies(*, council: Council | None = None) -> QuerySet[Vacancy]:
    """Vacancies one can apply for today (open, not past their closing date, active council)."""
    today = timezone.localdate()
    vacancies = (
        Vacancy.objects.filter(is_open=True, council__is_active=True)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .select_related("council")
        .order_by("council__kind", "council__name", "title")
    )
    if council is not None:
        vacancies = vacancies.filter(council=council)
    return vacancies


def vacancy_is_open(vacancy: Vacancy) -> bool:
    today = timezone.localdate()
    return (
        vacancy.is_open
        and vacancy.council.is_active
        and (vacancy.closes_on is None or vacancy.closes_on >= today)
    )


def applications_for_councils(
    *, council_ids, status: str = "", council_id: int | None = None
) -> QuerySet[Application]:
    """Applications of the given councils (None = all), newest first, with council and vacancy."""
    applications = Application.objects.select_related("council", "vacancy").order_by(
        "-created_at", "-pk"
    )
    if council_ids is not None:
        applications = applications.filter(council_id__in=council_ids)
    if council_id:
        applications = applications.filter(council_id=council_id)
    if status:
        applications = applications.filter(status=status)
    return applications


def application_status_counts(*, council_ids, council_id: int | None = None) -> dict[str, int]:
    applications = Application.objects.all()
    if council_ids is not None:
        applications = applications.filter(council_id__in=council_ids)
    if council_id:
        applications = applications.filter(council_id=council_id)
    counts = dict(
        applications.values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("status", "n")
    )
    return {value: counts.get(value, 0) for value in ApplicationStatus.values}


def application_detail(pk: int) -> Application | None:
    return (
        Application.objects.select_related("council", "vacancy", "invitation", "user")
        .prefetch_related("events__by", "notes__author", "onboarding_steps")
        .filter(pk=pk)
        .first()
    )


def onboarding_for_user(user) -> list[Application]:
    """The user's accepted applications that still have unfinished onboarding steps: linked to
    the account, or whose invitation this account accepted (not linked yet). One query when
    there are none, which is nearly always."""
    from django.db.models import Q

    return list(
        Application.objects.filter(
            Q(user=user) | Q(user__isnull=True, invitation__accepted_by=user),
            status=ApplicationStatus.ACCEPTED,
        )
        .filter(onboarding_steps__done_at__isnull=True)
        .distinct()
        .select_related("council")
        .prefetch_related("onboarding_steps")
    )


def onboarding_step_for_user(*, user, step_id: int) -> OnboardingStep | None:
    return (
        OnboardingStep.objects.select_related("application")
        .filter(pk=step_id, application__user=user)
        .first()
    )


def unanswered_applications(
    *, council_ids, limit: int = 10, today: datetime.date | None = None
) -> tuple[list[Application], int]:
    """For "Mijn overzicht": the applications of the given councils (None = all) that nobody
    answered yet (still "new"), oldest first, and how many there are in all. Each gets
    ``age_days``, ``days_left`` until the promised answer (``services.answer_by``), ``overdue``
    with ``days_late``, and ``due_soon`` (three days or less left). One query, whatever the
    number."""
    from .services import answer_by

    today = today or timezone.localdate()
    applications = Application.objects.filter(status=ApplicationStatus.NEW)
    if council_ids is not None:
        applications = applications.filter(council_id__in=council_ids)
    # The count of all of them comes along with the first rows (a window over the whole set).
    oldest = list(
        applications.select_related("council", "vacancy")
        .annotate(total=Window(Count("pk")))
        .order_by("created_at", "pk")[:limit]
    )
    total = oldest[0].total if oldest else 0
    for application in oldest:
        application.age_days = (today - timezone.localdate(application.created_at)).days
        application.days_left = (answer_by(application.created_at) - today).days
        application.overdue = application.days_left < 0
        application.days_late = max(0, -application.days_left)
        application.due_soon = 0 <= application.days_left <= 3
    return oldest, total
