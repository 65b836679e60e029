"""The answers export reads a fixed number of queries whatever the number of responses (10 and
1,000), in either format and for anonymous and named questionnaires alike."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from surveys.models import Answer, Response

from .test_exports import make_survey

pytestmark = pytest.mark.django_db


def _fill(survey, q, council, n, *, named):
    users = UserFactory.create_batch(n) if named else [None] * n
    responses = Response.objects.bulk_create(
        Response(survey=survey, council=council, role="member", user=user) for user in users
    )
    answers = []
    for i, response in enumerate(responses):
        answers += [
            Answer(response=response, question=q["single"], option=q["yes" if i % 3 else "no"]),
            Answer(response=response, question=q["multiple"], option=q["site"]),
            Answer(response=response, question=q["multiple"], is_other=True, text="Iets anders"),
            Answer(response=response, question=q["scale"], number=1 + i % 5),
            Answer(response=response, question=q["number"], number=i),
            Answer(response=response, question=q["text"], text=f"Antwoord {i}"),
            Answer(response=response, question=q["rank"], option=q["a"], rank=1),
            Answer(response=response, question=q["rank"], option=q["b"], rank=2),
        ]
    Answer.objects.bulk_create(answers)


def _count(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return len(queries), len(body)


@pytest.mark.parametrize("named", [False, True])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_answers_export_takes_the_same_queries_for_10_and_1000_responses(
    client, roles, fmt, named
):
    counts = []
    for n in (10, 1000):
        survey, q = make_survey(roles.council, anonymous=not named)
        _fill(survey, q, roles.council, n, named=named)
        client.force_login(roles["secretary"])
        queries, size = _count(client, f"/vragenlijsten/{survey.pk}/export/antwoorden.{fmt}")
        counts.append(queries)
    assert counts[0] == counts[1], counts
    assert counts[0] <= 16


def test_the_summary_and_pdf_take_the_same_queries_for_10_and_1000_responses(client, roles):
    counts = []
    for n in (10, 1000):
        survey, q = make_survey(roles.council)
        _fill(survey, q, roles.council, n, named=False)
        client.force_login(roles["secretary"])
        counts.append(
            [
                _count(client, f"/vragenlijsten/{survey.pk}/export/samenvatting.csv")[0],
                _count(client, f"/vragenlijsten/{survey.pk}/export/uitslag.pdf")[0],
            ]
        )
    assert counts[0] == counts[1], counts
