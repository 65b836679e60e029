"""Import of historical signals from CSV or XLSX. Every row is checked first; a file with errors
imports nothing unless the caller chooses to skip the bad rows."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from common.taxonomy import onderwerpen, regelingen
from councils.models import Council
from councils.selectors import normalise_postcode

from .models import Signal
from .services import MAX_TEXT_LENGTH, signal_submit

COLUMNS = {
    "datum": ("datum", "date", "ontvangen", "received"),
    "tekst": ("tekst", "text", "signaal", "omschrijving"),
    "postcode": ("postcode",),
    "regeling": ("regeling", "scheme"),
    "onderwerp": ("onderwerp", "topic"),
    "raad": ("raad", "council"),
}
DATE_FORMATS = (
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%dT%H:%M:%S",
)


@dataclass
class ImportRow:
    line: int
    received_at: datetime.datetime
    text: str
    postcode: str = ""
    regeling: str = ""
    onderwerp: str = ""
    council: Council | None = None


@dataclass
class ImportResult:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    imported: int = 0


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, list]]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
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
        values = list(csv.reader(io.StringIO(content), dialect))
    if not values:
        return [], []
    header = [str(h or "").strip().lower() for h in values[0]]
    return header, [
        (index + 2, row)
        for index, row in enumerate(values[1:])
        if any(str(c or "").strip() for c in row)
    ]


def _parse_date(value) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time(12))
    else:
        text = str(value or "").strip()
        moment = None
        for fmt in DATE_FORMATS:
            try:
                moment = datetime.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if moment is None:
            return None
        if moment.time() == datetime.time(0) and len(text) <= 10:
            moment = moment.replace(hour=12)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def signals_import_check(path: Path) -> ImportResult:
    """Read and check every row; nothing is written."""
    result = ImportResult()
    header, rows = _read_rows(path)
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
        received_at = _parse_date(cell("datum"))
        if received_at is None:
            problems.append(f"datum '{cell('datum')}' is geen datum (gebruik JJJJ-MM-DD)")
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
    return result


def signals_import(
    path: Path, *, skip_errors: bool = False, dry_run: bool = False, actor=None
) -> ImportResult:
    """Import a file: all rows, or none when a row has an error (unless ``skip_errors``)."""
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
            if row.council is not None and row.council.pk != signal.council_id:
                Signal.objects.filter(pk=signal.pk).update(council=row.council)
                signal.routing_history.update(council=row.council)
            result.imported += 1
    return result
