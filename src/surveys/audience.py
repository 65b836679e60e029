"""Who a questionnaire is for. One query filter (``audience_memberships``) decides it for the
mails, the reminder, the response rate, "Mijn overzicht" and the answer page alike."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from councils.models import Membership, WorkingGroupMembership

from .models import Survey


def audience_memberships(survey: Survey) -> QuerySet[Membership]:
    """The active memberships a questionnaire reaches: one row per person and council. A
    person on two councils in the audience answers once, for the first of them."""
    memberships = Membership.objects.active().filter(council__is_active=True)
    if survey.audience == Survey.Audience.COUNCILS:
        memberships = memberships.filter(council_id__in=survey.audience_councils.values("pk"))
    elif survey.audience == Survey.Audience.WORKING_GROUP:
        memberships = memberships.filter(
            user_id__in=WorkingGroupMembership.objects.active()
            .filter(working_group_id=survey.audience_working_group_id)
            .values("user_id")
        )
    if survey.audience_roles:
        memberships = memberships.filter(role__in=survey.audience_roles)
    return memberships


def audience_user_ids(survey: Survey) -> set[int]:
    return set(audience_memberships(survey).values_list("user_id", flat=True))


def respondent_council_id(survey: Survey, user_id: int) -> int | None:
    """The council a person answers for (the first by name of their councils in the audience)."""
    return (
        audience_memberships(survey)
        .filter(user_id=user_id)
        .order_by("council__name")
        .values_list("council_id", flat=True)
        .first()
    )


def is_in_audience(survey: Survey, user_id: int | None) -> bool:
    return user_id is not None and audience_memberships(survey).filter(user_id=user_id).exists()


def surveys_for_user_q(user_id: int) -> Q:
    """Published questionnaires whose audience includes one of this person's councils or
    working groups: the rule of ``audience_memberships`` as one filter on Survey, except the
    roles, which ``surveys_for_user`` checks."""
    councils = Membership.objects.active().filter(user_id=user_id, council__is_active=True)
    all_q = Q(audience=Survey.Audience.ALL) & Exists(councils)
    councils_q = Q(audience=Survey.Audience.COUNCILS) & Exists(
        Survey.audience_councils.through.objects.filter(
            survey_id=OuterRef("pk"), council_id__in=councils.values("council_id")
        )
    )
    group_q = (
        Q(audience=Survey.Audience.WORKING_GROUP)
        & Exists(councils)
        & Q(
            audience_working_group_id__in=WorkingGroupMembership.objects.active()
            .filter(user_id=user_id)
            .values("working_group_id")
        )
    )
    return Q(published_at__isnull=False) & (all_q | councils_q | group_q)


def surveys_for_user(user_id: int) -> QuerySet[Survey]:
    """Published questionnaires for this person. The roles are checked in Python on the few
    candidates (a JSON list cannot be matched the same way on SQLite and PostgreSQL), each on a
    membership of a council the questionnaire asks, as ``is_in_audience`` does."""
    memberships = list(
        Membership.objects.active()
        .filter(user_id=user_id, council__is_active=True)
        .values_list("council_id", "role")
    )
    candidates = list(
        Survey.objects.filter(surveys_for_user_q(user_id)).values_list(
            "pk", "audience", "audience_roles"
        )
    )
    by_council = [
        pk for pk, audience, roles in candidates if roles and audience == Survey.Audience.COUNCILS
    ]
    asked: dict[int, set[int]] = {}
    if by_council:
        for survey_id, council_id in Survey.audience_councils.through.objects.filter(
            survey_id__in=by_council
        ).values_list("survey_id", "council_id"):
            asked.setdefault(survey_id, set()).add(council_id)
    ids = []
    for pk, audience, wanted in candidates:
        if not wanted:
            ids.append(pk)
            continue
        seats = memberships
        if audience == Survey.Audience.COUNCILS:
            seats = [seat for seat in memberships if seat[0] in asked.get(pk, ())]
        if any(role in wanted for _council, role in seats):
            ids.append(pk)
    return Survey.objects.filter(pk__in=ids)


def open_surveys_for(user_id: int, *, now=None) -> QuerySet[Survey]:
    now = now or timezone.now()
    return surveys_for_user(user_id).filter(opens_at__lte=now, closes_at__gt=now)
