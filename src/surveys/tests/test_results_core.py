from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from councils.tests.factories import CouncilFactory

from ..models import Answer, QuestionKind, Response
from ..results import survey_results
from .factories import OptionFactory, QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def _answers(survey, council, n, *, choice, scale, number, ranking):
    for i in range(n):
        response = Response.objects.create(survey=survey, council=council, role="member")
        Answer.objects.create(response=response, question=choice.question, option=choice)
        Answer.objects.create(response=response, question=scale, number=1 + i % 5)
        Answer.objects.create(response=response, question=number, number=i)
        for place, option in enumerate(ranking, start=1):
            Answer.objects.create(
                response=response, question=option.question, option=option, rank=place
            )


def test_figures_per_kind_and_a_small_group_is_never_shown_apart():
    survey = SurveyFactory()
    single = QuestionFactory(survey=survey, kind=QuestionKind.SINGLE, has_other=True)
    yes, no = (
        OptionFactory(question=single, label="Ja"),
        OptionFactory(question=single, label="Nee"),
    )
    scale = QuestionFactory(survey=survey, kind=QuestionKind.SCALE, scale_max_label="Heel goed")
    number = QuestionFactory(survey=survey, kind=QuestionKind.NUMBER)
    rank = QuestionFactory(survey=survey, kind=QuestionKind.RANK)
    first, second = OptionFactory(question=rank, label="A"), OptionFactory(question=rank, label="B")
    big, small = CouncilFactory(), CouncilFactory()
    _answers(survey, big, 6, choice=yes, scale=scale, number=number, ranking=[second, first])
    _answers(survey, small, 4, choice=no, scale=scale, number=number, ranking=[first, second])

    with CaptureQueriesContext(connection) as queries:
        results = survey_results(survey)
    assert len(queries) <= 8
    assert results.responses == 10
    single_r, scale_r, number_r, rank_r = results.questions
    assert [(r.label, r.count, r.percent) for r in single_r.rows] == [
        ("Ja", 6, 60),
        ("Nee", 4, 40),
        ("Anders", 0, 0),
    ]
    assert [r.count for r in scale_r.rows] == [3, 2, 2, 2, 1]
    assert scale_r.rows[-1].label == "5 (Heel goed)"
    assert number_r.mean == 2.1 and number_r.minimum == 0 and number_r.maximum == 5
    assert [(r.label, r.count, r.mean_rank) for r in rank_r.rows] == [("B", 6, 1.4), ("A", 4, 1.6)]

    assert survey_results(survey, council_id=big.pk).responses == 6
    assert not survey_results(survey, council_id=big.pk).suppressed
    hidden = survey_results(survey, council_id=small.pk)
    assert hidden.suppressed and hidden.questions == []
