"""The annual report as DOCX (issue 17): ours (author, dates, Dutch), every chart of the web page
as a picture whose alt text is the name the web page gives that chart, and tables with a header
row repeated on every page. Read back with python-docx; the web page parsed with html.parser."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from common.tests import docx_checks
from reports.tests.test_views import _login, reports  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


class _ChartNames(HTMLParser):
    """The accessible name of each chart on the page: the text of the element its
    ``aria-labelledby`` points at."""

    def __init__(self):
        super().__init__()
        self.refs: list[str] = []
        self.texts: dict[str, str] = {}
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg" and attrs.get("role") == "img":
            self.refs.append(attrs["aria-labelledby"])
        if attrs.get("id"):
            self._open = attrs["id"]
            self.texts[self._open] = ""

    def handle_endtag(self, tag):
        self._open = None

    def handle_data(self, data):
        if self._open:
            self.texts[self._open] += data

    def names(self) -> list[str]:
        return [self.texts[ref].strip() for ref in self.refs]


def test_the_report_docx_is_ours_with_every_chart_as_a_picture(client, roles, reports):  # noqa: F811
    editor = _login(client, roles, "editor")
    page = _ChartNames()
    page.feed(editor.get("/jaarverslag/2025/").content.decode())
    assert page.names()
    response = editor.get("/jaarverslag/2025/landelijk.docx")
    assert response.status_code == 200
    doc = docx_checks.read(response.content)
    docx_checks.assert_ours(doc)
    assert docx_checks.alt_texts(doc) == page.names()
    assert doc.tables and all(docx_checks.header_rows(doc))
    for table in doc.tables:
        assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)


def test_a_councils_report_has_the_council_as_author(client, roles, reports):  # noqa: F811
    editor = _login(client, roles, "editor")
    response = editor.get(f"/jaarverslag/2025/{roles.council.slug}.docx")
    assert response.status_code == 200
    docx_checks.assert_ours(docx_checks.read(response.content), author=roles.council.name)
