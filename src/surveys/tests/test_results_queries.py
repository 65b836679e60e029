"""The results pages make as many queries for 1,000 responses as for 10."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from .. import services_results as services
from ..models import Survey
from .results_data import add_responses, closed_survey, questions_for

pytestmark = pytest.mark.django_db


def _count(client, url, data=None) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200
    return len(queries), [q["sql"] for q in queries.captured_queries]


def _same(client, url, grow, data=None):
    client.get(url, data)  # the session and the site's settings are cached after this
    small, small_sql = _count(client, url, data)
    grow()
    large, large_sql = _count(client, url, data)
    assert small == large, "\n".join(["-- 10 --", *small_sql, "-- 1000 --", *large_sql])
    return small


@pytest.fixture
def survey_with_answers(roles):
    survey = closed_survey(
        council=roles.council,
        audience=Survey.Audience.COUNCILS,
        public_summary="Samenvatting.",
        public_at=timezone.now(),
    )
    survey.audience_councils.set([roles.council, roles.other_council])
    qs = questions_for(survey)
    add_responses(survey, qs, roles.council, 5)
    add_responses(survey, qs, roles.other_council, 5)
    for name in ("Scholing", "Contact"):
        services.theme_create(actor=roles["secretary"], survey=survey, name=name)
    return survey, qs


def _grow(survey, qs, roles):
    def grow():
        add_responses(survey, qs, roles.council, 500)
        add_responses(survey, qs, roles.other_council, 490)

    return grow


def test_results_page_queries_do_not_grow_with_the_responses(client, roles, survey_with_answers):
    survey, qs = survey_with_answers
    client.force_login(roles["secretary"])
    url = reverse("surveys:results", args=[survey.pk])
    n = _same(client, url, _grow(survey, qs, roles))
    assert n <= 30
    # Filtered by a council: the same again.
    _count(client, url, {"raad": roles.council.pk})


def test_filtered_results_page_queries_do_not_grow(client, roles, survey_with_answers):
    survey, qs = survey_with_answers
    client.force_login(roles["secretary"])
    url = reverse("surveys:results", args=[survey.pk])
    _same(client, url, _grow(survey, qs, roles), {"raad": roles.council.pk})


def test_question_page_queries_do_not_grow(client, roles, survey_with_answers):
    survey, qs = survey_with_answers
    client.force_login(roles["secretary"])
    url = reverse("surveys:results_question", args=[survey.pk, qs.text.pk])
    n = _same(client, url, _grow(survey, qs, roles))
    assert n <= 25


def test_public_page_queries_do_not_grow(client, roles, survey_with_answers):
    survey, qs = survey_with_answers
    url = reverse("surveys:public_results", args=[survey.pk])
    n = _same(client, url, _grow(survey, qs, roles))
    assert n <= 20


def test_public_index_queries_do_not_grow(client, roles, survey_with_answers, settings):
    settings.PUBLIC_PAGE_CACHE = False  # count the building, not a shared-cache hit (issue 18)

    def grow():
        for _ in range(8):
            closed_survey(public_summary="Nog een.", public_at=timezone.now())

    _same(client, reverse("surveys:public_results_index"), grow)
