"""The questionnaires page and a questionnaire's page: their query counts do not grow with the
number of questionnaires, answers or questions (measured at two sizes, on the second of two
identical requests; every query is printed when the counts differ)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from surveys.models import QuestionKind, Survey
from surveys.tests.factories import (
    OptionFactory,
    ParticipationFactory,
    QuestionFactory,
    ResponseFactory,
    SectionFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 30


def _measure(client, url: str, expect: tuple[str, ...] = ()):
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    missing = [text for text in expect if text not in html]
    assert not missing, f"{url} does not show {missing}"
    return captured


def _assert_flat(url, small, large):
    def report(label, captured):
        lines = [f"--- {label}: {len(captured)} queries"]
        return "\n".join(
            lines + [f"{i:3}. {q['sql']}" for i, q in enumerate(captured.captured_queries, 1)]
        )

    detail = report("small", small) + "\n" + report("large", large)
    assert len(small) == len(large), f"{url}: {len(small)} vs {len(large)}\n{detail}"
    assert len(large) <= MAX_QUERIES, detail


def _add(roles, n: int, start: int):
    """``n`` of each: open for noord's secretary (one begun, one finished), closed with results
    for members, and asked by noord (with responses)."""
    now = timezone.now()
    secretary = roles["secretary"]
    for i in range(start, start + n):
        open_ = SurveyFactory(title=f"Open {i}")
        if i % 3 == 1:
            ParticipationFactory(survey=open_, user=secretary, draft={"1": "a"})
        elif i % 3 == 2:
            ParticipationFactory(survey=open_, user=secretary, finished=True)
        SurveyFactory(
            title=f"Uitslag {i}",
            opens_at=now - datetime.timedelta(days=30),
            closes_at=now - datetime.timedelta(days=1),
            results_for=Survey.ResultsFor.MEMBERS,
        )
        asked = SurveyFactory(
            title=f"Gesteld {i}",
            council=roles.council,
            audience=Survey.Audience.COUNCILS,
            published_at=None if i % 2 else now,
        )
        asked.audience_councils.add(roles.council)
        for _ in range(i % 3):
            ResponseFactory(survey=asked, council=roles.council)


def test_the_index_does_not_grow_with_questionnaires(client, roles):
    client.force_login(roles["secretary"])
    _add(roles, 2, 0)
    small = _measure(client, "/vragenlijsten/", ("Open 1", "Uitslag 1", "Gesteld 1"))
    _add(roles, 12, 2)
    large = _measure(client, "/vragenlijsten/", ("Open 13", "Uitslag 13", "Gesteld 13"))
    _assert_flat("/vragenlijsten/", small, large)


def _add_questions(survey, n: int, start: int):
    section = SectionFactory(survey=survey, heading=f"Deel {start}", position=start)
    first = None
    for i in range(start, start + n):
        question = QuestionFactory(
            survey=survey, section=section, text=f"Vraag nummer {i}", position=i
        )
        OptionFactory(question=question, label=f"Ja {i}")
        OptionFactory(question=question, label=f"Nee {i}")
        first = first or question.options.first()
        QuestionFactory(
            survey=survey,
            section=section,
            kind=QuestionKind.LONG_TEXT,
            text=f"Toelichting {i}",
            position=i,
            show_if_option=first,
        )


def test_the_askers_page_does_not_grow_with_questions(client, roles):
    survey = SurveyFactory(council=roles.council, audience=Survey.Audience.COUNCILS)
    client.force_login(roles["secretary"])
    url = f"/vragenlijsten/{survey.pk}/"
    _add_questions(survey, 2, 0)
    small = _measure(client, url, ("Vraag nummer 1",))
    _add_questions(survey, 12, 100)
    large = _measure(client, url, ("Vraag nummer 111", "Ja 111"))
    _assert_flat(url, small, large)
