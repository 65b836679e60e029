"""The text of a dossier document (PDF, DOCX, ODT, TXT), for the search index.

Limits keep one large or hostile file from taking the worker down: at most ``MAX_PAGES`` pages
of a PDF, ``MAX_CHARS`` characters in all, and a DOCX or ODT whose unpacked parts would be larger
than ``MAX_UNPACKED`` is refused before it is parsed (a "zip bomb")."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

MAX_PAGES = 300
MAX_CHARS = 200_000  # as much as the search index keeps of a body
MAX_UNPACKED = 100 * 1024 * 1024

SUFFIXES = (".pdf", ".docx", ".odt", ".txt")


class ExtractionError(Exception):
    """The file cannot be read as what its name says (damaged, encrypted, too large)."""


def extract_text(data: bytes, filename: str) -> str:
    """The plain text of a document, whitespace tidied, cut at ``MAX_CHARS``."""
    suffix = Path(filename).suffix.lower()
    readers = {".pdf": _pdf, ".docx": _docx, ".odt": _odt, ".txt": _txt}
    if suffix not in readers:
        raise ExtractionError(f"no reader for {suffix!r}")
    try:
        text = readers[suffix](data)
    except ExtractionError:
        raise
    except Exception as error:  # noqa: BLE001 - every library's own error means "cannot read"
        raise ExtractionError(f"{type(error).__name__}: {error}") from error
    return _tidy(text)[:MAX_CHARS]


def _tidy(text: str) -> str:
    text = text.replace("\x00", "")
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r"\n\s*\n+", "\n\n", text)
    return text.strip()


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise ExtractionError("encrypted PDF")
    parts, total = [], 0
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES or total >= MAX_CHARS:
            break
        text = page.extract_text() or ""
        parts.append(text)
        total += len(text)
    return "\n\n".join(parts)


def _check_zip(data: bytes) -> zipfile.ZipFile:
    archive = zipfile.ZipFile(io.BytesIO(data))
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
        raise ExtractionError("unpacked size too large")
    return archive


def _docx(data: bytes) -> str:
    import docx

    _check_zip(data)
    document = docx.Document(io.BytesIO(data))
    parts, total = [], 0
    blocks = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            blocks.append(" | ".join(cell.text for cell in row.cells))
    for text in blocks:
        if total >= MAX_CHARS:
            break
        parts.append(text)
        total += len(text)
    return "\n".join(parts)


def _odt(data: bytes) -> str:
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    _check_zip(data)
    document = load(io.BytesIO(data))
    blocks = {(TEXTNS, "p"), (TEXTNS, "h")}
    parts: list[str] = []
    total = 0

    def walk(node):
        nonlocal total
        for child in getattr(node, "childNodes", ()):
            if total >= MAX_CHARS:
                return
            if getattr(child, "qname", None) in blocks:
                value = teletype.extractText(child)
                parts.append(value)
                total += len(value)
            else:
                walk(child)

    walk(document.text)
    return "\n".join(parts)


def _txt(data: bytes) -> str:
    data = data[: MAX_CHARS * 4]
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")
