"""Results: who may see them, the minimum group of five, redaction, themes, publishing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from common.models import AuditEntry
from councils.selectors import viewer_for
from councils.tests.factories import CouncilFactory

from .. import selectors_results as selectors
from .. import services_results as services
from ..models import Survey
from ..permissions import can_tag_answers, can_view_results
from .factories import SurveyFactory, ThemeFactory
from .results_data import PHONE_TEXT, add_responses, closed_survey, questions_for

pytestmark = pytest.mark.django_db


def _survey(roles, **kwargs):
    survey = closed_survey(council=roles.council, audience=Survey.Audience.COUNCILS, **kwargs)
    survey.audience_councils.set([roles.council, roles.other_council])
    return survey


@pytest.mark.parametrize(
    ("closed", "results_for", "expected"),
    [
        (False, "members", {"secretary", "administrator"}),
        (True, "asker", {"secretary", "administrator"}),
        (True, "members", {"secretary", "administrator", "member", "member_other"}),
    ],
)
def test_who_sees_the_results(roles, closed, results_for, expected):
    survey = _survey(roles, results_for=results_for)
    if not closed:
        survey.closes_at = timezone.now() + datetime.timedelta(days=3)
        survey.save()
    seen = {
        name
        for name in ("visitor", "member", "member_other", "ex_member", "secretary")
        + ("central_member", "editor", "liaison", "administrator")
        if can_view_results(viewer_for(roles[name]), survey)
    }
    assert seen == expected
    taggers = {
        name
        for name in ("member", "member_other", "secretary", "editor", "administrator")
        if can_tag_answers(viewer_for(roles[name]), survey)
    }
    assert taggers == {"secretary", "administrator"}


def test_a_group_of_four_is_never_offered_nor_shown(roles, client):
    survey = _survey(roles)
    qs = questions_for(survey)
    small = CouncilFactory(name="Kleine raad")
    add_responses(survey, qs, roles.council, 6)
    add_responses(survey, qs, small, 4, role="secretary")

    councils, roles_offered = selectors.filter_groups(survey)
    assert [(g.label, g.count) for g in councils] == [(roles.council.name, 6)]
    assert [g.value for g in roles_offered] == ["member"]  # 4 secretaries: too few

    client.force_login(roles["secretary"])
    url = reverse("surveys:results", args=[survey.pk])
    page = client.get(url).content.decode()
    assert "Kleine raad" not in page
    assert f'value="{roles.council.pk}"' in page

    for query in (
        {"raad": small.pk},
        {"rol": "secretary"},
        {"raad": roles.council.pk, "rol": "secretary"},
        {"raad": "onzin"},
    ):
        response = client.get(url, query)
        assert response.status_code == 200
        html = response.content.decode()
        assert "te klein om apart te tonen" in html, query
        assert "Werkt u samen?" not in html  # no figures at all
        assert "chart__svg" not in html
    # The page of one question gives nothing for the small group either.
    question_url = reverse("surveys:results_question", args=[survey.pk, qs.text.pk])
    html = client.get(question_url, {"raad": small.pk}).content.decode()
    assert "te klein om apart te tonen" in html and "Kleine raad" not in html
    assert "Antwoord 1 van" not in html


def test_open_answers_are_redacted_and_counted(roles, client):
    survey = _survey(roles)
    qs = questions_for(survey)
    add_responses(survey, qs, roles.council, 12)
    client.force_login(roles["secretary"])

    html = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "06-12345678" not in html and "[TELEFOON]" in html
    # Only the first ten of twelve: the phone number's and 1 to 9.
    assert "Antwoord 9 van" in html and "Antwoord 10 van" not in html
    assert "12 antwoorden." in html
    assert "Anders 2" in html  # the 'anders, namelijk' texts
    assert reverse("surveys:results_question", args=[survey.pk, qs.text.pk]) in html
    # Sections as headings, mean and median, the average place of a ranking.
    assert '<h2 class="survey-section">Samenwerken</h2>' in html
    assert "Gemiddelde plaats" in html and "Mediaan" in html

    page = client.get(reverse("surveys:results_question", args=[survey.pk, qs.text.pk]))
    text = page.content.decode()
    assert PHONE_TEXT not in text and "[TELEFOON]" in text
    assert "Antwoord 11 van" in text


def test_named_results_show_no_names(roles, client):
    survey = _survey(roles, anonymous=False)
    qs = questions_for(survey)
    responses = add_responses(survey, qs, roles.council, 5)
    responses[0].user = roles["member"]
    responses[0].save()
    client.force_login(roles["secretary"])
    for url in (
        reverse("surveys:results", args=[survey.pk]),
        reverse("surveys:results_question", args=[survey.pk, qs.text.pk]),
    ):
        html = client.get(url).content.decode()
        assert roles["member"].email not in html
        assert roles["member"].get_full_name() not in html


def test_themes_are_made_ticked_and_counted_without_person_data_in_the_audit(roles):
    survey = _survey(roles)
    qs = questions_for(survey)
    add_responses(survey, qs, roles.council, 6)
    secretary = roles["secretary"]
    scholing = services.theme_create(actor=secretary, survey=survey, name="  Scholing ")
    contact = services.theme_create(actor=secretary, survey=survey, name="Contact")
    assert scholing.name == "Scholing"
    with pytest.raises(services.ResultsError):
        services.theme_create(actor=secretary, survey=survey, name="scholing")
    foreign = ThemeFactory(survey=SurveyFactory())

    data = selectors.question_answers(survey, qs.text)
    answers = list(data["page"])
    assert data["total"] == 6 and answers[0].redacted.startswith("Bel mij op [TELEFOON]")
    n = services.answer_themes_set(
        actor=secretary,
        survey=survey,
        question=qs.text,
        assignments={
            answers[0].pk: [scholing.pk, contact.pk],
            answers[1].pk: [scholing.pk, foreign.pk],  # another questionnaire's: ignored
            answers[2].pk: [],
        },
    )
    assert n == 3
    counts = {t.name: t.count for t in selectors.question_answers(survey, qs.text)["themes"]}
    assert counts == {"Contact": 1, "Scholing": 2}
    # Untick: the set is exact.
    services.answer_themes_set(
        actor=secretary, survey=survey, question=qs.text, assignments={answers[0].pk: []}
    )
    counts = {t.name: t.count for t in selectors.question_answers(survey, qs.text)["themes"]}
    assert counts == {"Contact": 0, "Scholing": 1}
    # Answers of another question are not tagged through this one.
    other = survey.responses.first().answers.get(question=qs.scale)
    services.answer_themes_set(
        actor=secretary, survey=survey, question=qs.text, assignments={other.pk: [scholing.pk]}
    )
    assert not other.themes.exists()

    entries = AuditEntry.objects.filter(action__startswith="survey.")
    assert entries.count() == 5
    for entry in entries:
        assert entry.object_repr == survey.title and not entry.personal_data
        assert "Bel mij" not in str(entry.details) and "06-" not in str(entry.details)


def test_theme_counts_follow_the_filter(roles):
    survey = _survey(roles)
    qs = questions_for(survey)
    add_responses(survey, qs, roles.council, 5)
    add_responses(survey, qs, roles.other_council, 5)
    theme = services.theme_create(actor=roles["secretary"], survey=survey, name="Scholing")
    ids = list(qs.text.answers.values_list("pk", flat=True))
    services.answer_themes_set(
        actor=roles["secretary"],
        survey=survey,
        question=qs.text,
        assignments={pk: [theme.pk] for pk in ids},
    )
    only_noord = selectors.question_answers(survey, qs.text, council_id=roles.council.pk)
    assert only_noord["total"] == 5 and only_noord["themes"][0].count == 5
    assert selectors.question_answers(survey, qs.text)["themes"][0].count == 10


def test_response_rate_per_council_by_name(roles):
    from .results_data import add_participations

    survey = _survey(roles)
    add_participations(survey, roles.council.memberships.all()[:1])
    table = selectors.response_rate_table(survey)
    assert table["finished"] == 1
    names = [row["council"] for row in table["rows"]]
    assert names == sorted(names) and roles.council.name in names


def test_visibility_and_public_summary(roles):
    survey = _survey(roles)
    services.results_visibility_set(actor=roles["secretary"], survey=survey, results_for="members")
    survey.refresh_from_db()
    assert survey.results_for == Survey.ResultsFor.MEMBERS
    with pytest.raises(services.ResultsError):
        services.results_visibility_set(actor=roles["secretary"], survey=survey, results_for="x")
    with pytest.raises(services.ResultsError):
        services.public_summary_publish(actor=roles["editor"], survey=survey, summary="  ")
    services.public_summary_publish(actor=roles["editor"], survey=survey, summary="Goed nieuws.")
    first = survey.public_at
    assert first is not None and survey.public_summary == "Goed nieuws."
    services.public_summary_publish(actor=roles["editor"], survey=survey, summary="Beter.")
    assert survey.public_at == first
    assert list(selectors.public_surveys()) == [survey]
    services.public_summary_withdraw(actor=roles["editor"], survey=survey)
    survey.refresh_from_db()
    assert survey.public_at is None and survey.public_summary == "Beter."
    assert selectors.public_survey(survey.pk) is None

    open_one = _survey(roles)
    open_one.closes_at = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(services.ResultsError):
        services.public_summary_publish(actor=roles["editor"], survey=open_one, summary="Te vroeg")


def test_the_public_page_has_no_open_texts_and_no_councils(roles, client):
    survey = _survey(roles, public_summary="Leden willen scholing.", public_at=timezone.now())
    qs = questions_for(survey)
    add_responses(survey, qs, roles.council, 6)
    html = client.get(reverse("surveys:public_results", args=[survey.pk])).content.decode()
    assert "Leden willen scholing." in html
    assert "Werkt u samen?" in html and "chart__svg" in html
    assert "Wat heeft u nodig?" not in html  # an open question: not public
    assert "Anders 2" not in html and "[TELEFOON]" not in html
    assert roles.council.name not in html
    assert "onafhankelijk" in html
    # Under the page's "De cijfers" (h2), the sections are h3 and the questions h4.
    assert '<h3 class="survey-section">Samenwerken</h3>' in html
    assert f'<h4 id="vraag-{qs.single.pk}">' in html
    index = client.get(reverse("surveys:public_results_index")).content.decode()
    assert survey.title in index
