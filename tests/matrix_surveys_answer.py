"""Permission matrix rows for answering a questionnaire (/vragenlijsten/<pk>/invullen/).

The objects: an open questionnaire for the council "noord" (its member and secretary are the
audience; everyone else, also the central council's member and noord's ex-member, gets 403), and
the same questionnaire closed (the audience reads that it closed; a POST writes nothing: 409)."""

from __future__ import annotations

import datetime

from tests.matrix import DENY, Case, logged_in

READY = "surveys_answer_ready"

AUDIENCE = logged_in(DENY, member=200, secretary=200)


def extend_context(context):
    if context.get(READY):
        return context
    from django.utils import timezone

    from surveys.models import QuestionKind, Survey
    from surveys.tests.factories import OptionFactory, QuestionFactory, SurveyFactory

    def make(**kwargs):
        survey = SurveyFactory(audience=Survey.Audience.COUNCILS, **kwargs)
        survey.audience_councils.set([context["roles"].council])
        question = QuestionFactory(survey=survey, kind=QuestionKind.SINGLE, text="Goed zo?")
        OptionFactory(question=question, label="Ja")
        return survey, question

    now = timezone.now()
    open_survey, question = make(title="Open vragenlijst")
    closed_survey, _ = make(
        title="Gesloten vragenlijst",
        opens_at=now - datetime.timedelta(days=20),
        closes_at=now - datetime.timedelta(days=1),
    )
    context.update(
        {
            READY: True,
            "answer_survey": open_survey,
            "answer_question": question,
            "answer_closed": closed_survey,
        }
    )
    return context


def _url(key):
    return lambda c: f"/vragenlijsten/{extend_context(c)[key].pk}/invullen/"


def _save(c):
    extend_context(c)
    return {"deel": "1", "actie": "opslaan", f"q{c['answer_question'].pk}": ""}


CASES = [
    Case("surveys:answer", _url("answer_survey"), AUDIENCE),
    Case(
        "surveys:answer (post)",
        _url("answer_survey"),
        logged_in(DENY, member=302, secretary=302),
        method="post",
        data=_save,
    ),
    Case("surveys:answer (closed)", _url("answer_closed"), AUDIENCE),
    Case(
        "surveys:answer (closed, post)",
        _url("answer_closed"),
        logged_in(DENY, member=409, secretary=409),
        method="post",
        data=lambda c: {"deel": "1", "actie": "versturen"},
    ),
    Case(
        "surveys:answer (unknown)",
        lambda c: "/vragenlijsten/999999/invullen/",
        logged_in(404),
    ),
]
