"""The accessibility statement (issue 14): status, date, method and known problems, and a
report form that mails the page's address without losing what was typed."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import timezone

from publishing.models import AccessibilityStatementPage

pytestmark = pytest.mark.django_db

URL = "/toegankelijkheid/"


@pytest.fixture
def statement(roles, site_pages):
    return AccessibilityStatementPage.objects.get(locale__language_code="nl")


def test_the_statement_has_status_date_method_known_problems_and_a_way_to_report(statement, client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Voldoet gedeeltelijk" in html and "status B" in html
    today = timezone.localdate()
    assert f'datetime="{today:%Y-%m-%d}"' in html
    assert "Hoe wij testen" in html and "axe" in html and "toetsenbord" in html
    assert "Wat nog niet goed werkt" in html
    assert "PDF-bestanden zijn niet altijd goed voor te lezen" in html
    assert "Meld een probleem" in html and 'name="problem"' in html
    assert f'href="mailto:{statement.report_email}"' in html
    # In the footer of every page.
    assert f'href="{URL}"' in client.get("/").content.decode()


def test_the_english_statement_is_there_too(statement, client):
    response = client.get("/en/accessibility/")
    assert response.status_code == 200
    assert "How we test" in response.content.decode() or "Hoe wij testen" in (
        response.content.decode()
    )


def test_a_report_without_a_problem_keeps_what_was_typed(statement, client, smtp_server):
    response = client.post(URL, {"where": "De agenda", "problem": "  ", "email": "x@voorbeeld.nl"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html and "<title>Fout" in html
    assert 'value="De agenda"' in html and 'value="x@voorbeeld.nl"' in html
    assert smtp_server.messages == []


def test_a_report_is_mailed_to_the_pages_address_with_a_reply_to(
    statement, client, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL,
            {
                "where": "/agenda/",
                "problem": "De knop Filter leest mijn voorleesprogramma niet voor.",
                "email": "melder@voorbeeld.nl",
            },
        )
    assert response.status_code == 302 and response["Location"] == URL
    [mail] = smtp_server.to(statement.report_email)
    message = mail["message"]
    assert message["Reply-To"] == "melder@voorbeeld.nl"
    assert "Raadsplein" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert "De knop Filter leest mijn voorleesprogramma niet voor." in body
    assert "/agenda/" in body and settings.SITE_URL + URL in body
    followed = client.get(URL)
    assert "Wij hebben uw melding ontvangen" in followed.content.decode()


def test_reports_are_limited_per_address_and_the_text_stays(statement, client, settings):
    settings.ACCESSIBILITY_REPORT_RATE_LIMIT = 1
    data = {"problem": "Het menu werkt niet met het toetsenbord."}
    assert client.post(URL, data).status_code == 302
    refused = client.post(URL, data)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "U heeft al veel meldingen gestuurd" in html
    assert "Het menu werkt niet met het toetsenbord." in html
