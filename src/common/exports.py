"""One way to hand out a table as a spreadsheet file, for every export of the project.

CSV is written for Dutch Excel: UTF-8 with a byte order mark (else Excel reads "CliÃ«ntenraad"),
``;`` between cells (a Dutch Excel's list separator) and CRLF line ends. XLSX is written with
openpyxl: header row bold and frozen, columns as wide as their contents (within limits).

Neither can attack whoever opens it (OWASP, "CSV injection"): a text cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be read as a formula, so it goes
out with a ``'`` before it. Numbers stay numbers. Both responses are private and never stored
by a cache, as they usually hold council work that is not public."""

from __future__ import annotations

import csv
import datetime
import decimal
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")

# Column widths in characters: from the header and the first rows, within these limits.
MIN_WIDTH, MAX_WIDTH = 8, 60
WIDTH_SAMPLE = 200


def neutralise(value):
    """The value as a cell: text that a spreadsheet would take for a formula gets a ``'``
    before it; numbers (and dates) stay what they are; ``None`` becomes an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | decimal.Decimal | datetime.date | datetime.time):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _csv_cell(value):
    value = neutralise(value)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float | decimal.Decimal):
        # Dutch Excel reads a decimal comma as a number; a point would be a date or text.
        return str(value).replace(".", ",")
    return value


class _Line:
    """A file-like object whose ``write`` returns what it was given: csv.writer writes one
    line at a time into it, and the generator below hands that line to the response."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence, rows: Iterable[Sequence]) -> Iterator[str]:
    """The lines of the CSV file, the first with the byte order mark."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield BOM + writer.writerow([_csv_cell(v) for v in header])
    for row in rows:
        yield writer.writerow([_csv_cell(v) for v in row])


def _attachment(response, filename: str):
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def csv_response(*, filename: str, header: Sequence, rows: Iterable[Sequence]):
    """A CSV download, streamed: ``rows`` may be a generator that reads the database in
    chunks, so a large export never sits in memory whole."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type=CSV_TYPE)
    return _attachment(response, filename)


@dataclass
class Sheet:
    title: str
    header: Sequence
    rows: Iterable[Sequence]


def _sheet_title(title: str, taken: set[str]) -> str:
    """Excel allows 31 characters and none of ``[]:*?/\\`` in a sheet's name, each once."""
    clean = "".join("-" if c in "[]:*?/\\" else c for c in str(title)).strip("'") or "Blad"
    clean = clean[:31]
    name, n = clean, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = clean[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _xlsx_value(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = neutralise(value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        # Excel has no time zones: the time as it was in Amsterdam.
        value = timezone.make_naive(timezone.localtime(value))
    if isinstance(value, str):
        # Control characters other than tab, LF and CR are not allowed in the file format.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _shown_width(value) -> int:
    if isinstance(value, datetime.datetime):
        return 16
    lines = str(value).splitlines() or [""]
    return max(len(line) for line in lines)


def _cells(worksheet, values, *, font=None) -> list:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    cells = []
    for value in values:
        cell = WriteOnlyCell(worksheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text is text, never a formula
            if "\n" in value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if font is not None:
            cell.font = font
        cells.append(cell)
    return cells


def xlsx_bytes(sheets: Iterable[Sheet | tuple]) -> bytes:
    """A workbook with one sheet per ``Sheet`` (or ``(title, header, rows)``), written in
    openpyxl's write-only mode so that many rows take little memory."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    taken: set[str] = set()
    for sheet in sheets:
        if not isinstance(sheet, Sheet):
            sheet = Sheet(*sheet)
        worksheet = workbook.create_sheet(_sheet_title(sheet.title, taken))
        rows = iter(sheet.rows)
        # Widths must be set before the first row is written: measure the first rows.
        sample = [[_xlsx_value(v) for v in row] for row in islice(rows, WIDTH_SAMPLE)]
        header = [_xlsx_value(v) for v in sheet.header]
        for index in range(len(header)):
            widest = max(
                [_shown_width(header[index])]
                + [_shown_width(row[index]) for row in sample if index < len(row)]
            )
            width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)
            worksheet.column_dimensions[get_column_letter(index + 1)].width = width
        worksheet.freeze_panes = "A2"

        worksheet.append(_cells(worksheet, header, font=bold))
        for row in sample:
            worksheet.append(_cells(worksheet, row))
        for row in rows:
            worksheet.append(_cells(worksheet, [_xlsx_value(v) for v in row]))
    if not taken:
        workbook.create_sheet("Blad")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(*, filename: str, sheets: Iterable[Sheet | tuple]) -> HttpResponse:
    """An XLSX download with one sheet per ``Sheet`` (or ``(title, header, rows)``)."""
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_TYPE)
    return _attachment(response, filename)


def table_response(*, fmt: str, filename: str, sheets: Sequence[Sheet | tuple]):
    """The same table(s) as CSV or XLSX (``fmt``); ``filename`` without its extension. A CSV
    holds one table: the sheets' rows follow each other under the first sheet's header, so
    give a CSV one sheet, or sheets with the same columns."""
    sheets = [s if isinstance(s, Sheet) else Sheet(*s) for s in sheets]
    if fmt == "xlsx":
        return xlsx_response(filename=f"{filename}.xlsx", sheets=sheets)
    if fmt != "csv":
        raise ValueError(f"unknown export format {fmt!r}")

    def rows():
        for sheet in sheets:
            yield from sheet.rows

    return csv_response(filename=f"{filename}.csv", header=sheets[0].header, rows=rows())


def _wagtail_table(view, queryset, fmt: str) -> tuple[list, Iterator[list]]:
    header = [view.get_heading(queryset, field) for field in view.list_export]
    rows = (
        [
            view.preprocess_field_value(field, value, fmt)
            for field, value in view.to_row_dict(item).items()
        ]
        for item in queryset
    )
    return header, rows


def wagtail_csv_response(view, queryset):
    """Wagtail's admin exports (its reports, form submissions, listings) write their CSV
    here too: ``SpreadsheetExportMixin.write_csv_response``, set in ``CommonConfig.ready``."""
    header, rows = _wagtail_table(view, queryset, view.FORMAT_CSV)
    return csv_response(filename=f"{view.get_filename()}.csv", header=header, rows=rows)


def wagtail_xlsx_response(view, queryset):
    """As ``wagtail_csv_response``, for ``SpreadsheetExportMixin.write_xlsx_response``."""
    header, rows = _wagtail_table(view, queryset, view.FORMAT_XLSX)
    return xlsx_response(
        filename=f"{view.get_filename()}.xlsx", sheets=[Sheet(view.get_filename(), header, rows)]
    )
