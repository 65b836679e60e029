"""Import of historical signals from CSV or XLSX. Every row is checked first; a file with errors
imports nothing unless the caller chooses to skip the bad rows.

One date rule for text and spreadsheet cells alike: a date without a time is the start of that
calendar day in Amsterdam (00:00 Europe/Amsterdam), and a time without a zone is Amsterdam's
time. So "2025-03-01", "01-03-2025", an XLSX date cell of 1 March 2025 and the Excel serial date
45717 are the same moment. A number in the date column is an Excel serial date (the 1900 date
system; an XLSX saved in the 1904 system is read in that one), with a fraction for the time of
day; it has five digits or more, so that a year such as 2025 is never read as a day in 1905.

A file imported again adds nothing twice: each row has a fingerprint (``row_fingerprint``: the
moment, the text and the postcode, normalised, and which copy of that row it is in the file),
stored on the signal it made. A row whose fingerprint is already there is a duplicate: reported
with the signal's reference, and not written."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from common.taxonomy import onderwerpen, regelingen
from councils.models import Council
from councils.selectors import normalise_postcode

from .models import Signal
from .services import MAX_TEXT_LENGTH, signal_submit

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
COLUMNS = {
    "datum": ("datum", "date", "ontvangen", "received"),
    "tekst": ("tekst", "text", "signaal", "omschrijving"),
    "postcode": ("postcode",),
    "regeling": ("regeling", "scheme"),
    "onderwerp": ("onderwerp", "topic"),
    "raad": ("raad", "council"),
}
# Besides ISO 8601 (2025-03-01, 2025-03-01 14:30, 2025-03-01T14:30:00+01:00).
DATE_FORMATS = (
    "%d-%m-%Y",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
)
# Excel serial dates: 1 is 1 January 1900; five digits or more (from 18 May 1927).
SERIAL_RE = re.compile(r"^\d{5,7}(?:[.,]\d+)?$")
SERIAL_MIN, SERIAL_MAX = 10_000, 2_958_465  # 2 958 465 is 31 December 9999
FINGERPRINT_VERSION = "signals-import-1"
LOOKUP_CHUNK = 500


@dataclass
class ImportRow:
    line: int
    received_at: datetime.datetime
    text: str
    postcode: str = ""
    regeling: str = ""
    onderwerp: str = ""
    council: Council | None = None
    fingerprint: str = ""


@dataclass
class ImportResult:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    # (line, reference of the signal the row made before): imported already, not written again.
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    imported: int = 0


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, list]], datetime.datetime]:
    """The header (lower case), the rows with their line numbers, and the file's date system
    for serial dates."""
    from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900

    epoch = CALENDAR_WINDOWS_1900
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        epoch = book.epoch
        values = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
    else:
        raw = path.read_bytes()
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            content = raw.decode("cp1252")
        try:
            dialect = csv.Sniffer().sniff(content[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        values = list(csv.reader(io.StringIO(content, newline=""), dialect))
    if not values:
        return [], [], epoch
    header = [str(h or "").strip().lower() for h in values[0]]
    rows = [
        (index + 2, row)
        for index, row in enumerate(values[1:])
        if any(str(c or "").strip() for c in row)
    ]
    return header, rows, epoch


def _from_serial(serial: float, epoch) -> datetime.datetime | None:
    from openpyxl.utils.datetime import from_excel

    if not SERIAL_MIN <= serial <= SERIAL_MAX:
        return None
    moment = from_excel(serial, epoch)
    # A fraction of a day in binary floating point: to the nearest second.
    seconds = round(moment.microsecond / 1_000_000)
    return moment.replace(microsecond=0) + datetime.timedelta(seconds=seconds)


def parse_date(value, epoch=None) -> datetime.datetime | None:
    """The moment a date cell means (the module's date rule), or None if it is no date."""
    from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900

    if isinstance(value, bool):
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time.min)
    elif isinstance(value, int | float):
        moment = _from_serial(float(value), epoch or CALENDAR_WINDOWS_1900)
    else:
        text = " ".join(str(value or "").split())
        moment = None
        if SERIAL_RE.match(text):
            moment = _from_serial(float(text.replace(",", ".")), epoch or CALENDAR_WINDOWS_1900)
        else:
            try:
                moment = datetime.datetime.fromisoformat(text)
            except ValueError:
                for fmt in DATE_FORMATS:
                    try:
                        moment = datetime.datetime.strptime(text, fmt)
                        break
                    except ValueError:
                        continue
    if moment is None:
        return None
    if timezone.is_naive(moment):
        # Amsterdam's wall clock; 00:00 of a day always exists there (DST changes at 2 and 3).
        moment = moment.replace(tzinfo=AMSTERDAM)
    return moment


def row_fingerprint(row: ImportRow, copy: int) -> str:
    """What identifies a row of an import: its moment (UTC, to the second), its text (Unicode
    NFC, white space collapsed), its postcode (upper case, no spaces), and ``copy``: the
    how-manieth row with these three in the file, so two equal rows in one file are two
    signals, and the same file imported again is duplicates only. Theme and council are left
    out: a file with those corrected holds the same signals."""
    moment = row.received_at.astimezone(datetime.UTC).isoformat(timespec="seconds")
    text = " ".join(unicodedata.normalize("NFC", row.text).split())
    postcode = "".join(row.postcode.split()).upper()
    key = "\x1f".join([FINGERPRINT_VERSION, moment, text, postcode, str(copy)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _mark_duplicates(result: ImportResult) -> None:
    """Fingerprint the good rows; move those imported before to ``result.duplicates``."""
    copies: dict[str, int] = {}
    for row in result.rows:
        same = row_fingerprint(row, 0)
        copies[same] = copies.get(same, 0) + 1
        row.fingerprint = row_fingerprint(row, copies[same])
    prints = [row.fingerprint for row in result.rows]
    known: dict[str, str] = {}
    for start in range(0, len(prints), LOOKUP_CHUNK):
        known.update(
            Signal.objects.filter(import_fingerprint__in=prints[start : start + LOOKUP_CHUNK])
            .order_by()
            .values_list("import_fingerprint", "reference")
        )
    result.duplicates = [
        (r.line, known[r.fingerprint]) for r in result.rows if r.fingerprint in known
    ]
    result.rows = [r for r in result.rows if r.fingerprint not in known]


def signals_import_check(path: Path) -> ImportResult:
    """Read and check every row, and find the rows imported before; nothing is written."""
    result = ImportResult()
    header, rows, epoch = _read_rows(path)
    positions = {}
    for key, names in COLUMNS.items():
        for name in names:
            if name in header:
                positions[key] = header.index(name)
                break
    missing = [k for k in ("datum", "tekst") if k not in positions]
    if missing:
        result.errors.append(
            (
                1,
                f"kolom ontbreekt: {', '.join(missing)} "
                f"(gevonden: {', '.join(h for h in header if h) or 'niets'})",
            )
        )
        return result
    councils = {c.slug: c for c in Council.objects.all()}
    councils.update({c.name.lower(): c for c in councils.values()})
    now = timezone.now()
    for line, row in rows:

        def cell(key, row=row):
            index = positions.get(key)
            value = row[index] if index is not None and index < len(row) else ""
            return value if value is not None else ""

        problems = []
        received_at = parse_date(cell("datum"), epoch)
        if received_at is None:
            problems.append(
                f"datum '{cell('datum')}' is geen datum (gebruik JJJJ-MM-DD, DD-MM-JJJJ of "
                "een datum uit Excel)"
            )
        elif received_at > now:
            problems.append("datum ligt in de toekomst")
        text = str(cell("tekst")).strip()
        if not text:
            problems.append("tekst is leeg")
        elif len(text) > MAX_TEXT_LENGTH:
            problems.append(f"tekst is langer dan {MAX_TEXT_LENGTH} tekens")
        postcode = str(cell("postcode")).strip()
        if postcode and normalise_postcode(postcode) is None:
            problems.append(f"postcode '{postcode}' klopt niet")
        regeling = str(cell("regeling")).strip().upper()
        if regeling and regeling not in regelingen():
            problems.append(f"regeling '{regeling}' bestaat niet")
        onderwerp = str(cell("onderwerp")).strip().lower()
        if onderwerp and onderwerp not in onderwerpen():
            problems.append(f"onderwerp '{onderwerp}' bestaat niet")
        if bool(regeling) != bool(onderwerp):
            problems.append("vul regeling en onderwerp allebei in, of geen van beide")
        council_value = str(cell("raad")).strip().lower()
        council = councils.get(council_value) if council_value else None
        if council_value and council is None:
            problems.append(f"raad '{council_value}' bestaat niet")
        if problems:
            result.errors.append((line, "; ".join(problems)))
        else:
            result.rows.append(
                ImportRow(
                    line=line,
                    received_at=received_at,
                    text=text,
                    postcode=postcode,
                    regeling=regeling,
                    onderwerp=onderwerp,
                    council=council,
                )
            )
    _mark_duplicates(result)
    return result


def signals_import(
    path: Path, *, skip_errors: bool = False, dry_run: bool = False, actor=None
) -> ImportResult:
    """Import a file: all rows, or none when a row has an error (unless ``skip_errors``). Rows
    imported before are left out and listed in ``result.duplicates``."""
    result = signals_import_check(path)
    if dry_run or (result.errors and not skip_errors):
        return result
    with transaction.atomic():
        for row in result.rows:
            signal = signal_submit(
                text=row.text,
                postcode=row.postcode,
                received_at=row.received_at,
                source=Signal.Source.IMPORT,
                regeling=row.regeling,
                onderwerp=row.onderwerp,
                actor=actor,
            )
            changes = {"import_fingerprint": row.fingerprint}
            if row.council is not None and row.council.pk != signal.council_id:
                changes["council"] = row.council
                signal.routing_history.update(council=row.council)
            Signal.objects.filter(pk=signal.pk).update(**changes)
            result.imported += 1
    return result
