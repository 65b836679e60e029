"""Permission matrix rows for the exports part of the questionnaires (issue 16): the answers and
the summary as CSV and XLSX, the results as PDF, and "Naar plan van aanpak".

The objects: an anonymous questionnaire asked by noord's secretary (the asker) of noord's
members (the audience: noord's member), with a few answers, and a plan of noord. Only the asker
and administrators (``can_manage_survey``) export or make proposals; the audience, members of
other councils, editors and liaisons get 403, a visitor the login page."""

from __future__ import annotations

from tests.matrix import DENY, Case, logged_in

READY = "surveys_exports_ready"
ASKER = logged_in(DENY, secretary=200, administrator=200)


def extend_context(context):
    if context.get(READY):
        return context
    from proposals.tests.factories import PlanFactory
    from surveys.models import Answer, QuestionKind, Response, Survey
    from surveys.tests.factories import OptionFactory, QuestionFactory, SurveyFactory

    roles = context["roles"]
    survey = SurveyFactory(
        council=roles.council,
        title="Behoeften van de leden",
        audience=Survey.Audience.COUNCILS,
        created_by=roles["secretary"],
    )
    survey.audience_councils.add(roles.council)
    question = QuestionFactory(survey=survey, kind=QuestionKind.SINGLE, text="Duidelijk?")
    yes = OptionFactory(question=question, label="Ja")
    OptionFactory(question=question, label="Nee")
    for _i in range(5):
        response = Response.objects.create(survey=survey, council=roles.council, role="member")
        Answer.objects.create(response=response, question=question, option=yes)
    context.update(
        {
            READY: True,
            "export_survey": survey,
            "export_question": question,
            "export_plan": PlanFactory(council=roles.council, title="Plan Noord"),
        }
    )
    return context


def _url(suffix):
    return lambda c: f"/vragenlijsten/{extend_context(c)['export_survey'].pk}/{suffix}"


def _to_plan_data(c):
    c = extend_context(c)
    return {"plan": c["export_plan"].pk, "questions": [c["export_question"].pk], "maken": "1"}


CASES = [
    Case("surveys:export_answers (csv)", _url("export/antwoorden.csv"), ASKER),
    Case("surveys:export_answers (xlsx)", _url("export/antwoorden.xlsx"), ASKER),
    Case("surveys:export_summary (csv)", _url("export/samenvatting.csv"), ASKER),
    Case("surveys:export_summary (xlsx)", _url("export/samenvatting.xlsx"), ASKER),
    Case("surveys:export_pdf", _url("export/uitslag.pdf"), ASKER),
    Case(
        "surveys:export_answers (unknown)",
        lambda c: "/vragenlijsten/999999/export/antwoorden.csv",
        logged_in(404),
    ),
    Case("surveys:to_plan", _url("naar-plan/"), ASKER),
    Case(
        "surveys:to_plan (make)",
        _url("naar-plan/"),
        logged_in(DENY, secretary=302, administrator=302),
        method="post",
        data=_to_plan_data,
    ),
]
