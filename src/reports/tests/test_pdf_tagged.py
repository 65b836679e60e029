"""The annual report as a tagged PDF (PDF/UA-1) a screen reader can read (issue 17), read back
with pypdf: language, title, headings, tables with header cells, a chart with alternative
text; and a first page that is not left mostly empty."""

from __future__ import annotations

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from common.tests.pdfua import assert_tagged_pdf, elements, row_header_of
from reports.models import AnnualReport, ReportStatus
from signals.tests.factories import SignalFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def national(roles):
    for month, regeling in [(1, "WW"), (2, "WIA"), (5, "WW"), (7, "WW"), (11, "WAJONG")]:
        SignalFactory(
            council=roles.council,
            regeling=regeling,
            received_at=datetime.datetime(2025, month, 3, 10, tzinfo=AMS),
        )
    return AnnualReport.objects.create(
        year=2025,
        council=None,
        intro="Een jaar vol signalen.",
        highlights="Meer raden dan ooit.",
        status=ReportStatus.PUBLISHED,
        published_at=datetime.datetime(2026, 2, 1, tzinfo=AMS),
    )


def test_the_report_pdf_is_tagged_and_every_chart_has_alternative_text(client, national):
    response = client.get("/jaarverslag/2025/landelijk.pdf")
    assert response.status_code == 200
    tagged = assert_tagged_pdf(response.content, title="Landelijk jaarverslag 2025")
    assert tagged.headings[0] == 1 and tagged.headings.count(1) == 1 and 2 in tagged.headings
    # One chart per table with figures; each says what it shows and its numbers.
    assert len(tagged.figures) >= 3
    month = next(alt for alt in tagged.figures if "per maand" in alt)
    assert "Signalen per maand in 2025" in month and "januari 1, februari 1, maart 0" in month
    assert all(row_header_of(response.content).values())


def test_the_first_page_carries_the_first_chart(client, national):
    """The first chart used to move to page 2 whole, leaving page 1 mostly empty."""
    response = client.get("/jaarverslag/2025/landelijk.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    first = reader.pages[0]
    text = first.extract_text()
    assert "Signalen per maand in 2025" in text  # the caption of the first chart's table
    # The chart itself (a Figure of the structure tree) is drawn on page 1.
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    figure_pages = [
        element.raw_get("/Pg").idnum
        for element, _parent in elements(tree)
        if element["/S"] == "/Figure"
    ]
    assert figure_pages[0] == first.indirect_reference.idnum
