"""The annual report as a PDF (WeasyPrint), and as an article for the staff magazine:
standalone HTML (no scripts, styles inline) and DOCX (python-docx), all from the same figures
as the web page."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from common.pdf import tagged_pdf, with_alt

PDF_CSS = Path(__file__).resolve().parent.parent / "templates" / "reports" / "report_pdf.css"


def report_title(report) -> str:
    if report.council_id is None:
        return _("Landelijk jaarverslag %(year)s") % {"year": report.year}
    return _("Jaarverslag %(year)s van %(council)s") % {
        "year": report.year,
        "council": report.council.name,
    }


def chart_alt(table: dict) -> str:
    """The alternative text of a table's chart in the PDF: what it shows and its numbers (the
    total row left out), so a screen reader need not go on to the table to hear them."""
    rows = table["rows"]
    if len(rows) > 1 and rows[-1][0] == _("Totaal"):
        rows = rows[:-1]
    figures = ", ".join(f"{label} {value}" for label, value in rows)
    return _("Grafiek: %(caption)s. %(figures)s.") % {
        "caption": table["caption"],
        "figures": figures,
    }


def report_pdf(document: dict) -> bytes:
    """A tagged PDF (PDF/UA-1, see ``common.pdf``): each chart a figure with its alternative
    text, each table with header cells."""
    sections = [
        {
            **section,
            "tables": [
                {**table, "chart": with_alt(table["chart"], chart_alt(table))}
                for table in section.get("tables", [])
            ],
        }
        for section in document["sections"]
    ]
    base = str(getattr(settings, "STATIC_ROOT", "") or Path(settings.BASE_DIR))
    return tagged_pdf(
        "reports/report_pdf.html",
        {
            **document,
            "sections": sections,
            "title": report_title(document["report"]),
            "css": PDF_CSS.read_text(encoding="utf-8"),
            "made_at": timezone.localtime(),
        },
        base_url=base,
    )


def report_html(document: dict) -> str:
    return render_to_string(
        "reports/export_article.html",
        {
            **document,
            "title": report_title(document["report"]),
            "css": PDF_CSS.read_text(encoding="utf-8"),
            "made_at": timezone.localtime(),
        },
    )


def _table(doc, caption: str, head: tuple[str, str], rows: list[tuple[str, object]]) -> None:
    doc.add_paragraph(caption).runs[0].bold = True
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = head
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(label), str(value)


def report_docx(document: dict) -> bytes:
    """The same sections as the web page, with every chart as its table of numbers (Word
    readers get the numbers; the magazine's designer draws their own charts)."""
    from docx import Document

    report = document["report"]
    doc = Document()
    title = report_title(report)
    doc.core_properties.title = title
    doc.add_heading(title, level=1)
    for section in document["sections"]:
        doc.add_heading(section["title"], level=2)
        for paragraph in section.get("paragraphs", []):
            doc.add_paragraph(paragraph)
        for table in section.get("tables", []):
            _table(doc, table["caption"], table["head"], table["rows"])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
