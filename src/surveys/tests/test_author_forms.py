"""The asker's forms: what each person may choose, and each refusal in plain Dutch."""

from __future__ import annotations

import pytest

from councils.selectors import viewer_for
from surveys.forms_author import QuestionForm, QuestionTextForm, SurveyForm

pytestmark = pytest.mark.django_db

VALID = {
    "title": "Wat heeft u nodig?",
    "anonymous": "anonymous",
    "audience": "all",
    "opens_at": "2031-03-01T10:00",
    "closes_at": "2031-03-15T17:00",
    "results_for": "asker",
}


def test_a_district_secretary_chooses_only_their_council_and_no_audience(roles):
    form = SurveyForm(viewer=viewer_for(roles["secretary"]))
    assert form.fields["asker"].choices == [(f"council-{roles.council.pk}", roles.council.name)]
    assert "audience" not in form.fields and "audience_councils" not in form.fields
    assert "audience_roles" in form.fields


def test_an_editor_asks_for_the_platform_with_any_audience(roles):
    form = SurveyForm({**VALID, "asker": "platform"}, viewer=viewer_for(roles["editor"]))
    assert form.is_valid(), form.errors
    data = form.service_kwargs()
    assert data["anonymous"] is True and data["audience"] == "all"
    assert data["audience_councils"] == []


def test_the_errors_are_clear_and_in_dutch(roles):
    form = SurveyForm(
        {
            **VALID,
            "asker": "platform",
            "title": "",
            "audience": "councils",
            "closes_at": "2031-02-01T10:00",
            "opens_at": "morgen",
        },
        viewer=viewer_for(roles["editor"]),
    )
    assert not form.is_valid()
    assert form.errors["title"] == ["Geef de vragenlijst een titel."]
    assert form.errors["opens_at"] == ["Vul een datum en tijd in, zoals 14-03-2026 10:00."]
    assert form.errors["audience_councils"] == ["Kies ten minste één raad."]
    form = SurveyForm(
        {**VALID, "asker": "platform", "closes_at": "2031-02-01T10:00"},
        viewer=viewer_for(roles["editor"]),
    )
    assert not form.is_valid()
    assert "na de datum" in form.errors["closes_at"][0]


def test_an_asker_one_may_not_choose_is_refused(roles):
    form = SurveyForm(
        {**VALID, "asker": f"council-{roles.other_council.pk}"},
        viewer=viewer_for(roles["secretary"]),
    )
    assert not form.is_valid()
    assert form.errors["asker"] == ["Kies een raad of werkgroep uit de lijst."]


def test_a_question_reads_its_options_one_per_line():
    form = QuestionForm(
        {
            "kind": "single",
            "text": "Werkt u samen?",
            "options": " Ja \n\nNee\r\n",
            "has_other": "on",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["options"] == ["Ja", "Nee"]
    assert form.cleaned_data["show_if_option"] is None


def test_a_choice_question_without_choices_is_refused():
    form = QuestionForm({"kind": "multiple", "text": "Wat?", "options": "Alleen dit"})
    assert not form.is_valid()
    assert form.errors["options"] == ["Geef ten minste twee keuzes, één per regel."]
    form = QuestionForm(
        {"kind": "number", "text": "Hoeveel?", "number_min": "9", "number_max": "1"}
    )
    assert not form.is_valid() and "groter" in form.errors["number_max"][0]


def test_a_condition_must_come_from_the_list():
    form = QuestionForm(
        {"kind": "short_text", "text": "Hoe?", "show_if_option": "999"}, conditions=[(1, "A → B")]
    )
    assert not form.is_valid()
    assert form.errors["show_if_option"] == ["Kies een keuze uit de lijst."]


def test_after_answers_the_number_of_choices_stays():
    form = QuestionTextForm({"text": "Vraag", "options": "Een\nTwee\nDrie"}, option_count=2)
    assert not form.is_valid()
    assert "Houd 2 keuzes" in form.errors["options"][0]


def test_after_answers_the_close_date_only_moves_later_and_never_after_closing():
    import datetime

    from django.utils import timezone

    from surveys.forms_author import SurveyLockedForm
    from surveys.tests.factories import SurveyFactory

    survey = SurveyFactory()
    texts = {"title": survey.title, "intro": ""}

    def form(closes_at, target=survey):
        value = timezone.localtime(closes_at).strftime("%d-%m-%Y %H:%M")
        return SurveyLockedForm({**texts, "closes_at": value}, survey=target)

    assert form(survey.closes_at + datetime.timedelta(days=7)).is_valid()
    earlier = form(survey.closes_at - datetime.timedelta(days=1))
    assert not earlier.is_valid() and "later" in earlier.errors["closes_at"][0]
    closed = SurveyFactory(
        opens_at=timezone.now() - datetime.timedelta(days=20),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    reopened = form(closed.closes_at + datetime.timedelta(days=9), target=closed)
    assert not reopened.is_valid() and "gesloten" in reopened.errors["closes_at"][0]
