"""The questionnaire's background work: the mail when it opens and the reminder before it
closes (over real SMTP, the local aiosmtpd server), each once; and how long answers are kept."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from common.models import OutboxMessage
from councils.tests.factories import (
    CouncilFactory,
    MembershipFactory,
    WorkingGroupFactory,
)

from ..models import Answer, Participation, QuestionKind, Response, Survey
from ..tasks import answer_url, surveys_announce, surveys_remind, surveys_retention
from .factories import (
    AnswerFactory,
    OptionFactory,
    ParticipationFactory,
    QuestionFactory,
    ResponseFactory,
    SurveyFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://raadsplein.test"
    settings.SITE_NAME = "Raadsplein"
    return settings


def answer_path(survey) -> str:
    return reverse("surveys:answer", args=[survey.pk])


def open_survey(**kwargs):
    now = timezone.now()
    defaults = {
        "opens_at": now - 2 * DAY,
        "published_at": now - 2 * DAY,
        "closes_at": now + 10 * DAY,
    }
    return SurveyFactory(**{**defaults, **kwargs})


# --- the announcement ------------------------------------------------------------------------


def test_the_announcement_goes_once_to_each_person_in_the_audience(
    site, smtp_server, django_capture_on_commit_callbacks
):
    north, south = CouncilFactory(), CouncilFactory()
    twice = MembershipFactory(council=north).user
    MembershipFactory(council=south, user=twice)  # on two councils: one mail
    other = MembershipFactory(council=south).user
    MembershipFactory(council=north, user=UserFactory(email=""))  # no address: no mail
    outsider = UserFactory()
    survey = open_survey(title="Wat heeft u nodig?")
    SurveyFactory(published_at=None)  # a draft is not announced
    SurveyFactory(opens_at=timezone.now() + DAY, closes_at=timezone.now() + 5 * DAY)

    with django_capture_on_commit_callbacks(execute=True):
        assert surveys_announce() == {"surveys": 1, "mails": 2}
    survey.refresh_from_db()
    assert survey.announced_at is not None
    assert sorted(a for m in smtp_server.messages for a in m["to"]) == sorted(
        [twice.email, other.email]
    )
    assert not smtp_server.to(outsider.email)

    # Run again (a second worker, a retry): nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert surveys_announce() == {"surveys": 0, "mails": 0}
    assert len(smtp_server.messages) == 2
    assert OutboxMessage.objects.filter(kind="survey.announce").count() == 2


def test_a_questionnaire_claimed_by_another_run_is_not_announced_again(
    smtp_server, django_capture_on_commit_callbacks
):
    MembershipFactory()
    survey = open_survey()
    Survey.objects.filter(pk=survey.pk).update(announced_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert surveys_announce() == {"surveys": 0, "mails": 0}
    assert smtp_server.messages == []


def test_the_announcement_says_who_asks_until_when_and_links_to_the_answer_page_on_site_url(
    site, smtp_server, django_capture_on_commit_callbacks
):
    council = CouncilFactory()
    member = MembershipFactory(council=council, user=UserFactory(first_name="Anna")).user
    group = WorkingGroupFactory(name="Samenwerking & Contact")
    closes = datetime.datetime(2031, 3, 20, 17, 0, tzinfo=datetime.UTC)  # 18:00 in Amsterdam
    survey = SurveyFactory(
        title="Behoeften 2031",
        intro="Wij maken een plan voor volgend jaar.",
        working_group=group,
        anonymous=True,
        opens_at=timezone.now() - DAY,
        closes_at=closes,
    )
    with django_capture_on_commit_callbacks(execute=True):
        surveys_announce()

    [mail] = smtp_server.to(member.email)
    url = "https://raadsplein.test" + answer_path(survey)
    assert answer_url(survey) == url
    assert mail["subject"] == "Nieuwe vragenlijst: Behoeften 2031"
    text = mail["text"]
    assert text.startswith("Beste Anna,")
    assert "Samenwerking & Contact wil graag weten wat u vindt." in text
    assert "„Behoeften 2031”" in text
    assert "Wij maken een plan voor volgend jaar." in text
    assert "tot donderdag 20 maart 2031, 18:00 uur" in text
    assert "De vragenlijst is anoniem." in text
    assert url in text
    assert "&amp;" not in text
    html = mail["message"].get_body(("html",)).get_content()
    assert f'href="{url}"' in html
    assert "Samenwerking &amp; Contact" in html
    assert 'href="https://raadsplein.test/"' in html


def test_a_named_questionnaire_says_so_in_its_announcement(
    site, smtp_server, django_capture_on_commit_callbacks
):
    council = CouncilFactory(name="Districtscliëntenraad Noord")
    member = MembershipFactory(council=council).user
    open_survey(anonymous=False, council=council)
    with django_capture_on_commit_callbacks(execute=True):
        surveys_announce()
    [mail] = smtp_server.to(member.email)
    assert "niet anoniem: Districtscliëntenraad Noord ziet wat u heeft geantwoord" in mail["text"]


# --- the reminder ----------------------------------------------------------------------------


def test_the_reminder_goes_once_only_to_those_who_have_not_finished(
    site, smtp_server, django_capture_on_commit_callbacks
):
    council = CouncilFactory()
    finished, started, untouched, opted_out = (
        MembershipFactory(council=council).user for _ in range(4)
    )
    survey = open_survey(
        title="Behoeften",
        anonymous=False,
        opens_at=timezone.now() - 10 * DAY,
        closes_at=timezone.now() + 2 * DAY,
    )
    ParticipationFactory(survey=survey, user=finished, finished=True)
    ParticipationFactory(survey=survey, user=started, draft={"1": "ja"})
    ParticipationFactory(survey=survey, user=opted_out, no_reminder=True)

    with django_capture_on_commit_callbacks(execute=True):
        assert surveys_remind() == {"surveys": 1, "mails": 2}
        assert surveys_remind() == {"surveys": 0, "mails": 0}
    assert sorted(a for m in smtp_server.messages for a in m["to"]) == sorted(
        [started.email, untouched.email]
    )
    mail = smtp_server.to(untouched.email)[0]
    assert mail["subject"].strip().startswith("Herinnering: de vragenlijst „Behoeften” sluit op ")
    assert "nog niet (helemaal) ingevuld" in mail["text"]
    assert "https://raadsplein.test" + answer_path(survey) in mail["text"]
    assert "Wij weten alleen" not in mail["text"]  # only said for anonymous ones
    html = mail["message"].get_body(("html",)).get_content()
    assert f'href="https://raadsplein.test{answer_path(survey)}"' in html
    survey.refresh_from_db()
    assert survey.reminded_at is not None


def test_no_reminder_before_its_day_nor_on_the_day_it_opened_nor_after_closing(
    settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.SURVEY_REMINDER_DAYS = 3
    MembershipFactory()
    now = timezone.now()
    early = open_survey(
        opens_at=now - 5 * DAY, closes_at=now + 3 * DAY + datetime.timedelta(hours=1)
    )
    just_opened = open_survey(opens_at=now - datetime.timedelta(hours=2), closes_at=now + DAY)
    closed = SurveyFactory(opens_at=now - 9 * DAY, closes_at=now - datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert surveys_remind(now=now) == {"surveys": 0, "mails": 0}
    assert smtp_server.messages == []
    # an hour later the first one is due, and the one that opened a day ago
    later = now + datetime.timedelta(hours=23)
    with django_capture_on_commit_callbacks(execute=True):
        assert surveys_remind(now=later) == {"surveys": 2, "mails": 2}
    assert Survey.objects.filter(reminded_at__isnull=False).count() == 2
    closed.refresh_from_db()
    assert closed.reminded_at is None
    assert {early.pk, just_opened.pk} == set(
        Survey.objects.filter(reminded_at__isnull=False).values_list("pk", flat=True)
    )


def test_the_reminder_of_an_anonymous_questionnaire_reads_only_who_finished(
    site, smtp_server, django_capture_on_commit_callbacks
):
    council = CouncilFactory()
    finished, waiting = (MembershipFactory(council=council).user for _ in range(2))
    survey = open_survey(anonymous=True, closes_at=timezone.now() + DAY)
    ParticipationFactory(survey=survey, user=finished, finished=True)
    response = ResponseFactory(survey=survey, council=council, user=None)
    AnswerFactory(response=response, question=QuestionFactory(survey=survey), number=3)

    with (
        django_capture_on_commit_callbacks(execute=True),
        CaptureQueriesContext(connection) as queries,
    ):
        assert surveys_remind() == {"surveys": 1, "mails": 1}
    sql = " ".join(q["sql"] for q in queries.captured_queries).lower()
    assert "surveys_participation" in sql
    assert "surveys_response" not in sql and "surveys_answer" not in sql
    [mail] = smtp_server.messages
    assert mail["to"] == [waiting.email]
    assert "Wij weten alleen dat u hem nog niet heeft afgemaakt" in mail["text"]


# --- retention -------------------------------------------------------------------------------

NOW = datetime.datetime(2030, 6, 15, 12, 0, tzinfo=datetime.UTC)


def closed_survey(closes_at, **kwargs):
    return SurveyFactory(
        opens_at=closes_at - 14 * DAY,
        published_at=closes_at - 14 * DAY,
        closes_at=closes_at,
        **kwargs,
    )


def response_with_answer(survey, user=None):
    council = CouncilFactory()
    if user is not None:
        MembershipFactory(user=user, council=council)
    response = ResponseFactory(survey=survey, user=user, council=council, submitted_at=NOW)
    AnswerFactory(response=response, question=QuestionFactory(survey=survey), number=4)
    return response


def test_named_answers_go_exactly_the_set_number_of_calendar_months_after_closing(settings):
    settings.SURVEY_NAMED_RETENTION_MONTHS = 24
    boundary = datetime.datetime(2028, 6, 15, 12, 0, tzinfo=datetime.UTC)  # NOW − 24 months
    due = closed_survey(boundary, anonymous=False)
    not_yet = closed_survey(boundary + datetime.timedelta(seconds=1), anonymous=False)
    anonymous = closed_survey(boundary - 400 * DAY, anonymous=True)
    for survey in (due, not_yet, anonymous):
        response_with_answer(survey, user=UserFactory() if not survey.anonymous else None)

    result = surveys_retention(now=NOW)
    assert result["named_deleted"] == 1
    assert not Response.objects.filter(survey=due).exists()
    assert not Answer.objects.filter(question__survey=due).exists()
    assert Response.objects.filter(survey=not_yet).count() == 1
    assert Response.objects.filter(survey=anonymous).count() == 1  # counts stay
    assert surveys_retention(now=NOW)["named_deleted"] == 0  # a second run changes nothing

    # one second later the other one is due too
    later = surveys_retention(now=NOW + datetime.timedelta(seconds=1))
    assert later["named_deleted"] == 1
    assert not Response.objects.filter(survey=not_yet).exists()


def test_the_retention_period_is_a_setting(settings):
    settings.SURVEY_NAMED_RETENTION_MONTHS = 6
    kept = closed_survey(datetime.datetime(2029, 12, 16, tzinfo=datetime.UTC), anonymous=False)
    gone = closed_survey(datetime.datetime(2029, 12, 15, tzinfo=datetime.UTC), anonymous=False)
    response_with_answer(kept, user=UserFactory())
    response_with_answer(gone, user=UserFactory())
    assert surveys_retention(now=NOW)["named_deleted"] == 1
    assert list(Response.objects.values_list("survey_id", flat=True)) == [kept.pk]


def test_answers_of_people_who_left_are_kept_only_as_anonymous_counts():
    today = timezone.localdate()
    council = CouncilFactory()
    left = MembershipFactory(council=council, end_date=today - DAY).user
    stays = MembershipFactory(council=council).user
    survey = open_survey(anonymous=False)
    single = QuestionFactory(survey=survey, kind=QuestionKind.SINGLE, has_other=True)
    choice = OptionFactory(question=single, label="Vaker overleg")
    text = QuestionFactory(survey=survey, kind=QuestionKind.LONG_TEXT)
    scale = QuestionFactory(survey=survey, kind=QuestionKind.SCALE)
    theme = ThemeFactory(survey=survey, name="Contact")
    responses = {}
    for user in (left, stays):
        response = ResponseFactory(
            survey=survey, user=user, council=council, role="member", submitted_at=timezone.now()
        )
        AnswerFactory(response=response, question=single, option=choice)
        AnswerFactory(response=response, question=single, is_other=True, text="Ik bel Piet")
        AnswerFactory(response=response, question=scale, number=4)
        AnswerFactory(response=response, question=text, text="Mijn naam is Jan").themes.add(theme)
        ParticipationFactory(survey=survey, user=user, council=council, finished=True)
        responses[user] = response
    anonymous = open_survey(anonymous=True)
    ParticipationFactory(survey=anonymous, user=left, finished=True)
    ParticipationFactory(survey=anonymous, user=stays, draft={"1": "ja"})

    result = surveys_retention()
    assert result["left_anonymised"] == 1
    assert result["texts_removed"] == 2
    assert result["participations_of_leavers_deleted"] == 2

    gone = Response.objects.get(pk=responses[left].pk)
    assert (gone.user, gone.submitted_at) == (None, None)
    assert (gone.council_id, gone.role) == (council.pk, "member")  # the count per group stays
    assert {
        (a.question_id, a.option_id, a.is_other, a.number, a.text) for a in gone.answers.all()
    } == {
        (single.pk, choice.pk, False, None, ""),
        (single.pk, None, True, None, ""),
        (scale.pk, None, False, 4, ""),
    }
    assert not Answer.themes.through.objects.filter(answer__response=gone).exists()
    kept = Response.objects.get(pk=responses[stays].pk)
    assert kept.user == stays and kept.answers.count() == 4
    assert kept.answers.get(question=text).themes.get() == theme
    assert not Participation.objects.filter(user=left).exists()
    assert Participation.objects.filter(user=stays).count() == 2
    # a second run changes nothing
    assert surveys_retention() == {
        "drafts_cleared": 0,
        "named_deleted": 0,
        "texts_removed": 0,
        "left_anonymised": 0,
        "participations_of_leavers_deleted": 0,
    }


def test_answers_in_progress_go_when_the_questionnaire_closes():
    member = MembershipFactory().user
    now = timezone.now()
    closed = SurveyFactory(opens_at=now - 9 * DAY, closes_at=now - DAY)
    still_open = open_survey()
    ParticipationFactory(survey=closed, user=member, draft={"1": "Mijn naam is Jan"})
    ParticipationFactory(survey=still_open, user=member, draft={"1": "ja"})
    assert surveys_retention()["drafts_cleared"] == 1
    assert Participation.objects.get(survey=closed).draft == {}
    assert Participation.objects.get(survey=still_open).draft == {"1": "ja"}


def test_the_periodic_tasks_run(smtp_server, django_capture_on_commit_callbacks):
    from ..tasks import surveys_announce_task, surveys_remind_task, surveys_retention_task

    MembershipFactory()
    open_survey()
    with django_capture_on_commit_callbacks(execute=True):
        surveys_announce_task()
        surveys_remind_task()
        surveys_retention_task()
    assert len(smtp_server.messages) == 1
