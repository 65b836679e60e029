"""The results of a questionnaire in the browser, by keyboard alone, with axe on every page
(charts included): the asker opens the results from the questionnaire's page, shows one
council's results, opens an open question's answers, makes a theme and ticks it for an answer."""

from __future__ import annotations

import pytest

from tests.e2e.keyboard import choose, focused, tab_to

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def survey(public_site):
    from surveys.models import Survey
    from surveys.tests.results_data import add_responses, closed_survey, questions_for

    roles = public_site
    survey = closed_survey(
        title="Inventarisatie 2026", council=roles.council, audience=Survey.Audience.COUNCILS
    )
    survey.audience_councils.set([roles.council, roles.other_council])
    qs = questions_for(survey)
    add_responses(survey, qs, roles.council, 6)
    add_responses(survey, qs, roles.other_council, 5)
    survey.qs = qs
    return survey


def _enter(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_the_asker_filters_reads_and_tags_open_answers(
    page, public_site, survey, log_in, assert_accessible
):
    from surveys.models import Answer

    roles = public_site
    council = roles.council
    log_in(page, roles["secretary"])
    page.goto(survey.get_absolute_url())
    assert_accessible(page)

    tab_to(page, lambda e: e["tag"] == "a" and e["text"] == "Uitslag bekijken", limit=80)
    _enter(page)
    assert page.url.endswith(f"/vragenlijsten/{survey.pk}/resultaten/")
    assert page.locator("svg.chart__svg").count() >= 4
    assert page.get_by_role("table", name="Werkt u samen?").is_visible()
    assert_accessible(page)

    # One council: chosen with the arrow keys, shown with Enter on the button.
    tab_to(page, lambda e: e["name"] == "raad", limit=80)
    choose(page, "select[name=raad]", str(council.pk))
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Toon uitslag")
    _enter(page)
    assert f"raad={council.pk}" in page.url
    assert "6 mensen gaven antwoord op deze vraag." in page.inner_text("main")
    assert_accessible(page)

    # All answers to the open question, for the same council.
    question_path = f"/resultaten/vraag/{survey.qs.text.pk}/"
    tab_to(page, lambda e: (e["href"] or "").find(question_path) >= 0, limit=120)
    _enter(page)
    assert f"raad={council.pk}" in page.url
    main = page.inner_text("main")
    assert "[TELEFOON]" in main and "06-12345678" not in main
    assert_accessible(page)

    # A theme, typed and sent with Enter.
    tab_to(page, lambda e: e["name"] == "name", limit=80)
    page.keyboard.type("Scholing")
    _enter(page)
    assert "Het thema ‘Scholing’ is gemaakt." in page.inner_text("main")
    assert_accessible(page)

    # Tick it for the first answer with Space, save with Enter on the button.
    first = Answer.objects.filter(question=survey.qs.text, response__council=council).order_by(
        "pk"
    )[0]
    tab_to(page, lambda e: e["name"] == f"answer_{first.pk}", limit=80)
    page.keyboard.press("Space")
    assert focused(page)["tag"] == "input"
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Thema's opslaan", limit=200)
    _enter(page)
    assert "De thema's zijn opgeslagen." in page.inner_text("main")
    assert page.get_by_role("table", name="Antwoorden per thema").inner_text().count("1") >= 1
    assert page.locator(f"input[name=answer_{first.pk}]").is_checked()
    assert list(first.themes.values_list("name", flat=True)) == ["Scholing"]
    assert_accessible(page)
