"""Answering a questionnaire (issue 16, part B): the form per question kind, stop and resume,
handing in (anonymous and named), changing named answers, refusals, the dashboard card."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from councils.tests.factories import CouncilFactory, MembershipFactory

from ..forms_answer import AnswerPageForm
from ..models import Answer, Participation, Response, Survey
from ..selectors_answer import page_of_questions, survey_pages
from ..services_answer import AnswerRefused, response_submit
from .answer_helpers import every_kind_survey, member_of_new_council, page_one, page_two
from .factories import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def _url(survey, deel=None):
    url = reverse("surveys:answer", args=[survey.pk])
    return f"{url}?deel={deel}" if deel else url


def _form(s, number, data, answers=None):
    pages = survey_pages(s.survey)
    return AnswerPageForm(
        data, page=pages[number - 1], page_of=page_of_questions(pages), answers=answers or {}
    )


@pytest.fixture
def s():
    return every_kind_survey()


@pytest.fixture
def member(client):
    user = member_of_new_council()
    client.force_login(user)
    return user


# --- the form ---------------------------------------------------------------------------------


def test_pages_follow_the_sections_and_a_survey_without_sections_is_one_page(s):
    pages = survey_pages(s.survey)
    assert [p.section.heading for p in pages] == ["Samenwerking", "Wensen"]
    assert [q.pk for q in pages[0].questions] == [
        s.single.pk,
        s.multiple.pk,
        s.scale.pk,
        s.same_page.pk,
    ]
    flat = SurveyFactory()
    QuestionFactory(survey=flat, kind="short_text")
    QuestionFactory(survey=flat, kind="number")
    (only,) = survey_pages(flat)
    assert only.section is None and len(only.questions) == 2


def test_required_questions_say_what_is_missing_in_plain_dutch(s):
    form = _form(s, 1, {})
    assert not form.is_valid()
    assert form.errors[f"q{s.single.pk}"] == ["Kies een antwoord."]
    assert form.errors[f"q{s.scale.pk}"] == ["Kies een getal."]
    # Asked only after "Ja" on the same page, which was not chosen: not required.
    assert f"q{s.same_page.pk}" not in form.errors
    form = _form(s, 2, {})
    assert not form.is_valid()
    assert form.errors[f"q{s.rank.pk}_r{s.r1.pk}"] == ["Geef elke keuze een plaats."]


def test_anders_namelijk_needs_its_text(s):
    form = _form(s, 1, page_one(s, **{f"q{s.single.pk}": "other"}))
    assert not form.is_valid()
    assert form.errors[f"q{s.single.pk}_other"] == ["Schrijf op wat u bedoelt met 'anders'."]
    form = _form(
        s,
        1,
        page_one(s, **{f"q{s.single.pk}": "other", f"q{s.single.pk}_other": "Soms"}),
    )
    assert form.is_valid(), form.errors
    (single,) = [g for g in form.given if g.question == s.single]
    assert single.option_ids == [] and single.other == "Soms"


def test_a_number_outside_its_range_or_not_a_number_is_refused(s):
    two = page_two(s, **{f"q{s.number.pk}": "11"})
    form = _form(s, 2, two, {str(s.multiple.pk): [str(s.meet.pk)]})
    assert not form.is_valid()
    assert form.errors[f"q{s.number.pk}"] == ["Vul een getal in van 0 tot en met 10."]
    form = _form(s, 2, page_two(s, **{f"q{s.number.pk}": "drie"}))
    assert form.errors[f"q{s.number.pk}"] == ["Vul een heel getal in, alleen cijfers."]
    form = _form(s, 1, page_one(s, **{f"q{s.scale.pk}": "6"}))
    assert form.errors[f"q{s.scale.pk}"] == ["Kies een getal van 1 tot en met 5."]


def test_a_ranking_gives_each_place_once_and_every_option_a_place(s):
    same = page_two(s, **{f"q{s.rank.pk}_r{s.r3.pk}": "1"})
    form = _form(s, 2, same)
    assert not form.is_valid()
    assert form.errors[f"q{s.rank.pk}_r{s.r3.pk}"] == [
        "Elke plaats mag maar één keer. Kies een andere plaats."
    ]
    partial = page_two(s, **{f"q{s.rank.pk}_r{s.r3.pk}": ""})
    form = _form(s, 2, partial)
    assert form.errors[f"q{s.rank.pk}_r{s.r3.pk}"] == [
        "Geef elke keuze een plaats, of laat ze allemaal leeg."
    ]


def test_a_question_on_the_same_page_is_required_only_when_its_condition_is_met(s):
    form = _form(s, 1, page_one(s, **{f"q{s.same_page.pk}": ""}))
    assert not form.is_valid()
    assert form.errors[f"q{s.same_page.pk}"] == ["Geef een antwoord op deze vraag."]
    # "Nee": the answer to "Met welke raad?" is ignored, not kept.
    form = _form(s, 1, page_one(s, **{f"q{s.single.pk}": str(s.no.pk)}))
    assert form.is_valid(), form.errors
    assert s.same_page not in [g.question for g in form.given]
    (item,) = [i for i in form.items() if i.question == s.same_page]
    assert item.condition == (
        "Alleen invullen als u bij 'Werkt u samen met andere raden?' koos 'Ja'."
    )


def test_a_question_after_an_earlier_page_shows_only_when_that_answer_was_given(s):
    without = _form(s, 2, None, {str(s.multiple.pk): [str(s.mail.pk)]})
    assert f"q{s.earlier.pk}" not in without.fields
    with_it = _form(s, 2, None, {str(s.multiple.pk): [str(s.meet.pk)]})
    assert f"q{s.earlier.pk}" in with_it.fields


# --- the answer page --------------------------------------------------------------------------


def test_the_first_page_shows_each_kind_as_an_accessible_control(client, member, s):
    response = client.get(_url(s.survey))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deel 1 van 2" in html
    assert "<legend>Werkt u samen met andere raden?</legend>" in html
    assert 'type="radio"' in html and 'type="checkbox"' in html
    assert "1 – Helemaal niet" in html and "5 – Heel erg" in html
    assert "Alleen invullen als u bij" in html
    assert ">Volgende</button>" in html and ">Opslaan en later verder</button>" in html
    assert ">Vorige</button>" not in html and ">Versturen</button>" not in html
    page2 = client.get(_url(s.survey, 2)).content.decode()
    assert (
        "Deel 2 van 2" in page2 and ">Versturen</button>" in page2 and ">Vorige</button>" in page2
    )
    assert 'type="number"' in page2 and 'min="0"' in page2 and 'max="10"' in page2
    assert "<select" in page2 and "<textarea" in page2
    # "Welke bijeenkomsten?" only after "Bijeenkomsten" on page 1.
    assert "Welke bijeenkomsten?" not in page2


def test_a_failed_page_keeps_what_was_typed_and_shows_the_error_summary(client, member, s):
    data = page_one(s, **{f"q{s.scale.pk}": None, f"q{s.same_page.pk}": "Raad Zuid"})
    response = client.post(_url(s.survey), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="foutmeldingen"' in html and "autofocus" in html
    assert f'href="#id_q{s.scale.pk}_0"' in html
    assert 'value="Raad Zuid"' in html
    # What was sent is kept, also the page with errors.
    draft = Participation.objects.get(user=member).draft
    assert draft[str(s.same_page.pk)] == "Raad Zuid"
    assert draft["_done"] == []


def test_stop_and_resume_on_the_first_unfinished_section(client, member, s):
    response = client.post(_url(s.survey), page_one(s))
    assert response.status_code == 302 and response["Location"].endswith("?deel=2")
    participation = Participation.objects.get(user=member, survey=s.survey)
    assert participation.council_id == member.memberships.get().council_id
    assert participation.draft["_done"] == [1]
    data = page_two(s, actie="opslaan", **{f"q{s.rank.pk}_r{s.r1.pk}": ""})
    response = client.post(_url(s.survey), data)
    assert response.status_code == 302 and response["Location"] == "/mijn/"
    # Back: the second page, with what was typed.
    html = client.get(_url(s.survey)).content.decode()
    assert "Deel 2 van 2" in html and "Meer scholing graag." in html
    first = client.get(_url(s.survey, 1)).content.decode()
    assert 'value="Limburg"' in first
    assert Response.objects.count() == 0


def test_an_anonymous_hand_in_stores_no_person_and_cannot_be_changed(client, member, s):
    client.post(_url(s.survey), page_one(s))
    response = client.post(_url(s.survey), page_two(s))
    assert response.status_code == 302
    done = client.get(response["Location"]).content.decode()
    assert "Bedankt voor het invullen!" in done
    assert "Omdat hij anoniem is, kan niemand uw antwoorden terugvinden, ook u niet." in done
    (handed_in,) = Response.objects.all()
    membership = member.memberships.get()
    assert handed_in.user_id is None and handed_in.submitted_at is None
    assert (handed_in.council_id, handed_in.role) == (membership.council_id, membership.role)
    answers = Answer.objects.filter(response=handed_in)
    assert sorted(answers.filter(question=s.multiple).values_list("option_id", flat=True)) == [
        s.mail.pk,
        s.meet.pk,
    ]
    assert dict(answers.filter(question=s.rank).values_list("option_id", "rank")) == {
        s.r1.pk: 2,
        s.r2.pk: 1,
        s.r3.pk: 3,
    }
    assert answers.get(question=s.scale).number == 4
    assert answers.get(question=s.earlier).text == "De landelijke dag"
    participation = Participation.objects.get(user=member)
    assert participation.finished and participation.draft == {}
    # A second hand-in writes nothing.
    again = client.post(_url(s.survey), page_two(s))
    assert again.status_code == 409
    assert Response.objects.count() == 1 and Answer.objects.count() == answers.count()


def test_an_answer_dropped_by_its_condition_is_not_handed_in(client, member, s):
    one = page_one(s, **{f"q{s.single.pk}": str(s.no.pk), f"q{s.multiple.pk}": [str(s.mail.pk)]})
    client.post(_url(s.survey), one)
    assert str(s.same_page.pk) not in Participation.objects.get(user=member).draft
    client.post(_url(s.survey), page_two(s))
    assert not Answer.objects.filter(question__in=[s.same_page, s.earlier]).exists()


def test_hand_in_with_an_unfinished_earlier_page_shows_that_page(client, member, s):
    response = client.post(_url(s.survey), page_two(s))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Deel 1 van 2" in html and "Dit deel is nog niet goed ingevuld." in html
    assert Response.objects.count() == 0


def test_named_answers_can_be_changed_until_the_close_date(client, member):
    s = every_kind_survey(anonymous=False)
    client.post(_url(s.survey), page_one(s))
    client.post(_url(s.survey), page_two(s))
    handed_in = Response.objects.get()
    assert handed_in.user == member and handed_in.submitted_at is not None
    done = client.get(_url(s.survey)).content.decode()
    assert "Mijn antwoorden veranderen" in done
    # The answers handed in come back to change.
    first = client.get(_url(s.survey, 1)).content.decode()
    assert 'value="Limburg"' in first and "Opslaan en later verder" not in first
    client.post(_url(s.survey), page_one(s, **{f"q{s.scale.pk}": "2"}))
    assert Response.objects.get().answers.get(question=s.scale).number == 4
    client.post(_url(s.survey), page_two(s))
    assert Response.objects.count() == 1
    assert Response.objects.get().answers.get(question=s.scale).number == 2
    assert Answer.objects.filter(question=s.multiple).count() == 2


def test_after_the_close_date_nothing_is_written(client, member, s):
    client.post(_url(s.survey), page_one(s))
    Survey.objects.filter(pk=s.survey.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1),
        opens_at=timezone.now() - datetime.timedelta(days=3),
    )
    before = Participation.objects.get(user=member).draft
    page = client.get(_url(s.survey))
    assert page.status_code == 200
    assert "U kunt niets meer invullen of veranderen." in page.content.decode()
    response = client.post(_url(s.survey), page_two(s))
    assert response.status_code == 409
    assert Response.objects.count() == 0
    assert Participation.objects.get(user=member).draft == before


def test_named_answers_cannot_change_after_the_close_date(client, member):
    s = every_kind_survey(anonymous=False)
    client.post(_url(s.survey), page_one(s))
    client.post(_url(s.survey), page_two(s))
    Survey.objects.filter(pk=s.survey.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1),
        opens_at=timezone.now() - datetime.timedelta(days=3),
    )
    response = client.post(_url(s.survey), page_one(s, **{f"q{s.scale.pk}": "1"}))
    assert response.status_code == 409
    assert Response.objects.get().answers.get(question=s.scale).number == 4


def test_not_yet_open_or_not_published_says_so_and_writes_nothing(client, member, s):
    Survey.objects.filter(pk=s.survey.pk).update(published_at=None)
    page = client.get(_url(s.survey))
    assert "Deze vragenlijst is nog niet open." in page.content.decode()
    assert client.post(_url(s.survey), page_one(s)).status_code == 409
    later = timezone.now() + datetime.timedelta(days=1)
    Survey.objects.filter(pk=s.survey.pk).update(
        published_at=timezone.now(), opens_at=later, closes_at=later + datetime.timedelta(days=5)
    )
    assert "U kunt hem invullen vanaf" in client.get(_url(s.survey)).content.decode()
    assert client.post(_url(s.survey), page_one(s)).status_code == 409
    assert not Participation.objects.exists()


def test_someone_outside_the_audience_gets_403(client, s):
    north = CouncilFactory()
    survey = SurveyFactory(audience=Survey.Audience.COUNCILS)
    survey.audience_councils.set([north])
    outsider = member_of_new_council()
    client.force_login(outsider)
    assert client.get(_url(survey)).status_code == 403
    assert client.post(_url(survey), {"deel": "1"}).status_code == 403
    assert not Participation.objects.exists()


def test_the_service_refuses_a_second_anonymous_hand_in_and_outsiders(s):
    user = member_of_new_council()
    response_submit(survey=s.survey, user=user, given=[])
    with pytest.raises(AnswerRefused) as refused:
        response_submit(survey=s.survey, user=user, given=[])
    assert refused.value.reason == "done"
    survey = SurveyFactory(audience=Survey.Audience.COUNCILS)
    with pytest.raises(AnswerRefused) as refused:
        response_submit(survey=survey, user=user, given=[])
    assert refused.value.reason == "not_in_audience"
    assert Response.objects.count() == 1


def test_the_role_is_the_persons_role_in_the_council_they_answer_for(s):
    council = CouncilFactory(name="Aaa")
    secretary = MembershipFactory(council=council, role="secretary").user
    MembershipFactory(user=secretary, council=CouncilFactory(name="Zzz"), role="member")
    response = response_submit(survey=s.survey, user=secretary, given=[])
    assert (response.council_id, response.role) == (council.pk, "secretary")


# --- Mijn overzicht ---------------------------------------------------------------------------


def test_the_dashboard_lists_open_questionnaires_not_yet_finished(client, member, s):
    SurveyFactory(title="Al gesloten", closes_at=timezone.now() - datetime.timedelta(hours=1))
    html = client.get("/mijn/").content.decode()
    assert "Vragenlijsten om in te vullen" in html
    assert s.survey.title in html and "Al gesloten" not in html
    assert f'href="{_url(s.survey)}">Beginnen<span' in html
    client.post(_url(s.survey), page_one(s, actie="opslaan"))
    assert f'href="{_url(s.survey)}">Verder gaan<span' in client.get("/mijn/").content.decode()
    client.post(_url(s.survey), page_one(s))
    client.post(_url(s.survey), page_two(s))
    assert "Vragenlijsten om in te vullen" not in client.get("/mijn/").content.decode()


def test_no_card_for_someone_on_no_council(client):
    from accounts.tests.factories import UserFactory

    SurveyFactory()
    client.force_login(UserFactory())
    assert "Vragenlijsten om in te vullen" not in client.get("/mijn/").content.decode()


def test_the_dashboard_leaves_out_questionnaires_for_other_roles(client, member, s):
    SurveyFactory(title="Alleen secretarissen", audience_roles=["secretary"])
    SurveyFactory(title="Alleen leden", audience_roles=["member"])
    html = client.get("/mijn/").content.decode()
    assert "Alleen leden" in html and "Alleen secretarissen" not in html


def test_several_choices_when_required_and_a_text_that_is_too_long(s):
    s.multiple.required = True
    s.multiple.save(update_fields=["required"])
    form = _form(s, 1, page_one(s, **{f"q{s.multiple.pk}": []}))
    assert not form.is_valid()
    assert form.errors[f"q{s.multiple.pk}"] == ["Kies minstens één antwoord."]
    form = _form(s, 1, page_one(s, **{f"q{s.same_page.pk}": "x" * 301}))
    assert form.errors[f"q{s.same_page.pk}"] == [
        "Uw antwoord is te lang. Gebruik ten hoogste 300 tekens."
    ]


def test_anders_namelijk_is_stored_as_an_answer_of_its_own(s):
    user = member_of_new_council()
    other = page_one(
        s,
        **{
            f"q{s.multiple.pk}": [str(s.phone.pk), "other"],
            f"q{s.multiple.pk}_other": "Via de nieuwsbrief",
        },
    )
    form = _form(s, 1, other)
    assert form.is_valid(), form.errors
    response = response_submit(survey=s.survey, user=user, given=form.given)
    rows = response.answers.filter(question=s.multiple)
    assert set(rows.values_list("option_id", "is_other", "text")) == {
        (s.phone.pk, False, ""),
        (None, True, "Via de nieuwsbrief"),
    }
