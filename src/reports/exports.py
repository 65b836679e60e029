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

PDF_CSS = Path(__file__).resolve().parent.parent / "templates" / "reports" / "report_pdf.css"


def _no_fetch(url, *args, **kwargs):
    """The PDF is made from our own template only (charts are inline SVG): nothing is fetched."""
    raise ValueError(f"fetching {url} is not allowed")


def report_title(report) -> str:
    if report.council_id is None:
        return _("Landelijk jaarverslag %(year)s") % {"year": report.year}
    return _("Jaarverslag %(year)s van %(council)s") % {
        "year": report.year,
        "council": report.council.name,
    }


def report_pdf(document: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "reports/report_pdf.html",
        {
            **document,
            "title": report_title(document["report"]),
            "css": PDF_CSS.read_text(encoding="utf-8"),
            "made_at": timezone.localtime(),
        },
    )
    base = str(getattr(settings, "STATIC_ROOT", "") or Path(settings.BASE_DIR))
    return HTML(string=html, base_url=base, url_fetcher=_no_fetch).write_pdf()


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
