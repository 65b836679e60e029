"""The annual report as a PDF (WeasyPrint), and as an article for the staff magazine:
standalone HTML (no scripts, styles inline) and DOCX (python-docx), all from the same figures
as the web page."""

from __future__ import annotations

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


def report_docx(document: dict) -> bytes:
    """The same sections as the web page, every chart as a picture with its alt text and then
    its table of numbers (see ``reports.word``)."""
    from .word import report_docx as docx

    return docx(document, title=report_title(document["report"]))
