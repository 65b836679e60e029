"""Query counts of the answer part: the card on Mijn overzicht with 1 and 5 open questionnaires,
and the answer page with 5 and 30 questions (the second of two identical requests; every query
is printed when the counts differ)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from surveys.models import QuestionKind
from surveys.tests.answer_helpers import member_of_new_council
from surveys.tests.factories import (
    OptionFactory,
    ParticipationFactory,
    QuestionFactory,
    SectionFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db

KINDS = list(QuestionKind)


def _measure(client, url: str, expect: str):
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert expect in response.content.decode()
    return captured


def _report(label, captured) -> str:
    lines = [f"--- {label}: {len(captured)} queries"]
    return "\n".join(
        lines + [f"{i:3}. {q['sql']}" for i, q in enumerate(captured.captured_queries, 1)]
    )


def _assert_same(url, small, large):
    detail = _report("small", small) + "\n" + _report("large", large)
    assert len(small) == len(large), f"{url}: {len(small)} vs {len(large)}\n{detail}"


def _surveys(user, n: int, start: int) -> None:
    for i in range(start, start + n):
        # The first asks members only: the roles are looked up in both runs.
        survey = SurveyFactory(
            title=f"Vragenlijst {i}", audience_roles=["member"] if i == 0 else []
        )
        if i % 2:
            ParticipationFactory(survey=survey, user=user, draft={"1": "a"})


def test_the_dashboard_card_costs_the_same_for_1_and_5_questionnaires(client):
    member = member_of_new_council()
    client.force_login(member)
    _surveys(member, 1, 0)
    small = _measure(client, "/mijn/", "Vragenlijst 0")
    _surveys(member, 4, 1)
    large = _measure(client, "/mijn/", "Vragenlijst 4")
    _assert_same("/mijn/", small, large)


def _questions(survey, section, n: int, start: int) -> None:
    for i in range(start, start + n):
        kind = KINDS[i % len(KINDS)]
        question = QuestionFactory(
            survey=survey, section=section, kind=kind, text=f"Vraag nummer {i}?", has_other=True
        )
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANK):
            for j in range(3):
                OptionFactory(question=question, label=f"Keuze {i}.{j}")


@pytest.mark.parametrize("anonymous", [True, False])
def test_the_answer_page_costs_the_same_for_5_and_30_questions(client, anonymous):
    member = member_of_new_council()
    client.force_login(member)
    small_survey = SurveyFactory(anonymous=anonymous)
    _questions(small_survey, SectionFactory(survey=small_survey), 5, 0)
    ParticipationFactory(survey=small_survey, user=member, draft={"1": "a"})
    large_survey = SurveyFactory(anonymous=anonymous)
    section = SectionFactory(survey=large_survey)
    _questions(large_survey, section, 30, 0)
    ParticipationFactory(survey=large_survey, user=member, draft={"1": "a"})
    small_url = reverse("surveys:answer", args=[small_survey.pk])
    large_url = reverse("surveys:answer", args=[large_survey.pk])
    small = _measure(client, small_url, "Vraag nummer 4?")
    large = _measure(client, large_url, "Vraag nummer 29?")
    _assert_same(large_url, small, large)
