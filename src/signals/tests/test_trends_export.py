"""The trend counts as CSV and XLSX (issue 17): Dutch Excel's CSV (BOM, ``;``, CRLF) and an
XLSX, read back with independent parsers (the csv module with ``;``, openpyxl); a council name
that a spreadsheet would take for a formula goes out as text. Same query count at two sizes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.tests.spreadsheets import FORMULA_ATTACKS as ATTACKS
from common.tests.spreadsheets import body, read_csv, read_xlsx
from councils.tests.factories import CouncilFactory
from signals.tests.factories import SignalFactory

pytestmark = pytest.mark.django_db

HEADER = ["maand", "raad", "regeling", "onderwerp", "aantal"]


def test_trends_csv_opens_in_dutch_excel(client, roles):
    SignalFactory.create_batch(2, council=roles.council, regeling="WW", onderwerp="brieven")
    client.force_login(roles["member"])
    response = client.get("/mijn/signalen/trends.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="signalen-trends.csv"'
    rows = read_csv(response)
    assert rows[0] == HEADER
    assert rows[1][1:] == ["Districtscliëntenraad Noord", "WW", "brieven", "2"]


def test_trends_xlsx_holds_the_same_rows_with_numbers_as_numbers(client, roles):
    SignalFactory.create_batch(3, council=roles.council, regeling="WW", onderwerp="brieven")
    client.force_login(roles["member"])
    page = client.get("/mijn/signalen/trends/").content.decode()
    assert 'href="/mijn/signalen/trends.xlsx?' in page
    response = client.get("/mijn/signalen/trends.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="signalen-trends.xlsx"'
    sheet = read_xlsx(response)
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    assert rows[1][1:] == ["Districtscliëntenraad Noord", "WW", "brieven", 3]


def test_a_council_name_that_is_a_formula_goes_out_as_text(client, roles):
    for i, attack in enumerate(ATTACKS):
        council = CouncilFactory(slug=f"aanval-{i}", name=attack)
        SignalFactory(council=council)
    client.force_login(roles["administrator"])
    names = {row[1] for row in read_csv(client.get("/mijn/signalen/trends.csv"))[1:]}
    assert names == {f"'{a}" for a in ATTACKS}
    sheet = read_xlsx(client.get("/mijn/signalen/trends.xlsx"))
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert {c.value for c in cells} == {f"'{a}" for a in ATTACKS}
    assert {c.data_type for c in cells} == {"s"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_takes_the_same_queries_for_few_and_many_signals(client, roles, fmt):
    client.force_login(roles["member"])
    counts = []
    for n in (2, 60):
        SignalFactory.create_batch(n, council=CouncilFactory())
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/mijn/signalen/trends.{fmt}")
            body(response)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_download_is_not_posted(client, roles):
    client.force_login(roles["member"])
    assert client.post("/mijn/signalen/trends.csv").status_code == 405
    assert client.post("/mijn/signalen/trends.xlsx").status_code == 405
