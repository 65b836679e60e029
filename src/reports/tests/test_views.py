"""The annual report's pages: who sees drafts, who edits and publishes, the PDF and the
exports for the staff magazine, and a page whose query count does not grow with the data."""

from __future__ import annotations

import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from councils.models import Membership
from councils.tests.factories import MembershipFactory
from meetings.tests.factories import MeetingFactory
from proposals.tests.factories import AdviceFactory
from recruitment.tests.factories import ApplicationFactory
from reports.models import AnnualReport, ReportStatus
from signals.tests.factories import SignalFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def reports(roles):
    council = roles.council
    for month, regeling in [(2, "WW"), (2, "WIA"), (5, "WW"), (11, "WAJONG")]:
        SignalFactory(
            council=council,
            regeling=regeling,
            received_at=datetime.datetime(2025, month, 3, 10, tzinfo=AMS),
        )
    SignalFactory(
        council=roles.other_council, received_at=datetime.datetime(2025, 7, 3, tzinfo=AMS)
    )
    draft = AnnualReport.objects.create(year=2025, council=council, intro="Concepttekst noord.")
    published = AnnualReport.objects.create(
        year=2025,
        council=None,
        intro="Een jaar vol signalen.",
        status=ReportStatus.PUBLISHED,
        published_at=datetime.datetime(2026, 2, 1, tzinfo=AMS),
    )
    return {"draft": draft, "national": published}


def _login(client, roles, name):
    if roles[name] is not None:
        client.force_login(roles[name])
    return client


def test_a_draft_is_not_public(client, reports):
    assert client.get("/jaarverslag/2025/noord/").status_code == 404
    assert client.get("/jaarverslag/2025/noord.pdf").status_code == 404
    assert "Concepttekst" not in client.get("/jaarverslag/").content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("member", 404),
        ("member_other", 404),
        ("liaison", 404),
        ("secretary", 200),
        ("editor", 200),
        ("administrator", 200),
    ],
)
def test_a_draft_is_seen_by_editors_and_the_councils_secretary(
    client, roles, reports, role, status
):
    assert _login(client, roles, role).get("/jaarverslag/2025/noord/").status_code == status


def test_a_published_report_is_public_with_charts_and_tables(client, reports):
    response = client.get("/jaarverslag/2025/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Landelijk jaarverslag 2025" in html
    assert "Een jaar vol signalen." in html
    assert "In 2025 kwamen 5 signalen binnen." in html
    # every chart is named by the caption of the table with its numbers
    charts = re.findall(r'<svg [^>]*role="img" aria-labelledby="([^"]+)"', html)
    assert charts and all(f'<caption id="{ref}">' in html for ref in charts)
    assert '<th scope="col">Maand</th>' in html
    assert "<script" not in html.split('<article class="annual-report">')[1].split("</article>")[0]
    # headings in order: one h1, then h2 (no level skipped)
    levels = [int(n) for n in re.findall(r"<h([1-6])", html.split("<main", 1)[1])]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    assert client.get("/jaarverslag/2025/landelijk/").status_code == 302
    assert client.get("/jaarverslag/2024/").status_code == 404


def test_the_list_shows_published_reports_and_drafts_to_editors(client, roles, reports):
    html = client.get("/jaarverslag/").content.decode()
    assert "Landelijk (alle raden)" in html and roles.council.name not in html
    assert "Een jaarverslag maken" not in html
    html = _login(client, roles, "editor").get("/jaarverslag/").content.decode()
    assert roles.council.name in html and "Een jaarverslag maken" in html


def test_an_editor_starts_a_report_once(client, roles, reports):
    editor = _login(client, roles, "editor")
    response = editor.post("/jaarverslag/", {"year": 2025, "council": roles.other_council.pk})
    assert response.status_code == 302
    assert response["Location"] == "/jaarverslag/2025/limburg/bewerken/"
    again = editor.post("/jaarverslag/", {"year": 2025, "council": roles.other_council.pk})
    assert again["Location"] == "/jaarverslag/2025/limburg/bewerken/"
    assert AnnualReport.objects.filter(year=2025, council=roles.other_council).count() == 1
    refused = editor.post("/jaarverslag/", {"year": 2999, "council": ""})
    assert refused.status_code == 400
    assert "Kies dit jaar of een jaar dat voorbij is." in refused.content.decode()


@pytest.mark.parametrize("role", ["visitor", "member", "secretary", "liaison"])
def test_only_editors_start_reports(client, roles, reports, role):
    response = _login(client, roles, role).post("/jaarverslag/", {"year": 2024, "council": ""})
    assert response.status_code == 403
    assert not AnnualReport.objects.filter(year=2024).exists()


def test_the_councils_secretary_writes_and_publishes(client, roles, reports):
    secretary = _login(client, roles, "secretary")
    assert secretary.get("/jaarverslag/2025/noord/bewerken/").status_code == 200
    response = secretary.post(
        "/jaarverslag/2025/noord/bewerken/",
        {
            "intro": "Wij kregen veel signalen over brieven.",
            "highlights": "Een advies over bereikbaarheid.\nTwee nieuwe leden.",
            "plans": "Meer jonge leden.",
            "action": "publish",
        },
    )
    assert response.status_code == 302
    report = AnnualReport.objects.get(pk=reports["draft"].pk)
    assert report.status == ReportStatus.PUBLISHED and report.published_at is not None
    assert report.updated_by == roles["secretary"]
    client.logout()
    html = client.get("/jaarverslag/2025/noord/").content.decode()
    assert "<p>Twee nieuwe leden.</p>" in html
    assert "Plannen voor 2026" in html


@pytest.mark.parametrize(
    ("role", "status"),
    [("member", 403), ("member_other", 403), ("liaison", 403), ("central_member", 403)],
)
def test_editing_is_refused_to_others(client, roles, reports, role, status):
    client = _login(client, roles, role)
    before = AnnualReport.objects.get(pk=reports["national"].pk).intro
    response = client.post(
        "/jaarverslag/2025/bewerken/", {"intro": "Gewijzigd", "highlights": "", "plans": ""}
    )
    assert response.status_code == status
    assert AnnualReport.objects.get(pk=reports["national"].pk).intro == before
    # the draft of noord: not even its existence
    assert client.get("/jaarverslag/2025/noord/bewerken/").status_code == 404


def test_a_visitor_is_sent_to_log_in_to_edit(client, reports):
    response = client.get("/jaarverslag/2025/bewerken/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_pdf_has_the_figures(client, reports):
    from pypdf import PdfReader

    response = client.get("/jaarverslag/2025/landelijk.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Landelijk jaarverslag 2025" in text
    assert "In 2025 kwamen 5 signalen binnen." in text
    assert "Signalen per maand in 2025" in text
    assert re.search(r"februari\s*2", text)
    assert "1 / " in text  # page numbers


def test_the_exports_are_for_editors_and_hold_the_figures(client, roles, reports):
    from docx import Document

    assert client.get("/jaarverslag/2025/landelijk.docx").status_code == 302
    member = _login(client, roles, "member")
    assert member.get("/jaarverslag/2025/landelijk.html").status_code == 403
    editor = _login(client, roles, "editor")
    html = editor.get("/jaarverslag/2025/landelijk.html")
    assert html.status_code == 200
    body = html.content.decode()
    assert "<script" not in body and "<link" not in body
    assert "Signalen per regeling" in body and 'role="img"' in body
    response = editor.get("/jaarverslag/2025/landelijk.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Landelijk jaarverslag 2025" in text
    assert "In 2025 kwamen 5 signalen binnen." in text
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    assert "februari" in cells and "Totaal" in cells


@pytest.mark.parametrize("size", [1, 8])
def test_the_report_page_query_count_does_not_grow(client, roles, reports, size):
    council = roles.council
    for n in range(size):
        SignalFactory(council=council, received_at=datetime.datetime(2025, 1 + n, 5, tzinfo=AMS))
        AdviceFactory(councils=[council], sent_on=datetime.date(2025, 1 + n, 1), status="sent")
        MeetingFactory(council=council, starts_at=datetime.datetime(2025, 1 + n, 9, tzinfo=AMS))
        MembershipFactory(
            council=council, role=Membership.Role.MEMBER, start_date=datetime.date(2025, 2, 1)
        )
        ApplicationFactory(council=council, created_at=datetime.datetime(2025, 3, 1, tzinfo=AMS))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/jaarverslag/2025/")
    assert response.status_code == 200
    # the same number at both sizes (figures are GROUP BY / conditional counts)
    assert len(queries) == 23, "\n".join(q["sql"] for q in queries.captured_queries)
