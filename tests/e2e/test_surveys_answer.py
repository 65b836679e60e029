"""Answering a questionnaire in the browser, by keyboard alone (issue 16): a member follows the
card on Mijn overzicht, answers the first section, presses "Opslaan en later verder", comes back
through the card and finds the answers kept, goes on, hands in once without a required answer
(the error summary gets the focus) and then for real; the card is gone afterwards. axe-core on
every page."""

from __future__ import annotations

import pytest

from tests.e2e.keyboard import focused, tab_to

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _survey():
    from surveys.models import QuestionKind
    from surveys.tests.factories import (
        OptionFactory,
        QuestionFactory,
        SectionFactory,
        SurveyFactory,
    )

    survey = SurveyFactory(title="Inventarisatie behoeften 2026")
    first = SectionFactory(survey=survey, heading="Samenwerking", position=1)
    second = SectionFactory(survey=survey, heading="Tevredenheid", position=2)
    together = QuestionFactory(
        survey=survey,
        section=first,
        kind=QuestionKind.SINGLE,
        text="Werkt u samen met andere raden?",
        required=True,
    )
    OptionFactory(question=together, label="Ja", position=1)
    OptionFactory(question=together, label="Nee", position=2)
    which = QuestionFactory(
        survey=survey, section=first, kind=QuestionKind.SHORT_TEXT, text="Met welke raad?"
    )
    scale = QuestionFactory(
        survey=survey,
        section=second,
        kind=QuestionKind.SCALE,
        text="Hoe tevreden bent u?",
        required=True,
        scale_min_label="Helemaal niet",
        scale_max_label="Heel erg",
    )
    return survey, together, which, scale


def _press(page, text: str, key: str = "Enter"):
    tab_to(page, lambda el: el["text"] == text, limit=80)
    with page.expect_navigation():
        page.keyboard.press(key)


def _follow_card(page, url: str):
    tab_to(page, lambda el: el["href"] == url, limit=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(url), page.url


def test_a_member_answers_by_keyboard_stops_resumes_and_hands_in(
    page, public_site, log_in, assert_accessible
):
    from playwright.sync_api import expect

    from surveys.models import Response

    survey, together, which, scale = _survey()
    url = f"/vragenlijsten/{survey.pk}/invullen/"
    log_in(page, public_site["member"])
    card = page.locator(".card--work", has_text="Vragenlijsten om in te vullen")
    expect(
        card.get_by_role("link", name="Beginnen (Inventarisatie behoeften 2026)")
    ).to_be_visible()
    assert_accessible(page)

    # The first section by keyboard: "Ja" (Space on the first radio button), then the text.
    _follow_card(page, url)
    assert page.get_by_text("Deel 1 van 2").is_visible()
    assert_accessible(page)
    tab_to(page, lambda el: el["name"] == f"q{together.pk}", limit=80)
    page.keyboard.press("Space")
    tab_to(page, lambda el: el["name"] == f"q{which.pk}")
    page.keyboard.type("Limburg")
    _press(page, "Opslaan en later verder")
    assert page.url.endswith("/mijn/")
    assert page.get_by_text("Uw antwoorden zijn bewaard.").is_visible()
    expect(
        card.get_by_role("link", name="Verder gaan (Inventarisatie behoeften 2026)")
    ).to_be_visible()
    assert_accessible(page)

    # Back through the card: the answers are kept.
    _follow_card(page, url)
    assert page.get_by_label("Ja", exact=True).is_checked()
    assert page.get_by_label("Met welke raad?").input_value() == "Limburg"
    assert_accessible(page)
    _press(page, "Volgende")
    assert page.get_by_text("Deel 2 van 2").is_visible()
    assert_accessible(page)

    # Handing in without the required scale: the error summary has the focus.
    _press(page, "Versturen")
    summary = page.locator("#foutmeldingen")
    expect(summary).to_be_focused()
    assert "Hoe tevreden bent u?: Kies een getal." in summary.inner_text()
    assert_accessible(page)
    tab_to(page, lambda el: el["name"] == f"q{scale.pk}")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    assert focused(page)["name"] == f"q{scale.pk}"
    assert page.get_by_label("2", exact=True).is_checked()
    _press(page, "Versturen")
    assert page.get_by_text("Bedankt voor het invullen!").is_visible()
    assert page.get_by_text(
        "Omdat hij anoniem is, kan niemand uw antwoorden terugvinden"
    ).is_visible()
    assert_accessible(page)
    (response,) = Response.objects.filter(survey=survey)
    assert response.user_id is None
    assert response.answers.get(question=scale).number == 2

    page.goto("/mijn/")
    assert page.get_by_text("Vragenlijsten om in te vullen").count() == 0
