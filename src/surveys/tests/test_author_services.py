"""Writing questionnaires: who may ask whom, the order of questions and sections, conditions one
level deep, publishing and closing, and that after answers only texts change (and a new version
copies everything)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from common.models import AuditEntry
from councils.models import Membership
from councils.selectors import viewer_for
from councils.tests.factories import WorkingGroupFactory, WorkingGroupMembershipFactory
from surveys.models import Question, QuestionKind, Survey
from surveys.services_author import (
    SurveyError,
    SurveyLocked,
    has_answers,
    question_add,
    question_delete,
    question_move,
    question_update,
    section_add,
    section_delete,
    section_move,
    section_update,
    survey_close,
    survey_create,
    survey_new_version,
    survey_publish,
    survey_update,
)
from surveys.tests.factories import ParticipationFactory, ResponseFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
LATER = NOW + datetime.timedelta(days=1)
CLOSE = NOW + datetime.timedelta(days=15)


def _create(roles, user="secretary", **extra):
    data = {
        "actor": roles[user],
        "viewer": viewer_for(roles[user]),
        "title": "Wat heeft u nodig?",
        "asker": f"council-{roles.council.pk}",
        "opens_at": LATER,
        "closes_at": CLOSE,
        **extra,
    }
    return survey_create(**data)


def _question(survey, actor, **extra):
    data = {"kind": QuestionKind.SINGLE, "text": "Werkt u samen?", "options": ["Ja", "Nee"]}
    return question_add(actor=actor, survey=survey, **{**data, **extra})


def _order(survey):
    return list(survey.questions.order_by("position").values_list("text", flat=True))


def test_a_district_secretary_asks_only_their_own_councils_members(roles):
    survey = _create(roles, audience=Survey.Audience.ALL)
    assert survey.audience == Survey.Audience.COUNCILS
    assert list(survey.audience_councils.all()) == [roles.council]
    assert survey.council == roles.council and survey.published_at is None
    assert AuditEntry.objects.filter(action="survey.create", object_id=str(survey.pk)).exists()


def test_a_secretary_cannot_ask_in_the_name_of_another_council(roles):
    with pytest.raises(SurveyError):
        _create(roles, asker=f"council-{roles.other_council.pk}")
    with pytest.raises(SurveyError):
        _create(roles, asker="platform")


def test_the_central_councils_secretary_asks_all_councils(roles):
    from councils.tests.factories import MembershipFactory

    central_secretary = MembershipFactory(
        council=roles.central, role=Membership.Role.SECRETARY
    ).user
    roles.users["central_secretary"] = central_secretary
    survey = _create(
        roles,
        user="central_secretary",
        asker=f"council-{roles.central.pk}",
        audience=Survey.Audience.ALL,
        audience_roles=["chair", "secretary"],
    )
    assert survey.audience == Survey.Audience.ALL
    assert survey.audience_roles == ["chair", "secretary"]


def test_an_editor_asks_for_the_platform_and_a_working_group_in_its_name(roles):
    survey = _create(roles, user="editor", asker="platform", audience=Survey.Audience.ALL)
    assert survey.council is None and survey.working_group is None
    group = WorkingGroupFactory(name="Samenwerking & Contact")
    WorkingGroupMembershipFactory(working_group=group, user=roles["member"])
    survey = _create(
        roles,
        user="member",
        asker=f"wg-{group.pk}",
        audience=Survey.Audience.WORKING_GROUP,
        audience_working_group=group,
    )
    assert survey.working_group == group and survey.audience_working_group == group


def test_an_audience_of_councils_needs_a_council_and_dates_must_make_sense(roles):
    with pytest.raises(SurveyError, match="ten minste één raad"):
        _create(roles, user="editor", asker="platform", audience=Survey.Audience.COUNCILS)
    with pytest.raises(SurveyError, match="sluiten na"):
        _create(roles, opens_at=CLOSE, closes_at=LATER)


def test_questions_and_sections_keep_reading_order(roles):
    actor = roles["secretary"]
    survey = _create(roles)
    _question(survey, actor, text="A")
    first = section_add(actor=actor, survey=survey, heading="Eerste deel")
    second = section_add(actor=actor, survey=survey, heading="Tweede deel")
    _question(survey, actor, text="C", section=second)
    b = _question(survey, actor, text="B", section=first)
    assert _order(survey) == ["A", "B", "C"]
    # Down from the end of a section: into the next section.
    question_move(actor=actor, question=b, up=False)
    b.refresh_from_db()
    assert b.section == second and _order(survey) == ["A", "B", "C"]
    question_move(actor=actor, question=b, up=False)
    assert _order(survey) == ["A", "C", "B"]
    with pytest.raises(SurveyError, match="onderaan"):
        question_move(actor=actor, question=b, up=False)
    section_move(actor=actor, section=second, up=True)
    assert _order(survey) == ["A", "C", "B"]
    # Deleting a section: its questions join the one before (here: none), order unchanged.
    section_delete(actor=actor, section=second)
    assert _order(survey) == ["A", "C", "B"]
    assert set(survey.questions.values_list("section", flat=True)) == {None}


def test_a_condition_is_an_option_of_an_earlier_choice_question_one_level_deep(roles):
    actor = roles["secretary"]
    survey = _create(roles)
    works = _question(survey, actor, text="Werkt u samen?")
    yes = works.options.get(label="Ja")
    how = _question(survey, actor, kind=QuestionKind.LONG_TEXT, text="Hoe?", show_if_option=yes)
    assert how.show_if_option == yes
    # A conditional question is never a condition itself.
    choice = _question(
        survey, actor, text="Met wie?", options=["Noord", "Zuid"], show_if_option=yes
    )
    with pytest.raises(SurveyError, match="één stap diep"):
        _question(survey, actor, text="Waarom?", show_if_option=choice.options.first())
    # Nor can a question others depend on become conditional.
    other = _question(survey, actor, text="Nog iets?")
    with pytest.raises(SurveyError, match="hangen af"):
        question_update(
            actor=actor,
            question=works,
            text=works.text,
            show_if_option=other.options.first(),
        )
    # The condition must stay before the question that depends on it.
    with pytest.raises(SurveyError, match="ervoor blijven staan"):
        question_move(actor=actor, question=how, up=True)
    with pytest.raises(SurveyError, match="Pas eerst die vraag aan"):
        question_delete(actor=actor, question=works)
    # A scale question cannot be a condition.
    scale = _question(survey, actor, kind=QuestionKind.SCALE, text="Tevreden?", options=[])
    assert scale.options.count() == 0


def test_choice_questions_need_two_choices_and_other_counts(roles):
    actor = roles["secretary"]
    survey = _create(roles)
    with pytest.raises(SurveyError, match="twee keuzes"):
        _question(survey, actor, options=["Ja"])
    question = _question(survey, actor, options=["Ja"], has_other=True)
    assert question.has_other
    with pytest.raises(SurveyError, match="twee keuzes"):
        _question(survey, actor, kind=QuestionKind.RANK, options=["Eén"], has_other=True)


def test_changing_a_questions_kind_clears_what_does_not_belong(roles):
    actor = roles["secretary"]
    survey = _create(roles)
    question = _question(survey, actor, has_other=True)
    question_update(
        actor=actor,
        question=question,
        text="Hoeveel?",
        kind=QuestionKind.NUMBER,
        number_min=0,
        number_max=10,
        options=[],
    )
    question.refresh_from_db()
    assert question.kind == QuestionKind.NUMBER and not question.has_other
    assert question.options.count() == 0 and (question.number_min, question.number_max) == (0, 10)
    with pytest.raises(SurveyError, match="kleinste getal"):
        question_update(actor=actor, question=question, text="Hoeveel?", number_min=5, number_max=1)


def test_publishing_needs_a_question_and_a_close_date_ahead(roles):
    actor = roles["secretary"]
    survey = _create(roles)
    with pytest.raises(SurveyError, match="ten minste één vraag"):
        survey_publish(actor=actor, survey=survey)
    _question(survey, actor)
    with pytest.raises(SurveyError, match="sluitdatum is al voorbij"):
        survey_publish(actor=actor, survey=survey, now=CLOSE + datetime.timedelta(hours=1))
    survey_publish(actor=actor, survey=survey)
    assert survey.published_at is not None
    with pytest.raises(SurveyError, match="al gepubliceerd"):
        survey_publish(actor=actor, survey=survey)


def test_closing_now_ends_an_open_questionnaire(roles):
    actor = roles["secretary"]
    survey = _create(roles, opens_at=NOW - datetime.timedelta(days=1))
    with pytest.raises(SurveyError, match="open is"):
        survey_close(actor=actor, survey=survey)  # a concept
    _question(survey, actor)
    survey_publish(actor=actor, survey=survey)
    survey_close(actor=actor, survey=survey)
    assert survey.is_closed() and not survey.is_open()
    assert AuditEntry.objects.filter(action="survey.close", object_id=str(survey.pk)).exists()


@pytest.fixture
def answered(roles):
    """A published questionnaire with a section, a choice question, a conditional question,
    a scale, and one person's answers in progress."""
    actor = roles["secretary"]
    survey = _create(roles, opens_at=NOW - datetime.timedelta(days=1))
    section = section_add(actor=actor, survey=survey, heading="Samenwerken")
    works = _question(survey, actor, section=section, has_other=True)
    _question(
        survey,
        actor,
        kind=QuestionKind.SHORT_TEXT,
        text="Met wie?",
        section=section,
        show_if_option=works.options.get(label="Ja"),
    )
    _question(
        survey,
        actor,
        kind=QuestionKind.SCALE,
        text="Tevreden?",
        scale_min_label="Niet",
        scale_max_label="Heel",
    )
    survey_publish(actor=actor, survey=survey)
    ParticipationFactory(survey=survey, user=roles["member"], draft={str(works.pk): "x"})
    return survey


def test_answers_in_progress_or_finished_lock_the_structure(roles, answered):
    assert has_answers(answered)
    fresh = _create(roles)
    assert not has_answers(fresh)
    ParticipationFactory(survey=fresh, user=roles["member"])  # started, nothing answered
    assert not has_answers(fresh)
    ResponseFactory(survey=fresh)
    assert has_answers(fresh)


def test_after_answers_only_texts_change(roles, answered):
    actor, viewer = roles["secretary"], viewer_for(roles["secretary"])
    works = answered.questions.get(text="Werkt u samen?")
    scale = answered.questions.get(text="Tevreden?")
    section = answered.sections.get()
    # Texts: allowed.
    survey_update(actor=actor, viewer=viewer, survey=answered, title="Nieuwe titel", intro="Hoi")
    question_update(
        actor=actor,
        question=works,
        text="Werkt u samen met andere raden?",
        help_text="Denk aan het afgelopen jaar.",
        options=["Ja, vaak", "Nee, nooit"],
    )
    question_update(
        actor=actor,
        question=scale,
        text="Hoe tevreden bent u?",
        scale_min_label="Helemaal niet",
        scale_max_label="Heel erg",
    )
    section_update(actor=actor, section=section, heading="Samen")
    works.refresh_from_db()
    assert [o.label for o in works.options.all()] == ["Ja, vaak", "Nee, nooit"]
    # The options stayed (the condition still points at the first one).
    assert answered.questions.get(text="Met wie?").show_if_option.label == "Ja, vaak"
    # Structure: refused, each with the message that offers a new version.
    refusals = [
        lambda: survey_update(
            actor=actor, viewer=viewer, survey=answered, title="x", anonymous=False
        ),
        lambda: survey_update(
            actor=actor,
            viewer=viewer,
            survey=answered,
            title="x",
            closes_at=CLOSE - datetime.timedelta(hours=1),
        ),
        lambda: question_update(actor=actor, question=works, text="x", required=True),
        lambda: question_update(
            actor=actor, question=works, text="x", options=["Ja", "Nee", "Soms"]
        ),
        lambda: question_update(actor=actor, question=works, text="x", kind="multiple"),
        lambda: _question(answered, actor, text="Nieuw"),
        lambda: question_delete(actor=actor, question=scale),
        lambda: question_move(actor=actor, question=scale, up=True),
        lambda: section_add(actor=actor, survey=answered, heading="Meer"),
        lambda: section_delete(actor=actor, section=section),
        lambda: section_move(actor=actor, section=section, up=False),
    ]
    for refuse in refusals:
        with pytest.raises(SurveyLocked, match="nieuwe versie"):
            refuse()
    answered.refresh_from_db()
    assert answered.anonymous and answered.questions.count() == 3
    # More time to answer is no change of structure.
    later = CLOSE + datetime.timedelta(days=3)
    survey_update(actor=actor, viewer=viewer, survey=answered, title="x", closes_at=later)
    answered.refresh_from_db()
    assert answered.closes_at == later


def test_a_new_version_copies_everything_and_publishing_it_closes_the_old(roles, answered):
    actor = roles["secretary"]
    copy = survey_new_version(actor=actor, survey=answered)
    assert copy.version == 2 and copy.previous == answered and copy.published_at is None
    assert copy.council == answered.council and copy.anonymous == answered.anonymous
    assert list(copy.audience_councils.all()) == [roles.council]
    assert not has_answers(copy)
    old = list(answered.questions.order_by("position"))
    new = list(copy.questions.order_by("position"))
    assert [(q.kind, q.text, q.has_other, q.scale_min_label) for q in new] == [
        (q.kind, q.text, q.has_other, q.scale_min_label) for q in old
    ]
    assert {q.pk for q in new}.isdisjoint({q.pk for q in old})
    assert [q.section.heading if q.section else None for q in new] == [
        q.section.heading if q.section else None for q in old
    ]
    assert all(q.section is None or q.section.survey_id == copy.pk for q in new)
    conditional = copy.questions.get(text="Met wie?")
    # The condition points at the copy's own option.
    assert conditional.show_if_option.question.survey_id == copy.pk
    assert conditional.show_if_option.label == "Ja"
    assert [o.label for o in copy.questions.get(text="Werkt u samen?").options.all()] == [
        "Ja",
        "Nee",
    ]
    with pytest.raises(SurveyError, match="nieuwere versie"):
        survey_new_version(actor=actor, survey=answered)
    # The copy is free to change.
    _question(copy, actor, text="Nog een vraag")
    assert answered.is_open()
    survey_publish(actor=actor, survey=copy)
    answered.refresh_from_db()
    assert answered.is_closed() and not answered.is_open()
    assert Question.objects.filter(survey=answered).count() == 3
    assert AuditEntry.objects.filter(action="survey.new_version", object_id=str(copy.pk)).exists()
