"""Writing a questionnaire in the browser, by keyboard alone, with axe on every page: noord's
secretary goes from "Mijn overzicht" to Vragenlijsten, starts a new questionnaire (a first try
without a title: the error summary gets the focus and the typed introduction stays), adds a
section, a one-choice question with "anders, namelijk", a question shown only after "Ja", and
publishes."""

from __future__ import annotations

import pytest

from tests.e2e.keyboard import choose, focused, tab_to

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _name(name):
    return lambda element: element["name"] == name


def _link(text):
    return lambda element: element["tag"] == "a" and element["text"] == text


def _button(text):
    return lambda element: element["tag"] == "button" and element["text"] == text


def _go(page, match, *, key="Enter", limit=80):
    tab_to(page, match, limit=limit)
    with page.expect_navigation():
        page.keyboard.press(key)


def test_a_secretary_writes_and_publishes_a_questionnaire_by_keyboard(
    page, roles, log_in, assert_accessible
):
    from surveys.models import QuestionKind, Survey

    log_in(page, roles["secretary"])
    page.goto("/mijn/")
    assert_accessible(page)
    _go(page, _link("Vragenlijsten"))
    assert page.url.endswith("/vragenlijsten/")
    assert_accessible(page)
    _go(page, _link("Nieuwe vragenlijst"))
    assert_accessible(page)

    # First try: an introduction, no title.
    intro = "Wij willen weten hoe u samenwerkt met andere raden."
    tab_to(page, _name("intro"), limit=60)
    page.keyboard.type(intro)
    _go(page, _button("Vragenlijst maken"))
    assert page.locator(".error-summary").evaluate("e => e === document.activeElement")
    assert "Geef de vragenlijst een titel." in page.locator(".error-summary").inner_text()
    assert page.locator("textarea[name=intro]").input_value() == intro
    assert_accessible(page)
    tab_to(page, _name("title"))
    page.keyboard.type("Samenwerken in Noord")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    survey = Survey.objects.get(title="Samenwerken in Noord")
    assert survey.intro == intro and survey.published_at is None
    assert_accessible(page)

    _go(page, _link("Deel met een kop toevoegen"))
    assert_accessible(page)
    tab_to(page, _name("heading"), limit=60)
    page.keyboard.type("Samenwerken met andere raden")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    _go(page, _link("Vraag toevoegen"))
    assert_accessible(page)
    tab_to(page, _name("text"), limit=60)
    page.keyboard.type("Werkt u samen met een andere raad?")
    tab_to(page, _name("options"))
    page.keyboard.type("Ja")
    page.keyboard.press("Enter")
    page.keyboard.type("Nee")
    tab_to(page, _name("has_other"))
    page.keyboard.press("Space")
    _go(page, _button("Vraag toevoegen"))
    works = survey.questions.get()
    assert works.has_other and [o.label for o in works.options.all()] == ["Ja", "Nee"]
    assert works.section.heading == "Samenwerken met andere raden"

    _go(page, _link("Vraag toevoegen"))
    tab_to(page, _name("kind"), limit=60)
    choose(page, "#id_kind", QuestionKind.LONG_TEXT)
    tab_to(page, _name("text"))
    page.keyboard.type("Wat gaat goed in die samenwerking?")
    tab_to(page, _name("show_if_option"))
    choose(page, "#id_show_if_option", str(works.options.get(label="Ja").pk))
    assert focused(page)["name"] == "show_if_option"
    assert_accessible(page)
    _go(page, _button("Vraag toevoegen"))
    assert page.get_by_text(
        "Alleen tonen als bij “Werkt u samen met een andere raad?”"
    ).is_visible()
    assert_accessible(page)

    _go(page, _button("Publiceren"))
    assert page.get_by_text("De vragenlijst is gepubliceerd.").is_visible()
    assert_accessible(page)
    survey.refresh_from_db()
    assert survey.published_at is not None
    assert survey.questions.get(kind=QuestionKind.LONG_TEXT).show_if_option.label == "Ja"
