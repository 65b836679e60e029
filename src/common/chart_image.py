"""A bar chart of ``common.charts`` as a PNG picture, for documents that cannot show SVG (Word).

The picture is drawn with Pillow from the very layout the SVG uses (``common.charts.layout``):
the same rows, bars, colours, label positions and numbers, at a fixed width. Its text is set in
DejaVu Sans, the font whose widths ``common.charts`` measures labels with, so what fits in the
SVG fits here. Nothing is fetched and nothing outside Pillow is needed (fonts-dejavu-core is
installed by .ci/run; without it Pillow's own font is used).

Like the SVG, the picture is never the only carrier of the numbers: the document shows them in
a table too, and the picture gets an alt text (see ``common.word.add_picture``)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache

from .charts import BAR, BAR_PX, FONT_PX, LEFT_PX, VALUE_GAP_PX, Row, layout

TEXT_RGB = (0x1A, 0x1A, 0x1A)
WIDTH_PX = 640  # the chart's width in CSS pixels: about the text width of an A4 page
SCALE = 2  # pixels of the picture per CSS pixel: sharp when printed
FONT_FILES = ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


@cache
def _font(size: int):
    from PIL import ImageFont

    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def bar_chart_png(
    rows: Sequence[Row],
    *,
    series: Sequence[str] = (BAR,),
    peak: float | None = None,
    stacked: bool = False,
    width_px: int = WIDTH_PX,
    scale: int = SCALE,
) -> bytes:
    """The PNG of the horizontal bar chart ``common.charts.bar_chart`` draws for ``rows``;
    ``series`` gives each series of bars its colour."""
    from PIL import Image, ImageDraw

    placed, height, label_px = layout(rows, peak=peak, stacked=stacked)
    image = Image.new("RGB", (round(width_px * scale), round(height * scale)), "white")
    draw = ImageDraw.Draw(image)
    font = _font(round(FONT_PX * scale))

    def px(value: float) -> float:
        return value * scale

    for row in placed:
        for line in row["label"]:
            draw.text(
                (px(LEFT_PX), px(line["y"])), line["text"], font=font, fill=TEXT_RGB, anchor="ls"
            )
        for bar in row["bars"]:
            left = label_px + width_px * bar["x"] / 100
            right = left + width_px * bar["width"] / 100
            if right > left:
                draw.rectangle(
                    (px(left), px(bar["y"]), px(right) - 1, px(bar["y"] + BAR_PX) - 1),
                    fill=_rgb(series[bar["series"] % len(series)]),
                )
            if bar["text"]:
                draw.text(
                    (px(right + VALUE_GAP_PX), px(bar["text_y"])),
                    bar["text"],
                    font=font,
                    fill=TEXT_RGB,
                    anchor="ls",
                )
    out = io.BytesIO()
    dpi = round(96 * scale)
    image.save(out, format="PNG", dpi=(dpi, dpi), optimize=True)
    return out.getvalue()
