from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from councils.tests.factories import CouncilFactory
from surveys.models import (
    Answer,
    DatePoll,
    DatePollOption,
    DatePollVote,
    Option,
    Participation,
    Question,
    QuestionKind,
    Response,
    Section,
    Survey,
    Theme,
)


class SurveyFactory(factory.django.DjangoModelFactory):
    """An open, published, anonymous questionnaire for all members, asked by no group."""

    class Meta:
        model = Survey

    title = factory.Sequence(lambda n: f"Inventarisatie {n}")
    intro = "Wij willen weten wat u nodig heeft."
    anonymous = True
    audience = Survey.Audience.ALL
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=12))
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    created_by = factory.SubFactory(UserFactory)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    survey = factory.SubFactory(SurveyFactory)
    heading = factory.Sequence(lambda n: f"Deel {n}")
    position = factory.Sequence(lambda n: n)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    kind = QuestionKind.SINGLE
    text = factory.Sequence(lambda n: f"Vraag {n}?")
    position = factory.Sequence(lambda n: n)


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Option

    question = factory.SubFactory(QuestionFactory)
    label = factory.Sequence(lambda n: f"Keuze {n}")
    position = factory.Sequence(lambda n: n)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    survey = factory.SubFactory(SurveyFactory)
    user = factory.SubFactory(UserFactory)


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    survey = factory.SubFactory(SurveyFactory)
    council = factory.SubFactory(CouncilFactory)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    question = factory.SubFactory(QuestionFactory)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    survey = factory.SubFactory(SurveyFactory)
    name = factory.Sequence(lambda n: f"Thema {n}")


class DatePollFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DatePoll

    title = factory.Sequence(lambda n: f"Kennismakingssessie {n}")
    meeting_kind = "introduction"
    council = factory.SubFactory(CouncilFactory)
    created_by = factory.SubFactory(UserFactory)


class DatePollOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DatePollOption

    poll = factory.SubFactory(DatePollFactory)
    starts_at = factory.Sequence(
        lambda n: (
            timezone.now().replace(minute=0, second=0, microsecond=0)
            + datetime.timedelta(days=20 + n)
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))


class DatePollVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DatePollVote

    option = factory.SubFactory(DatePollOptionFactory)
    user = factory.SubFactory(UserFactory)
    answer = DatePollVote.Answer.YES
