from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from councils.tests.factories import CouncilFactory, MembershipFactory

from ..audience import is_in_audience, open_surveys_for
from ..models import Survey
from .factories import ParticipationFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def test_a_finished_participation_cannot_keep_answers_in_progress():
    participation = ParticipationFactory(draft={"1": "ja"})
    participation.finished = True
    with pytest.raises(IntegrityError), transaction.atomic():
        participation.save()
    participation.draft = {}
    participation.save()


def test_the_audience_of_chosen_councils_and_roles():
    north, south = CouncilFactory(), CouncilFactory()
    member = MembershipFactory(council=north).user
    secretary = MembershipFactory(council=north, role="secretary").user
    other = MembershipFactory(council=south).user
    survey = SurveyFactory(audience=Survey.Audience.COUNCILS, audience_roles=["secretary"])
    survey.audience_councils.set([north])
    assert is_in_audience(survey, secretary.pk)
    assert not is_in_audience(survey, member.pk)
    assert not is_in_audience(survey, other.pk)
    assert list(open_surveys_for(secretary.pk)) == [survey]
    assert list(open_surveys_for(member.pk)) == []
    assert list(open_surveys_for(other.pk)) == []


def test_a_role_counts_only_on_a_council_the_questionnaire_asks():
    """The lists (``open_surveys_for``) agree with the answer page (``is_in_audience``)."""
    north, south = CouncilFactory(), CouncilFactory()
    person = MembershipFactory(council=north).user
    MembershipFactory(council=south, user=person, role="secretary")
    survey = SurveyFactory(audience=Survey.Audience.COUNCILS, audience_roles=["secretary"])
    survey.audience_councils.set([north])
    assert not is_in_audience(survey, person.pk)
    assert list(open_surveys_for(person.pk)) == []
    survey.audience_councils.set([north, south])
    assert is_in_audience(survey, person.pk)
    assert list(open_surveys_for(person.pk)) == [survey]
