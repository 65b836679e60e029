"""Word documents that are ours (issue 17): the helpers of ``common.word`` read back with
python-docx."""

from __future__ import annotations

import io

from PIL import Image

from common import word
from common.chart_image import bar_chart_png
from common.charts import Row
from common.tests import docx_checks


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(out, format="PNG")
    return out.getvalue()


def test_a_new_document_is_ours_in_dutch_on_a4():
    doc = word.new_document(title="Proef")
    word.add_picture(doc, _png(), alt="Een wit vlak")
    word.add_table(doc, ["Maand", "Aantal"], [("januari", 3), ("februari", 4)])
    word.add_hyperlink(doc.add_paragraph("Zie "), "https://example.org/a?b=1&c=2", "de site")
    read = docx_checks.read(word.to_bytes(doc))
    docx_checks.assert_ours(read)
    assert read.core_properties.title == "Proef"
    assert docx_checks.alt_texts(read) == ["Een wit vlak"]
    assert docx_checks.header_rows(read) == [True]
    assert all(run.bold for run in read.tables[0].rows[0].cells[0].paragraphs[0].runs)
    assert docx_checks.links(read) == [("de site", "https://example.org/a?b=1&c=2")]
    assert round(read.sections[0].page_width.cm, 1) == 21.0


def test_an_english_page_is_english():
    doc = word.new_document(title="Test", language="en", author="Raad Noord")
    read = docx_checks.read(word.to_bytes(doc))
    docx_checks.assert_ours(read, author="Raad Noord", language="en-GB")


def test_a_picture_without_alt_text_is_refused():
    import pytest

    with pytest.raises(ValueError):
        word.add_picture(word.new_document(title="x"), _png(), alt=" ")


def test_a_chart_picture_has_the_charts_size():
    rows = [Row(label="jan", values=(3,), texts=("3",)), Row(label="feb", values=(0,), texts=())]
    picture = Image.open(io.BytesIO(bar_chart_png(rows)))
    assert picture.format == "PNG" and picture.width == 1280 and picture.height > 40
