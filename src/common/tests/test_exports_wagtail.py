"""Wagtail's admin exports (its reports) go through common.exports too (issue 17): Dutch
Excel's CSV (BOM, ``;``, CRLF) and formulas neutralised in CSV and XLSX, read back with the csv
module and openpyxl."""

from __future__ import annotations

import pytest
from django.utils import timezone
from wagtail.models import Page

from common.tests.spreadsheets import FORMULA_ATTACKS, read_csv, read_xlsx

pytestmark = pytest.mark.django_db

ATTACK = FORMULA_ATTACKS[0]


@pytest.fixture
def locked_page(roles, site_pages):
    page = Page.objects.filter(depth=3).first().specific
    page.title = ATTACK
    page.locked, page.locked_by, page.locked_at = True, roles["administrator"], timezone.now()
    page.save()
    return page


def test_a_wagtail_report_csv_opens_in_dutch_excel_with_formulas_neutralised(
    client, roles, locked_page
):
    client.force_login(roles["administrator"])
    rows = read_csv(client.get("/beheer/reports/locked/?export=csv"))
    assert len(rows[0]) > 1  # split on ";"
    assert [row[0] for row in rows[1:]] == [f"'{ATTACK}"]


def test_a_wagtail_report_xlsx_has_the_formula_as_text(client, roles, locked_page):
    client.force_login(roles["administrator"])
    response = client.get("/beheer/reports/locked/?export=xlsx")
    sheet = read_xlsx(response)
    cell = sheet["A2"]
    assert (cell.value, cell.data_type) == (f"'{ATTACK}", "s")
