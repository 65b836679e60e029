"""Small server-side SVG charts for the annual report: no JavaScript, the same markup on the web
page, in the PDF and in the exported article.

Each chart is an ``<svg role="img" aria-labelledby="...">`` named by the caption of the table
that follows it (the template gives that caption the id), so a screen reader hears the title
and can read the exact numbers in the table. Bars are dark blue on white (contrast 9:1) and
every bar carries its number as text, so colour never carries meaning on its own."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

BAR = "#1f4e79"  # 9.0:1 on white: well above the 3:1 WCAG asks of graphics
TEXT = "#1a1a1a"
GRID = "#767676"  # 4.5:1 on white
FONT = "Arial, Helvetica, sans-serif"


def _scale(values: list[int]) -> int:
    return max([*values, 1])


def month_bars(rows: list[tuple[str, int]], *, labelled_by: str) -> SafeString:
    """Vertical bars, one per month: ``rows`` is [(short month name, count)]."""
    width, height, left, bottom, top = 640, 240, 8, 28, 22
    step = (width - 2 * left) / max(len(rows), 1)
    bar_width = step * 0.7
    top_value = _scale([n for _label, n in rows])
    usable = height - bottom - top
    parts = []
    for i, (label, n) in enumerate(rows):
        h = usable * n / top_value
        x = left + i * step + (step - bar_width) / 2
        y = height - bottom - h
        centre = x + bar_width / 2
        parts.append(
            (
                f"{x:.1f}",
                f"{y:.1f}",
                f"{bar_width:.1f}",
                f"{h:.1f}",
                f"{centre:.1f}",
                f"{y - 5:.1f}",
                n,
                f"{height - 10:.1f}",
                label,
            )
        )
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="' + BAR + '"></rect>'
        '<text x="{}" y="{}" text-anchor="middle" font-size="12">{}</text>'
        '<text x="' + "{}" + '" y="{}" text-anchor="middle" font-size="12">{}</text>',
        ((x, y, w, h, c, ty, n, c, ly, label) for x, y, w, h, c, ty, n, ly, label in parts),
    )
    axis = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="' + GRID + '"></line>',
        left,
        height - bottom,
        width - left,
        height - bottom,
    )
    return _svg(width, height, labelled_by, axis + bars)


def horizontal_bars(rows: list[tuple[str, int]], *, labelled_by: str) -> SafeString:
    """Horizontal bars with the label on the left and the number at the end of the bar."""
    label_width, bar_space, row_height = 230, 360, 26
    width = label_width + bar_space + 50
    height = max(len(rows), 1) * row_height + 8
    top_value = _scale([n for _label, n in rows])
    parts = []
    for i, (label, n) in enumerate(rows):
        y = 4 + i * row_height
        w = bar_space * n / top_value
        short = label if len(label) <= 34 else label[:32] + "…"
        parts.append(
            (
                label_width - 8,
                f"{y + 17:.1f}",
                short,
                label_width,
                f"{y + 4:.1f}",
                f"{w:.1f}",
                f"{row_height - 8:.1f}",
                f"{label_width + w + 6:.1f}",
                f"{y + 17:.1f}",
                n,
            )
        )
    bars = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="' + BAR + '"></rect>'
        '<text x="{}" y="{}" font-size="12">{}</text>',
        parts,
    )
    return _svg(width, height, labelled_by, bars)


def _svg(width: int, height: int, labelled_by: str, body: SafeString) -> SafeString:
    return format_html(
        '<svg class="report-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        'aria-labelledby="{}" viewBox="0 0 {} {}" width="{}" height="{}" '
        'preserveAspectRatio="xMinYMin meet" font-family="' + FONT + '" '
        'fill="' + TEXT + '">{}</svg>',
        labelled_by,
        width,
        height,
        width,
        height,
        body,
    )
