from __future__ import annotations

import pytest

from councils.tests.factories import CouncilFactory
from recruitment import demo
from recruitment.models import Application, ApplicationStatus, Vacancy

pytestmark = pytest.mark.django_db


def test_demo_has_vacancies_and_applications_in_every_status_and_is_idempotent():
    CouncilFactory(slug="noord")
    CouncilFactory(slug="zuid")
    demo.load()
    assert Vacancy.objects.count() == 4
    assert Application.objects.count() == 20
    assert set(Application.objects.values_list("status", flat=True)) == set(
        ApplicationStatus.values
    )
    assert Application.objects.exclude(age_band="").count() >= 15
    accepted = Application.objects.filter(status=ApplicationStatus.ACCEPTED)
    assert all(a.user and a.user.memberships.filter(council=a.council).exists() for a in accepted)
    references = set(Application.objects.values_list("reference", flat=True))
    demo.load()
    assert Vacancy.objects.count() == 4 and Application.objects.count() == 20
    assert set(Application.objects.values_list("reference", flat=True)) == references
