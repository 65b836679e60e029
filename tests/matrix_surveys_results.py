"""Permission matrix rows for the results of questionnaires (issue 16, part C).

The objects: questionnaires asked by the council "noord" (its secretary is the asker) of noord's
members: two still open (results for members, for the asker), one closed with results for the
asker only, one closed with results for members, and one closed whose summary is public. Each
has an open question with an answer and a theme. noord's member is in the audience; Limburg's
member, the central member, the editor and the liaison are not."""

from __future__ import annotations

import datetime

from tests.matrix import DENY, Case, everyone, logged_in

READY = "surveys_results_ready"

ASKER = logged_in(DENY, secretary=200, administrator=200)
ASKER_POST = logged_in(DENY, secretary=302, administrator=302)
AUDIENCE = logged_in(DENY, member=200, secretary=200, administrator=200)
EDITORS = logged_in(DENY, editor=200, administrator=200)


def _survey(roles, *, closed: bool, results_for: str, **kwargs):
    from django.utils import timezone

    from surveys.models import QuestionKind, Response, Survey
    from surveys.tests.factories import (
        AnswerFactory,
        QuestionFactory,
        SurveyFactory,
        ThemeFactory,
    )

    now = timezone.now()
    survey = SurveyFactory(
        council=roles.council,
        audience=Survey.Audience.COUNCILS,
        results_for=results_for,
        opens_at=now - datetime.timedelta(days=20),
        published_at=now - datetime.timedelta(days=20),
        closes_at=now + (-datetime.timedelta(days=1) if closed else datetime.timedelta(days=5)),
        **kwargs,
    )
    survey.audience_councils.set([roles.council])
    question = QuestionFactory(survey=survey, kind=QuestionKind.LONG_TEXT, text="Wat mist u?")
    response = Response.objects.create(survey=survey, council=roles.council, role="member")
    survey.answer = AnswerFactory(response=response, question=question, text="Meer scholing")
    survey.question = question
    survey.theme = ThemeFactory(survey=survey, name="Scholing")
    return survey


def extend_context(context):
    if context.get(READY):
        return context
    from django.utils import timezone

    roles = context["roles"]
    context.update(
        {
            READY: True,
            "results_open": _survey(roles, closed=False, results_for="members"),
            "results_open_asker": _survey(roles, closed=False, results_for="asker"),
            "results_asker": _survey(roles, closed=True, results_for="asker"),
            "results_members": _survey(roles, closed=True, results_for="members"),
            "results_public": _survey(
                roles,
                closed=True,
                results_for="asker",
                public_summary="Leden willen scholing.",
                public_at=timezone.now(),
            ),
        }
    )
    return context


def _url(key, suffix=""):
    def path(c):
        return f"/vragenlijsten/{extend_context(c)[key].pk}/{suffix}"

    return path


def _question(key, suffix=""):
    def path(c):
        survey = extend_context(c)[key]
        return f"/vragenlijsten/{survey.pk}/resultaten/vraag/{survey.question.pk}/{suffix}"

    return path


def _tags(key):
    def data(c):
        survey = extend_context(c)[key]
        return {f"answer_{survey.answer.pk}": [str(survey.theme.pk)]}

    return data


def _theme(c):
    return {"name": f"Thema {c['n']}"}


CASES = [
    # The results page: the asker always, also while open; the audience once closed and
    # published to members; nobody else.
    Case("surveys:results (open)", _url("results_open", "resultaten/"), ASKER),
    Case("surveys:results (open, for asker)", _url("results_open_asker", "resultaten/"), ASKER),
    Case("surveys:results (closed, for asker)", _url("results_asker", "resultaten/"), ASKER),
    Case("surveys:results (closed, for members)", _url("results_members", "resultaten/"), AUDIENCE),
    Case(
        "surveys:results (unknown)",
        lambda c: "/vragenlijsten/999999/resultaten/",
        logged_in(404),
    ),
    Case(
        "surveys:results (filtered)",
        lambda c: _url("results_members", "resultaten/")(c) + f"?raad={c['roles'].council.pk}",
        AUDIENCE,
    ),
    Case(
        "surveys:results_visibility",
        _url("results_open", "resultaten/zichtbaarheid/"),
        ASKER_POST,
        method="post",
        data=lambda c: {"results_for": "members"},
    ),
    Case(
        "surveys:results_visibility (closed, for members)",
        _url("results_members", "resultaten/zichtbaarheid/"),
        ASKER_POST,
        method="post",
        data=lambda c: {"results_for": "asker"},
    ),
    # One question's open answers.
    Case("surveys:results_question (open)", _question("results_open"), ASKER),
    Case("surveys:results_question (open, for asker)", _question("results_open_asker"), ASKER),
    Case("surveys:results_question (closed, for asker)", _question("results_asker"), ASKER),
    Case("surveys:results_question (closed, for members)", _question("results_members"), AUDIENCE),
    Case(
        "surveys:results_question (unknown question)",
        lambda c: _url("results_members", "resultaten/vraag/999999/")(c),
        logged_in(DENY, member=404, secretary=404, administrator=404),
    ),
    Case(
        "surveys:results_question (tag, open)",
        _question("results_open"),
        ASKER_POST,
        method="post",
        data=_tags("results_open"),
    ),
    Case(
        "surveys:results_question (tag, closed, for members)",
        _question("results_members"),
        ASKER_POST,  # the audience may read, not tag
        method="post",
        data=_tags("results_members"),
    ),
    Case(
        "surveys:results_theme_create",
        _question("results_open", "thema/"),
        ASKER_POST,
        method="post",
        data=_theme,
    ),
    Case(
        "surveys:results_theme_create (closed, for members)",
        _question("results_members", "thema/"),
        ASKER_POST,
        method="post",
        data=_theme,
    ),
    # The public summary: editors and administrators, once closed.
    Case("surveys:results_publish", _url("results_asker", "openbaar-maken/"), EDITORS),
    Case(
        "surveys:results_publish (open)",
        _url("results_open", "openbaar-maken/"),
        logged_in(DENY),
    ),
    Case(
        "surveys:results_publish (post)",
        _url("results_asker", "openbaar-maken/"),
        logged_in(DENY, editor=302, administrator=302),
        method="post",
        data=lambda c: {"action": "publish", "public_summary": "Leden willen scholing."},
    ),
    Case(
        "surveys:results_publish (withdraw)",
        _url("results_public", "openbaar-maken/"),
        logged_in(DENY, editor=302, administrator=302),
        method="post",
        data=lambda c: {"action": "withdraw"},
    ),
    Case(
        "surveys:results_publish (post, open)",
        _url("results_open", "openbaar-maken/"),
        logged_in(DENY),
        method="post",
        data=lambda c: {"action": "publish", "public_summary": "Te vroeg."},
    ),
    # The public pages: everyone, only what an editor made public.
    Case("surveys:public_results_index", lambda c: "/uitkomsten-vragenlijsten/", everyone(200)),
    Case(
        "surveys:public_results",
        lambda c: f"/uitkomsten-vragenlijsten/{extend_context(c)['results_public'].pk}/",
        everyone(200),
    ),
    Case(
        "surveys:public_results (not public)",
        lambda c: f"/uitkomsten-vragenlijsten/{extend_context(c)['results_members'].pk}/",
        everyone(404),
    ),
]
