"""The annual report as a Word document for the staff magazine: the same sections as the web
page, each chart as a picture (PNG, drawn from the same rows as the web page's SVG) with the
alt text the web page gives it (the caption of its table), followed by its table of numbers."""

from __future__ import annotations

from django.utils.translation import get_language
from docx.shared import Pt

from common import word
from common.chart_image import bar_chart_png
from common.charts import Row


def chart_png(rows: list[tuple[str, int]]) -> bytes:
    """The PNG of a chart of ``reports.charts``: [(label, count)], one bar each."""
    return bar_chart_png([Row(label=label, values=(n,), texts=(str(n),)) for label, n in rows])


def report_docx(document: dict, *, title: str) -> bytes:
    report = document["report"]
    council = report.council if report.council_id else None
    doc = word.new_document(
        title=title, language=get_language(), author=council.name if council else ""
    )
    doc.add_heading(title, level=1)
    chart_rows = document.get("chart_rows", {})
    for section in document["sections"]:
        doc.add_heading(section["title"], level=2)
        for paragraph in section.get("paragraphs", []):
            doc.add_paragraph(paragraph)
        for table in section.get("tables", []):
            # The caption and the chart stay on the page where their table starts.
            caption = doc.add_paragraph()
            caption.add_run(table["caption"]).bold = True
            caption.paragraph_format.space_before = Pt(12)
            caption.paragraph_format.keep_with_next = True
            if chart_rows.get(table["key"]):
                word.add_picture(
                    doc,
                    chart_png(chart_rows[table["key"]]),
                    alt=table["caption"],
                    name=table["caption"],
                )
                doc.paragraphs[-1].paragraph_format.keep_with_next = True
            word.add_table(doc, table["head"], table["rows"])
    return word.to_bytes(doc)
