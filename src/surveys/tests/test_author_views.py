"""The questionnaire pages as the asker and as a member: what each sees and what a form keeps
when it is refused."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from surveys.models import QuestionKind, Survey
from surveys.tests.factories import (
    OptionFactory,
    ParticipationFactory,
    QuestionFactory,
    ResponseFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def noord_survey(roles):
    survey = SurveyFactory(
        title="Samenwerken in Noord",
        council=roles.council,
        audience=Survey.Audience.COUNCILS,
        anonymous=True,
    )
    survey.audience_councils.add(roles.council)
    question = QuestionFactory(survey=survey, text="Werkt u samen?")
    OptionFactory(question=question, label="Ja")
    OptionFactory(question=question, label="Nee")
    return survey


def test_the_index_shows_each_list_with_its_state(client, roles, noord_survey):
    now = timezone.now()
    SurveyFactory(
        title="Vorig jaar",
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now - datetime.timedelta(days=30),
        results_for=Survey.ResultsFor.MEMBERS,
    )
    SurveyFactory(
        title="Alleen voor de vrager",
        closes_at=now - datetime.timedelta(days=1),
        opens_at=now - datetime.timedelta(days=5),
    )
    ParticipationFactory(survey=noord_survey, user=roles["member"], draft={"1": "x"})
    client.force_login(roles["member"])
    html = client.get("/vragenlijsten/").content.decode()
    assert "Samenwerken in Noord" in html and "Bezig" in html
    assert "Vorig jaar" in html and "Alleen voor de vrager" not in html
    assert "Nieuwe vragenlijst" not in html and "Door u gesteld" not in html
    client.force_login(roles["secretary"])
    html = client.get("/vragenlijsten/").content.decode()
    assert "Nieuwe vragenlijst" in html and "Door u gesteld" in html and "Niet begonnen" in html


def test_people_who_are_not_asked_anything_get_403(client, roles):
    for name in ("liaison", "ex_member"):
        client.force_login(roles[name])
        assert client.get("/vragenlijsten/").status_code == 403


def test_a_member_reads_the_intro_and_the_anonymity_in_plain_dutch(client, roles, noord_survey):
    client.force_login(roles["member"])
    html = client.get(noord_survey.get_absolute_url()).content.decode()
    assert "Niemand kan zien wat u antwoordt, ook de beheerder niet" in html
    assert "Vraag bewerken" not in html
    client.force_login(roles["member_other"])
    assert client.get(noord_survey.get_absolute_url()).status_code == 404


def test_the_asker_sees_the_questions_with_their_controls(client, roles, noord_survey):
    client.force_login(roles["secretary"])
    html = client.get(noord_survey.get_absolute_url()).content.decode()
    assert "Werkt u samen?" in html and "Vraag bewerken" in html and "Omhoog" in html
    assert "Nu sluiten" in html and "Publiceren" not in html


def test_a_refused_form_keeps_what_was_typed_and_shows_the_summary(client, roles):
    client.force_login(roles["secretary"])
    response = client.post(
        "/vragenlijsten/nieuw/",
        {
            "title": "Mijn getypte titel",
            "intro": "Een inleiding die blijft",
            "asker": f"council-{roles.council.pk}",
            "anonymous": "anonymous",
            "opens_at": "2031-03-10T10:00",
            "closes_at": "2031-03-01T10:00",
            "results_for": "asker",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html and "autofocus" in html
    assert 'value="Mijn getypte titel"' in html and "Een inleiding die blijft" in html
    assert "De sluitdatum moet na de datum liggen" in html


def test_create_then_add_questions_then_publish(client, roles):
    client.force_login(roles["secretary"])
    response = client.post(
        "/vragenlijsten/nieuw/",
        {
            "title": "Behoeften 2031",
            "asker": f"council-{roles.council.pk}",
            "anonymous": "named",
            "opens_at": "2031-03-01T10:00",
            "closes_at": "2031-03-15T10:00",
            "results_for": "members",
        },
    )
    survey = Survey.objects.get(title="Behoeften 2031")
    assert response.status_code == 302 and not survey.anonymous
    url = f"/vragenlijsten/{survey.pk}/"
    assert client.post(f"{url}deel/nieuw/", {"heading": "Samenwerken"}).status_code == 302
    section = survey.sections.get()
    response = client.post(
        f"{url}vraag/nieuw/",
        {
            "section": section.pk,
            "kind": "single",
            "text": "Werkt u samen?",
            "options": "Ja\nNee",
            "has_other": "on",
        },
    )
    assert response.status_code == 302
    yes = survey.questions.get().options.get(label="Ja")
    response = client.post(
        f"{url}vraag/nieuw/",
        {"section": section.pk, "kind": "long_text", "text": "Met wie?", "show_if_option": yes.pk},
    )
    assert response.status_code == 302
    assert survey.questions.get(text="Met wie?").show_if_option == yes
    assert client.post(f"{url}publiceren/").status_code == 302
    survey.refresh_from_db()
    assert survey.published_at is not None


def test_after_answers_structure_pages_offer_a_new_version(client, roles, noord_survey):
    ResponseFactory(survey=noord_survey, council=roles.council)
    client.force_login(roles["secretary"])
    url = noord_survey.get_absolute_url()
    response = client.get(f"{url}vraag/nieuw/")
    assert response.status_code == 200 and "Nieuwe versie maken" in response.content.decode()
    question = noord_survey.questions.get()
    response = client.post(f"/vragenlijsten/vraag/{question.pk}/verwijderen/")
    assert response.status_code == 400 and "Nieuwe versie maken" in response.content.decode()
    # The texts: still allowed, the number of choices fixed.
    edit = client.get(f"/vragenlijsten/vraag/{question.pk}/bewerken/").content.decode()
    assert 'name="kind"' not in edit and 'name="options"' in edit
    response = client.post(
        f"/vragenlijsten/vraag/{question.pk}/bewerken/",
        {"text": "Werkt u samen met anderen?", "options": "Ja, graag\nNee"},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == "Werkt u samen met anderen?"
    response = client.post(f"{url}nieuwe-versie/")
    copy = Survey.objects.get(previous=noord_survey)
    assert response["Location"] == copy.get_absolute_url()
    assert copy.questions.get().kind == QuestionKind.SINGLE
