"""common.pdf: one way to make a tagged PDF (issue 17); the result read back with pypdf."""

from __future__ import annotations

import pytest

from common.charts import Row, bar_chart
from common.pdf import html_to_pdf, with_alt
from common.tests.pdfua import assert_tagged_pdf

PAGE = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Proef</title></head>
<body><h1>Proef</h1><h2>Cijfers</h2>{chart}<img src="https://example.invalid/x.png" alt="Logo">
<table><thead><tr><th scope="col">Maand</th><th scope="col">Aantal</th></tr></thead>
<tbody><tr><th scope="row">januari</th><td>3</td></tr></tbody></table></body></html>"""


def test_a_chart_becomes_a_figure_with_its_alternative_text_and_nothing_is_fetched():
    chart = with_alt(bar_chart([Row("januari", (3,), ("3",))]), "Grafiek: januari 3 <ja>")
    tagged = assert_tagged_pdf(html_to_pdf(PAGE.format(chart=chart)), title="Proef")
    # The address of the picture is refused, not fetched: its figure has no picture but does
    # keep its alt text.
    assert tagged.figures == ["Grafiek: januari 3 <ja>", "Logo"]
    assert tagged.headings == [1, 2]


def test_with_alt_escapes_and_takes_only_an_svg():
    svg = with_alt(bar_chart([Row("a", (1,), ("1",))]), 'x & "y" <z>')
    assert svg.startswith("<svg ") and "<title>x &amp; &quot;y&quot; &lt;z&gt;</title>" in svg
    assert with_alt("", "niets") == ""
    with pytest.raises(ValueError, match="one <svg>"):
        with_alt("<p>tekst</p>", "alt")
