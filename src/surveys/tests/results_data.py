"""A questionnaire with answers for the results tests, built with bulk_create (1,000 responses
in a second)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from ..models import Answer, Participation, Question, QuestionKind, Response, Survey
from .factories import OptionFactory, QuestionFactory, SectionFactory, SurveyFactory

PHONE_TEXT = "Bel mij op 06-12345678 over de scholing."


@dataclass
class Questions:
    single: Question
    scale: Question
    number: Question
    rank: Question
    text: Question


def closed_survey(**kwargs) -> Survey:
    now = timezone.now()
    defaults = {
        "opens_at": now - datetime.timedelta(days=30),
        "closes_at": now - datetime.timedelta(days=1),
        "published_at": now - datetime.timedelta(days=30),
    }
    return SurveyFactory(**{**defaults, **kwargs})


def questions_for(survey: Survey) -> Questions:
    """Two sections: choices, scale and number in the first; a ranking and an open question in
    the second. The one-choice question has 'anders, namelijk'."""
    first = SectionFactory(survey=survey, heading="Samenwerken", position=1)
    second = SectionFactory(survey=survey, heading="Wensen", position=2)
    single = QuestionFactory(
        survey=survey,
        section=first,
        kind=QuestionKind.SINGLE,
        text="Werkt u samen?",
        has_other=True,
    )
    OptionFactory(question=single, label="Ja")
    OptionFactory(question=single, label="Nee")
    scale = QuestionFactory(
        survey=survey,
        section=first,
        kind=QuestionKind.SCALE,
        text="Hoe tevreden bent u?",
        scale_min_label="Heel ontevreden",
        scale_max_label="Heel tevreden",
    )
    number = QuestionFactory(
        survey=survey, section=first, kind=QuestionKind.NUMBER, text="Hoeveel uur per maand?"
    )
    rank = QuestionFactory(survey=survey, section=second, kind=QuestionKind.RANK, text="Wat eerst?")
    OptionFactory(question=rank, label="Scholing")
    OptionFactory(question=rank, label="Contact")
    text = QuestionFactory(
        survey=survey, section=second, kind=QuestionKind.LONG_TEXT, text="Wat heeft u nodig?"
    )
    return Questions(single, scale, number, rank, text)


def add_responses(survey: Survey, qs: Questions, council, n: int, *, role: str = "member"):
    """``n`` finished responses of ``council`` with an answer to every question: every third
    chose 'anders' with a text, every response has an open answer (the first with a phone
    number)."""
    yes, no = list(qs.single.options.all())
    first, second = list(qs.rank.options.all())
    responses = Response.objects.bulk_create(
        [Response(survey=survey, council=council, role=role) for _ in range(n)]
    )
    answers = []
    for i, response in enumerate(responses):
        if i % 3 == 2:
            answers.append(
                Answer(response=response, question=qs.single, is_other=True, text=f"Anders {i}")
            )
        else:
            answers.append(Answer(response=response, question=qs.single, option=(yes, no)[i % 2]))
        answers.append(Answer(response=response, question=qs.scale, number=1 + i % 5))
        answers.append(Answer(response=response, question=qs.number, number=i % 20))
        order = (first, second) if i % 2 else (second, first)
        for place, option in enumerate(order, start=1):
            answers.append(Answer(response=response, question=qs.rank, option=option, rank=place))
        answers.append(
            Answer(
                response=response,
                question=qs.text,
                text=PHONE_TEXT if i == 0 else f"Antwoord {i} van {council.slug}",
            )
        )
    Answer.objects.bulk_create(answers)
    return responses


def add_participations(survey: Survey, memberships, *, finished: bool = True):
    Participation.objects.bulk_create(
        [
            Participation(survey=survey, user=m.user, council=m.council, finished=finished)
            for m in memberships
        ]
    )
