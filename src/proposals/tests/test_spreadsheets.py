"""The plan's and the overview's downloads as Dutch Excel opens them (issue 17): a CSV with a
byte order mark, ``;`` and CRLF, and an XLSX beside it, read back with independent parsers
(the csv module with ``;``, openpyxl). Text a spreadsheet would take for a formula (OWASP "CSV
injection") goes out as text in both, and the plan's CSV still reads back unchanged."""

from __future__ import annotations

import datetime
import io
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.tests.spreadsheets import FORMULA_ATTACKS as ATTACKS
from common.tests.spreadsheets import body, read_csv, read_xlsx
from proposals.models import Advice, Proposal
from proposals.services import CSV_COLUMNS
from proposals.tests.factories import AdviceFactory, PlanFactory, ProposalFactory

pytestmark = pytest.mark.django_db

LATE = datetime.date(2020, 1, 1)


def _plan(roles, n=0):
    plan = PlanFactory(council=roles.council, title="Plan van de Districtscliëntenraad")
    for number in range(1, n + 1):
        ProposalFactory(plan=plan, number=number, title=f"Voorstel {number}")
    return plan


# --- the plan ------------------------------------------------------------------------------------


def test_plan_csv_opens_in_dutch_excel_with_accents_intact(client, roles):
    plan = _plan(roles)
    ProposalFactory(plan=plan, number=1, title="Cliëntenraad; “anders”", answer_due=LATE)
    client.force_login(roles["member"])
    response = client.get(f"/vinger-aan-de-pols/plan/{plan.pk}.csv")
    assert response["Content-Disposition"] == f'attachment; filename="plan-{plan.pk}.csv"'
    rows = read_csv(response)
    assert rows[0] == list(CSV_COLUMNS)
    assert rows[1][:3] == [str(plan.pk), "1", "Cliëntenraad; “anders”"]
    assert rows[1][CSV_COLUMNS.index("antwoord verwacht")] == "2020-01-01"


def test_plan_xlsx_holds_the_same_columns_with_numbers_and_dates(client, roles):
    plan = _plan(roles)
    ProposalFactory(plan=plan, number=7, title="Cliëntenraad", answer_due=LATE, progress=40)
    client.force_login(roles["member"])
    html = client.get(plan.get_absolute_url()).content.decode()
    assert f'href="/vinger-aan-de-pols/plan/{plan.pk}.xlsx"' in html
    response = client.get(f"/vinger-aan-de-pols/plan/{plan.pk}.xlsx")
    assert response["Content-Disposition"] == f'attachment; filename="plan-{plan.pk}.xlsx"'
    sheet = read_xlsx(response)
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == list(CSV_COLUMNS)
    assert rows[1][:3] == [plan.pk, 7, "Cliëntenraad"]
    assert rows[1][CSV_COLUMNS.index("voortgang")] == 40
    assert rows[1][CSV_COLUMNS.index("antwoord verwacht")] == datetime.datetime(2020, 1, 1)


def test_plan_exports_neutralise_formulas_in_titles_and_texts(client, roles):
    plan = _plan(roles)
    for number, attack in enumerate(ATTACKS, start=1):
        ProposalFactory(plan=plan, number=number, title=attack, text=attack)
    client.force_login(roles["member"])
    rows = read_csv(client.get(f"/vinger-aan-de-pols/plan/{plan.pk}.csv"))[1:]
    assert [(r[2], r[3]) for r in rows] == [(f"'{a}", f"'{a}") for a in ATTACKS]
    sheet = read_xlsx(client.get(f"/vinger-aan-de-pols/plan/{plan.pk}.xlsx"))
    cells = [cell for row in sheet.iter_rows(min_row=2, min_col=3, max_col=4) for cell in row]
    assert [c.value for c in cells] == [f"'{a}" for a in ATTACKS for _ in (1, 2)]
    assert {c.data_type for c in cells} == {"s"}  # never "f" (a formula)


def test_the_neutralised_plan_csv_reads_back_into_a_fresh_plan_unchanged(client, roles):
    plan = _plan(roles)
    for number, attack in enumerate(ATTACKS, start=1):
        ProposalFactory(plan=plan, number=number, title=f"{attack} titel", text=attack)
    fresh = PlanFactory(council=roles.council, title="Plan 2027")
    client.force_login(roles["secretary"])
    exported = body(client.get(f"/vinger-aan-de-pols/plan/{plan.pk}.csv"))
    upload = io.BytesIO(exported)
    upload.name = "plan.csv"
    check = client.post("/vinger-aan-de-pols/import/", {"file": upload, "plan": fresh.pk})
    html = check.content.decode()
    assert check.status_code == 200, html
    start = html.index('<textarea name="content"')
    content = unescape(html[html.index(">", start) + 1 : html.index("</textarea>", start)])
    response = client.post(
        "/vinger-aan-de-pols/import/",
        {"content": content, "apply": "1", "filename": "plan.csv", "plan": fresh.pk},
    )
    assert response.status_code == 302
    made = Proposal.objects.filter(plan=fresh).order_by("number")
    # As typed, without the export's quote; leading white space goes, as in the web form.
    assert [(p.title, p.text) for p in made] == [(f"{a} titel".strip(), a.strip()) for a in ATTACKS]


# --- "Vinger aan de pols" ------------------------------------------------------------------------


def _late_advice(council, title):
    advice = AdviceFactory(councils=[council], status="sent", sent_on=LATE, answer_due=LATE)
    Advice.objects.filter(pk=advice.pk).update(
        title=title, last_change_at=timezone.make_aware(datetime.datetime(2020, 1, 2, 12))
    )
    return advice


def test_pulse_csv_and_xlsx_open_in_dutch_excel(client, roles):
    _late_advice(roles.council, "Advies over brieven")
    client.force_login(roles["member"])
    html = client.get("/vinger-aan-de-pols/").content.decode()
    assert 'href="/vinger-aan-de-pols/overzicht.xlsx?' in html
    rows = read_csv(client.get("/vinger-aan-de-pols/overzicht.csv"))
    assert rows[0][:3] == ["soort", "titel", "van"]
    assert rows[1][1:3] == ["Advies over brieven", "Districtscliëntenraad Noord"]
    assert rows[1][4] == "2020-01-01" and rows[1][7] == "2020-01-02"
    sheet = read_xlsx(client.get("/vinger-aan-de-pols/overzicht.xlsx"))
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == rows[0]
    assert values[1][1:3] == ["Advies over brieven", "Districtscliëntenraad Noord"]
    assert values[1][4] == datetime.datetime(2020, 1, 1) and isinstance(values[1][5], int)


def test_pulse_exports_neutralise_formulas(client, roles):
    for attack in ATTACKS:
        _late_advice(roles.council, attack)
    client.force_login(roles["member"])
    titles = [r[1] for r in read_csv(client.get("/vinger-aan-de-pols/overzicht.csv"))[1:]]
    assert sorted(titles) == sorted(f"'{a}" for a in ATTACKS)
    sheet = read_xlsx(client.get("/vinger-aan-de-pols/overzicht.xlsx"))
    cells = [row[0] for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2)]
    assert sorted(c.value for c in cells) == sorted(f"'{a}" for a in ATTACKS)
    assert {c.data_type for c in cells} == {"s"}


# --- query counts --------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        body(client.get(url))
    return len(captured)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_plan_export_takes_the_same_queries_for_3_and_60_proposals(client, roles, fmt):
    client.force_login(roles["member"])
    counts = [
        _queries(client, f"/vinger-aan-de-pols/plan/{_plan(roles, n).pk}.{fmt}") for n in (3, 60)
    ]
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_pulse_export_takes_the_same_queries_for_few_and_many_items(client, roles, fmt):
    client.force_login(roles["member"])
    counts = []
    for n in (2, 40):
        for i in range(n):
            _late_advice(roles.council, f"Advies {n}-{i}")
        counts.append(_queries(client, f"/vinger-aan-de-pols/overzicht.{fmt}"))
    assert counts[0] == counts[1], counts


def test_downloads_are_not_posted(client, roles):
    plan = _plan(roles)
    client.force_login(roles["member"])
    for url in (
        f"/vinger-aan-de-pols/plan/{plan.pk}.csv",
        f"/vinger-aan-de-pols/plan/{plan.pk}.xlsx",
        "/vinger-aan-de-pols/overzicht.csv",
        "/vinger-aan-de-pols/overzicht.xlsx",
    ):
        assert client.post(url).status_code == 405, url
