"""The annual report in the browser (issue 8): an editor starts the national report, writes an
introduction and publishes it; a visitor opens the report and finds the figures as charts with
tables. Every page on the way has no axe-core violation of WCAG 2.2 A and AA."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from .test_newsflash import _log_in_with_second_step

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def year_of_signals(public_site):
    from signals.tests.factories import SignalFactory

    for month, regeling in [(1, "WW"), (3, "WIA"), (3, "WW"), (9, "WAJONG")]:
        SignalFactory(
            council=public_site.council,
            regeling=regeling,
            received_at=datetime.datetime(2025, month, 10, 12, tzinfo=AMS),
        )
    return public_site


def test_an_editor_publishes_and_a_visitor_reads_the_report(
    page, year_of_signals, log_in, assert_accessible
):
    from reports.models import AnnualReport, ReportStatus

    _log_in_with_second_step(page, log_in, year_of_signals["editor"])
    page.goto("/jaarverslag/")
    assert_accessible(page)
    page.get_by_label("Jaar", exact=True).fill("2025")
    page.get_by_role("combobox", name="Raad").select_option(label="Landelijk: alle raden samen")
    with page.expect_navigation():
        page.get_by_role("button", name="Jaarverslag maken").click()
    assert page.url.endswith("/jaarverslag/2025/bewerken/")
    assert_accessible(page)

    page.get_by_label("Inleiding").fill("Een jaar waarin de raden veel signalen kregen.")
    page.get_by_label("Hoogtepunten").fill("Vier signalen over brieven en bereikbaarheid.")
    page.get_by_label("Plannen voor het komende jaar").fill("Meer jonge leden werven.")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan en publiceren").click()
    page.get_by_text("Het jaarverslag is gepubliceerd.").wait_for()
    report = AnnualReport.objects.get(year=2025, council=None)
    assert report.status == ReportStatus.PUBLISHED
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto("/jaarverslag/")
    with page.expect_navigation():
        page.get_by_role("link", name="Landelijk (alle raden)").click()
    assert page.get_by_role("heading", name="Landelijk jaarverslag 2025", level=1).is_visible()
    assert page.get_by_text("Een jaar waarin de raden veel signalen kregen.").is_visible()
    assert page.get_by_text("In 2025 kwamen 4 signalen binnen.").is_visible()
    chart = page.get_by_role("img", name="Signalen per maand in 2025")
    assert chart.is_visible()
    table = page.get_by_role("table", name="Signalen per maand in 2025")
    assert table.get_by_role("row", name="maart 2").is_visible()
    assert page.get_by_role("link", name="Tekst bewerken").count() == 0
    assert_accessible(page)
    pdf = page.request.get("/jaarverslag/2025/landelijk.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")


def test_a_draft_is_not_shown_to_a_visitor(page, year_of_signals, assert_accessible):
    from reports.models import AnnualReport

    AnnualReport.objects.create(year=2025, council=year_of_signals.council, intro="Geheim.")
    response = page.goto("/jaarverslag/2025/noord/")
    assert response.status == 404
    page.goto("/jaarverslag/")
    assert page.get_by_text("Er zijn nog geen jaarverslagen.").is_visible()
    assert_accessible(page)
