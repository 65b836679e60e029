"""The chart layout (issue 14): at every width from the narrowest (a 320 px screen) up, every
label and number lies inside the chart, text keeps its size, long labels wrap above their bars."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from common.charts import (
    FONT_PX,
    LEFT_PX,
    MIN_WIDTH_PX,
    VALUE_GAP_PX,
    Row,
    bar_chart,
    layout,
    text_width,
    wrap,
)

ASCENT, DESCENT = 0.93, 0.24  # of DejaVu Sans, the widest fallback font, in ems
WIDTHS = [MIN_WIDTH_PX, 288, 320, 600, 768, 1280]

labels = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
    max_size=120,
)
counts = st.integers(min_value=0, max_value=10**9)


def _row_strategy(series: int):
    return st.builds(
        lambda label, values: Row(label=label, values=tuple(values), texts=tuple(map(str, values))),
        labels,
        st.lists(counts, min_size=series, max_size=series),
    )


def _assert_inside(rows, *, stacked=False, peak=None):
    placed, height, label_px = layout(rows, stacked=stacked, peak=peak)
    for row in placed:
        for line in row["label"]:
            assert line["y"] - ASCENT * FONT_PX >= 0
            assert line["y"] + DESCENT * FONT_PX <= height
            # left of the bars, or above them within the narrowest chart
            assert LEFT_PX + text_width(line["text"]) <= (label_px or MIN_WIDTH_PX), line
        for bar in row["bars"]:
            assert bar["width"] >= 0 and bar["y"] >= 0 and bar["y"] + 16 <= height
            assert bar["text_y"] + DESCENT * FONT_PX <= height
            for width in WIDTHS:
                end = label_px + (bar["x"] + bar["width"]) * width / 100
                if bar["text"]:
                    end += VALUE_GAP_PX + text_width(bar["text"])
                assert end <= width + 0.01, (bar, width)


@settings(max_examples=200, deadline=None)
@given(st.lists(_row_strategy(1), min_size=1, max_size=15))
def test_any_labels_and_counts_stay_inside_the_chart_at_every_width(rows):
    _assert_inside(rows)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.builds(
            lambda label, a, b: Row(label=label, values=(a, b), texts=(f"{a}%", f"{b}%")),
            labels,
            st.integers(0, 100),
            st.integers(0, 100),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_two_bars_per_row_on_a_percentage_scale_stay_inside(rows):
    _assert_inside(rows, peak=100)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.builds(Row, labels, st.lists(counts, min_size=1, max_size=7).map(tuple))))
def test_stacked_bars_stay_inside(rows):
    _assert_inside(rows, stacked=True)


@given(labels)
def test_wrapping_keeps_every_character_and_each_line_fits(text):
    lines = wrap(text, width_px=200)
    assert "".join("".join(lines).split()) == "".join(text.split())
    assert all(text_width(line) <= 200 or len(line) == 1 for line in lines)


def test_short_labels_stand_left_of_their_bars_and_long_ones_above():
    months = [Row(label=m, values=(n,), texts=(str(n),)) for m, n in [("jan", 3), ("feb", 6)]]
    placed, height, label_px = layout(months)
    assert label_px > 0 and all(len(row["label"]) == 1 for row in placed)
    assert placed[1]["bars"][0]["width"] == 2 * placed[0]["bars"][0]["width"]

    long = "Bereikbaarheid en contact (telefoon, wachttijd, terugbellen)"
    placed, _height, label_px = layout([Row(label=long, values=(4,), texts=("4",))])
    lines = [line["text"] for line in placed[0]["label"]]
    assert label_px == 0 and len(lines) == 2 and " ".join(lines) == long
    assert placed[0]["bars"][0]["y"] > placed[0]["label"][-1]["y"]


def test_the_svg_keeps_its_text_size_and_escapes_labels():
    svg = bar_chart([Row(label="<b>WW</b>", values=(1,), texts=("1",))], labelled_by="cap")
    assert "viewBox" not in svg  # text in a viewBox would shrink with the chart
    assert 'font-size="14"' in svg and 'width="100%"' in svg
    assert 'role="img" aria-labelledby="cap"' in svg
    assert "&lt;b&gt;WW&lt;/b&gt;" in svg and "<b>" not in svg
    assert not re.search(r'="\d+,\d', svg)  # a decimal point, never the Dutch comma
    hidden = bar_chart([Row(label="2025", values=(50, 50))], stacked=True)
    assert 'aria-hidden="true"' in hidden and "role=" not in hidden
