"""allauth's mails name Raadsplein (SITE_NAME) and link to SITE_URL, never the request's host or
the Site record (issue 14)."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FOREIGN_HOSTS = ("127.0.0.1", "testserver", "example.com")


@override_settings(SITE_URL="https://raadsplein.example", ALLOWED_HOSTS=["*"])
def test_password_reset_mail_names_raadsplein_and_links_to_site_url(
    client, smtp_server, django_capture_on_commit_callbacks
):
    from django.conf import settings

    UserFactory(email="lid@raadsplein.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/account/password/reset/",
            {"email": "lid@raadsplein.example"},
            HTTP_HOST="127.0.0.1:8105",
        )
    assert response.status_code == 302
    [mail] = smtp_server.to("lid@raadsplein.example")
    assert "Raadsplein" in mail["subject"]
    assert "Raadsplein" in mail["text"]
    for host in FOREIGN_HOSTS:
        assert host not in mail["subject"]
        assert host not in mail["text"]
    [link] = re.findall(r"https?://\S+/account/password/reset/key/\S+", mail["text"])
    assert link.startswith(settings.SITE_URL + "/account/password/reset/key/")


@override_settings(SITE_NAME="Jongerenraad", SITE_URL="https://jongerenraad.example")
def test_the_name_comes_from_site_name(client, smtp_server, django_capture_on_commit_callbacks):
    UserFactory(email="lid@raadsplein.example")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/password/reset/", {"email": "lid@raadsplein.example"})
    [mail] = smtp_server.to("lid@raadsplein.example")
    assert mail["subject"].startswith("[Jongerenraad] ")
    assert "Jongerenraad" in mail["text"]
    assert "testserver" not in mail["text"]
    assert "https://jongerenraad.example/account/password/reset/key/" in mail["text"]


@override_settings(SITE_URL="https://raadsplein.example", ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS=True)
def test_other_allauth_mails_name_raadsplein_and_link_to_site_url(
    client, smtp_server, django_capture_on_commit_callbacks
):
    """Every allauth mail goes through the adapter's send_mail: here the mail to an unknown
    address, whose links allauth builds from the request's host."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/password/reset/", {"email": "onbekend@raadsplein.example"})
    [mail] = smtp_server.to("onbekend@raadsplein.example")
    assert mail["subject"].startswith("[Raadsplein] ")
    assert "Raadsplein" in mail["text"]
    assert "testserver" not in mail["text"]
    assert "https://raadsplein.example/account/" in mail["text"]
