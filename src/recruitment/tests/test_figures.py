from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from councils.tests.factories import CouncilFactory, MembershipFactory
from recruitment.models import AgeBand, ApplicationStatus
from recruitment.selectors import recruitment_figures

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def at(y, m, d, hour=12):
    return timezone.make_aware(datetime.datetime(y, m, d, hour))


@pytest.fixture
def year_2025():
    """A known year: 2 councils; applications around the year's edges."""
    noord, zuid = CouncilFactory(slug="f-noord"), CouncilFactory(slug="f-zuid")
    # received in 2025, noord
    ApplicationFactory(council=noord, created_at=at(2025, 1, 1, 0), age_band=AgeBand.UNDER_25)
    ApplicationFactory(council=noord, created_at=at(2025, 6, 1), age_band=AgeBand.UNDER_25)
    ApplicationFactory(council=noord, created_at=at(2025, 12, 31, 23), age_band="")
    # received in 2025, zuid, rejected in 2025 and withdrawn in 2026
    ApplicationFactory(
        council=zuid,
        created_at=at(2025, 3, 1),
        status=ApplicationStatus.REJECTED,
        decided_at=at(2025, 4, 1),
        age_band=AgeBand.FROM_65,
    )
    ApplicationFactory(
        council=zuid,
        created_at=at(2025, 11, 1),
        status=ApplicationStatus.WITHDRAWN,
        decided_at=at(2026, 1, 2),
        age_band=AgeBand.FROM_45,
    )
    # outside: received 2024 (accepted in 2025) and 2026
    young = MembershipFactory(council=noord, start_date=datetime.date(2025, 2, 1)).user
    ApplicationFactory(
        council=noord,
        created_at=at(2024, 12, 31, 23),
        status=ApplicationStatus.ACCEPTED,
        decided_at=at(2025, 1, 20),
        age_band=AgeBand.UNDER_25,
        user=young,
    )
    ApplicationFactory(council=noord, created_at=at(2026, 1, 1, 0))
    # members on 31-12-2025: young (noord), an old member without application (noord),
    # one in zuid who also sits in noord (counted once nationally), one who left in 2025
    MembershipFactory(council=noord, start_date=datetime.date(2020, 1, 1))
    both = MembershipFactory(council=zuid, start_date=datetime.date(2021, 1, 1)).user
    MembershipFactory(council=noord, user=both, start_date=datetime.date(2021, 1, 1))
    ApplicationFactory(
        council=zuid,
        created_at=at(2020, 12, 1),
        status=ApplicationStatus.ACCEPTED,
        decided_at=at(2020, 12, 20),
        age_band=AgeBand.FROM_35,
        user=both,
    )
    MembershipFactory(
        council=zuid, start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2025, 12, 30)
    )
    return noord, zuid


def test_national_figures_of_a_known_year(year_2025):
    figures = recruitment_figures(start=datetime.date(2025, 1, 1), end=datetime.date(2026, 1, 1))
    assert figures == {
        "applications": 5,
        "accepted": 1,
        "rejected": 1,
        "withdrawn": 0,
        "applications_by_age_band": {"tot-25": 2, "": 1, "65-plus": 1, "45-54": 1},
        "members_by_age_band": {"tot-25": 1, "": 1, "35-44": 1},
    }


def test_council_figures_of_a_known_year(year_2025):
    noord, zuid = year_2025
    start, end = datetime.date(2025, 1, 1), datetime.date(2026, 1, 1)
    assert recruitment_figures(start=start, end=end, council=noord) == {
        "applications": 3,
        "accepted": 1,
        "rejected": 0,
        "withdrawn": 0,
        "applications_by_age_band": {"tot-25": 2, "": 1},
        "members_by_age_band": {"tot-25": 1, "": 1, "35-44": 1},
    }
    assert recruitment_figures(start=start, end=end, council=zuid) == {
        "applications": 2,
        "accepted": 0,
        "rejected": 1,
        "withdrawn": 0,
        "applications_by_age_band": {"65-plus": 1, "45-54": 1},
        "members_by_age_band": {"35-44": 1},
    }


def test_figures_use_a_constant_number_of_queries(year_2025, django_assert_num_queries):
    with django_assert_num_queries(4):
        recruitment_figures(start=datetime.date(2025, 1, 1), end=datetime.date(2026, 1, 1))
