"""The charts of the annual report: the same markup on the web page, in the PDF and in the
exported article (see ``common.charts`` for the layout, which keeps every label readable and
inside the chart at any width).

Each chart is an ``<svg role="img" aria-labelledby="...">`` named by the caption of the table
that follows it (the template gives that caption the id), so a screen reader hears the title
and can read the exact numbers in the table. Bars are dark blue on white (contrast 9:1) and
every bar carries its number as text, so colour never carries meaning on its own."""

from __future__ import annotations

from django.utils.safestring import SafeString

from common.charts import Row, bar_chart


def _rows(rows: list[tuple[str, int]]) -> list[Row]:
    return [Row(label=label, values=(n,), texts=(str(n),)) for label, n in rows]


def month_bars(rows: list[tuple[str, int]], *, labelled_by: str) -> SafeString:
    """One bar per month: ``rows`` is [(short month name, count)]. Short labels stand left of
    their bars."""
    return bar_chart(_rows(rows), labelled_by=labelled_by, css_class="report-chart")


def horizontal_bars(rows: list[tuple[str, int]], *, labelled_by: str) -> SafeString:
    """One bar per row; a long label stands above its bar, wrapped, never cut off."""
    return bar_chart(_rows(rows), labelled_by=labelled_by, css_class="report-chart")
