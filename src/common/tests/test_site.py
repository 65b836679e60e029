"""The site's one address (issue 14): URLs from SITE_URL and mail's Message-ID on its host."""

from __future__ import annotations

import pytest

from common.outbox import outbox_enqueue
from common.site import absolute_url, site_record_address

pytestmark = pytest.mark.django_db


def test_absolute_urls_are_built_from_site_url(settings):
    settings.SITE_URL = "https://raadsplein.test"
    assert absolute_url("/nieuws/") == "https://raadsplein.test/nieuws/"
    assert absolute_url("media/x.jpg") == "https://raadsplein.test/media/x.jpg"
    assert absolute_url("//cdn.example/x.jpg") == "https://cdn.example/x.jpg"
    assert absolute_url("https://s3.example/x.jpg") == "https://s3.example/x.jpg"


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("https://raadsplein.test", ("raadsplein.test", 443)),
        ("http://raadsplein.test", ("raadsplein.test", 80)),
        ("http://127.0.0.1:8000", ("127.0.0.1", 8000)),
    ],
)
def test_the_site_record_address_follows_site_url(settings, url, address):
    settings.SITE_URL = url
    assert site_record_address() == address


def test_outgoing_mail_has_a_message_id_on_the_sites_host(
    settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://raadsplein.test"
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(to=["ontvanger@raadsplein.example"], subject="Onderwerp", body_text="Tekst")
    [mail] = smtp_server.messages
    assert mail["message"]["Message-ID"].endswith("@raadsplein.test>")


def test_a_message_id_of_the_sender_is_kept(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(
            to=["ontvanger@raadsplein.example"],
            subject="Onderwerp",
            body_text="Tekst",
            headers={"Message-ID": "<eigen@raadsplein.example>"},
        )
    [mail] = smtp_server.messages
    assert mail["message"]["Message-ID"] == "<eigen@raadsplein.example>"
