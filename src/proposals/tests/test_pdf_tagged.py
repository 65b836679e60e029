"""The plan and the pulse overview as tagged PDFs (PDF/UA-1) a screen reader can read (issue
17), read back with pypdf: language, title, headings, tables with header cells."""

from __future__ import annotations

import datetime

import pytest

from common.tests.pdfua import assert_tagged_pdf, row_header_of
from proposals.models import ProposalStatus as S
from proposals.tests.factories import PlanFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def test_the_plan_pdf_is_tagged_with_headings_and_a_table(client, roles):
    plan = PlanFactory(council=roles.council, title="Plan Bereikbaarheid 2025")
    ProposalFactory(plan=plan, number=1, title="Langer open", status=S.IN_REVIEW)
    ProposalFactory(plan=plan, number=2, title="Terugbellen", status=S.SUBMITTED)
    client.force_login(roles["liaison"])
    response = client.get(f"/vinger-aan-de-pols/plan/{plan.pk}.pdf")
    assert response.status_code == 200
    tagged = assert_tagged_pdf(response.content, title="Plan Bereikbaarheid 2025")
    # The plan's title, its parts, and a heading per proposal under "Voorstellen".
    assert tagged.headings[:2] == [1, 2] and tagged.headings.count(3) == 2
    assert all(row_header_of(response.content).values())


def test_the_pulse_overview_pdf_is_tagged_with_row_and_column_headers(client, roles):
    plan = PlanFactory(council=roles.council)
    ProposalFactory(
        plan=plan,
        status=S.SUBMITTED,
        title="Laat voorstel",
        answer_due=datetime.date(2020, 1, 1),
    )
    client.force_login(roles["member"])
    response = client.get("/vinger-aan-de-pols/overzicht.pdf?raad=noord")
    assert response.status_code == 200
    tagged = assert_tagged_pdf(response.content, title=f"Vinger aan de pols: {roles.council.name}")
    assert tagged.headings == [1, 2]
    assert tagged.tags.count("Table") == 2
    # Every figure of the table per council is read with its council (a row header).
    assert all(row_header_of(response.content).values())
