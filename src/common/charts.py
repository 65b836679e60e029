"""Bar charts drawn on the server as SVG, for every chart of the project (annual report, signal
trends, plans, public results, recruitment figures): no JavaScript, no build step, the same
markup on a web page and in a PDF.

Why the layout looks like this: an SVG with a ``viewBox`` scales its text with its width, so a
chart made for 640 px shows 12 px labels at 5 px on a phone. These charts have no ``viewBox``:
text is set in CSS pixels and keeps its size, bars are drawn in percentages of the chart's
width. Labels that fit in a narrow column stand left of their bars; longer labels stand above
them, wrapped to the narrowest width a chart gets (a 320 px screen), so nothing is clipped at any
width. The bars leave room on the right for their numbers.

A chart is a picture only: every chart has the same numbers in a table (or a caption) next to
it, which is what a screen reader reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

FONT = "Arial, Helvetica, sans-serif"
BAR = "#1f4e79"  # 9.0:1 on white: well above the 3:1 WCAG asks of graphics
TEXT = "#1a1a1a"
FONT_PX = 14  # rendered size at every width: never below the 12 px asked for
LINE_PX = 18
BAR_PX = 16
BAR_GAP_PX = 4  # between the bars of one row
ROW_GAP_PX = 12
VALUE_GAP_PX = 6  # between a bar's end and its number
# The narrowest a chart gets: a 320 px wide screen less the page's margins (288 px), less room.
MIN_WIDTH_PX = 256
SIDE_LABEL_MAX_PX = 96  # labels up to this wide stand left of their bars
LEFT_PX = 2  # some glyphs (J, j) reach left of their starting point
TOP_PX = 2  # and accents above the first line

# Advance widths (thousandths of an em) of DejaVu Sans, the widest of the fonts a browser or
# WeasyPrint picks for ``FONT`` (Arial is narrower); for U+0020-U+007E and U+00A0-U+00FF.
_ASCII = (
    "318 401 460 838 636 950 780 275 390 390 500 838 318 361 318 337 636 636 636 636 636 636 636 "
    "636 636 636 337 337 838 838 838 531 1000 684 686 698 770 632 575 775 752 295 295 656 557 863 "
    "748 787 603 787 695 635 611 732 684 989 685 611 685 390 337 390 838 500 500 613 635 550 635 "
    "615 352 635 634 278 278 579 278 974 634 612 635 635 411 521 392 634 592 818 592 592 525 636 "
    "337 636 838"
)
_LATIN1 = (
    "318 401 636 636 636 636 337 500 500 1000 471 612 838 361 1000 500 500 838 401 401 500 636 "
    "636 318 500 401 471 612 969 969 969 531 684 684 684 684 684 684 974 698 632 632 632 632 295 "
    "295 295 295 775 748 787 787 787 787 787 838 787 732 732 732 732 611 605 630 613 613 613 613 "
    "613 613 982 550 615 615 615 615 278 278 278 278 612 634 612 612 612 612 612 838 612 634 634 "
    "634 634 592 635 592"
)
_WIDTHS = {
    **{chr(32 + i): int(w) for i, w in enumerate(_ASCII.split())},
    **{chr(160 + i): int(w) for i, w in enumerate(_LATIN1.split())},
    "\u2013": 500,  # en dash
    "\u2014": 1000,  # em dash
    "\u2026": 1000,  # ellipsis
    "\u2018": 318,
    "\u2019": 318,
    "\u201c": 518,
    "\u201d": 518,
}
_UNKNOWN = 1000  # any other character: as wide as the widest letters
_SAFETY = 1.06  # fonts differ a little in their metrics and kerning


def text_width(text: str, *, font_px: float = FONT_PX) -> float:
    """An upper estimate of the width in CSS pixels of ``text`` set in the chart font."""
    return sum(_WIDTHS.get(char, _UNKNOWN) for char in text) * font_px * _SAFETY / 1000


def wrap(text: str, *, width_px: float, font_px: float = FONT_PX) -> list[str]:
    """``text`` in lines of at most ``width_px`` wide, broken between words; a word too long
    for a line is broken inside it."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, font_px=font_px) <= width_px:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for char in word:
            if line and text_width(line + char, font_px=font_px) > width_px:
                lines.append(line)
                line = ""
            line += char
    if line:
        lines.append(line)
    return lines or [""]


@dataclass(frozen=True)
class Row:
    """One row of a chart: its label, and one bar per series (``values``). ``texts`` are the
    numbers written after the bars (empty for a stacked bar, which carries no number)."""

    label: str
    values: tuple[float, ...]
    texts: tuple[str, ...] = ()


def _number(value: float) -> str:
    # SVG needs a decimal point; Django's localisation would write the Dutch comma.
    return f"{value:.2f}".rstrip("0").rstrip(".")


def layout(
    rows: Sequence[Row], *, peak: float | None = None, stacked: bool = False
) -> tuple[list[dict], float, float]:
    """The geometry of a chart: per row its label lines and bars, the chart's height in
    pixels, and the width of the label column left of the bars (0 when the labels stand above
    them). x positions and widths of bars are percentages of the chart's width, to which the
    label column is added; all else is in pixels."""
    side = all(text_width(row.label) <= SIDE_LABEL_MAX_PX for row in rows)
    widest = max((text_width(row.label) for row in rows), default=0)
    label_px = LEFT_PX + widest + 8 if side else 0
    value_px = max((text_width(t) for row in rows for t in row.texts), default=0)
    room = MIN_WIDTH_PX - label_px - (value_px + VALUE_GAP_PX if value_px else 0)
    # The share of the chart's width the longest bar takes: at the narrowest width the bar, its
    # label column and its number just fit; wider charts have room to spare on the right.
    share = 100 * max(room, 0) / MIN_WIDTH_PX
    if peak is None:
        totals = [sum(row.values) if stacked else max(row.values, default=0) for row in rows]
        peak = max(totals, default=0)
    peak = peak or 1
    placed, y = [], TOP_PX
    for row in rows:
        label_lines = []
        if not side:
            for line in wrap(row.label, width_px=MIN_WIDTH_PX - 2 * LEFT_PX):
                label_lines.append({"text": line, "y": y + FONT_PX})
                y += LINE_PX
            y += 2
        bar_count = 1 if stacked else len(row.values)
        bars_height = bar_count * BAR_PX + (bar_count - 1) * BAR_GAP_PX
        if side:
            label_lines.append({"text": row.label, "y": y + bars_height / 2 + FONT_PX * 0.35})
            bars_height = max(bars_height, LINE_PX)
        bars, start = [], 0.0
        for index, value in enumerate(row.values):
            width = share * max(value, 0) / peak
            top = y if stacked else y + index * (BAR_PX + BAR_GAP_PX)
            bar = {
                "x": start if stacked else 0.0,
                "width": width,
                "y": top,
                "series": index,
                "text": row.texts[index] if index < len(row.texts) else "",
                "text_y": top + BAR_PX / 2 + FONT_PX * 0.35,
            }
            if stacked:
                start += width
            bars.append(bar)
        placed.append({"label": label_lines, "bars": bars})
        y += bars_height + ROW_GAP_PX
    return placed, (y - ROW_GAP_PX if rows else y) + 4, label_px


def bar_chart(
    rows: Sequence[Row],
    *,
    labelled_by: str = "",
    series: Sequence[tuple[str, str]] = (("chart__bar", BAR),),
    peak: float | None = None,
    stacked: bool = False,
    css_class: str = "chart__svg",
) -> SafeString:
    """The SVG of a horizontal bar chart. With ``labelled_by`` the chart is an image named by
    that element (a caption next to it); without, it is hidden from screen readers, which read
    the table with the same numbers instead. ``series`` gives each series of bars its CSS class
    and its colour (an attribute, for the PDF, which has no site style sheet)."""
    placed, height, label_px = layout(rows, peak=peak, stacked=stacked)
    offset = _number(label_px)  # bars start right of the label column
    parts = []
    for row in placed:
        parts.append(
            format_html_join(
                "",
                '<text x="{}" y="{}" class="chart__label">{}</text>',
                ((LEFT_PX, _number(line["y"]), line["text"]) for line in row["label"]),
            )
        )
        for bar in row["bars"]:
            css, fill = series[bar["series"] % len(series)]
            parts.append(
                format_html(
                    '<rect x="{}%" y="{}" width="{}%" height="{}" class="{}" fill="{}"{}></rect>',
                    _number(bar["x"]),
                    _number(bar["y"]),
                    _number(bar["width"]),
                    BAR_PX,
                    css,
                    fill,
                    format_html(' transform="translate({} 0)"', offset) if label_px else "",
                )
            )
            if bar["text"]:
                parts.append(
                    format_html(
                        '<text x="{}%" dx="{}" y="{}" class="chart__value">{}</text>',
                        _number(bar["x"] + bar["width"]),
                        _number(label_px + VALUE_GAP_PX),
                        _number(bar["text_y"]),
                        bar["text"],
                    )
                )
    name = (
        format_html('role="img" aria-labelledby="{}"', labelled_by)
        if labelled_by
        else mark_safe('aria-hidden="true"')  # noqa: S308 - a constant
    )
    return format_html(
        '<svg class="{}" xmlns="http://www.w3.org/2000/svg" {} focusable="false" width="100%" '
        'height="{}" font-family="{}" font-size="{}" fill="{}">{}</svg>',
        css_class,
        name,
        height,
        FONT,
        FONT_PX,
        TEXT,
        mark_safe("".join(parts)),  # noqa: S308 - each part is escaped by format_html
    )
