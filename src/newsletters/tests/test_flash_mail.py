"""The news flash as mail clients and spam filters see it (issue 17): a list mail with List-Id and
one-click unsubscribe, a text and an HTML part with each item's summary and image, the council's
name and the independence line; opaque links without personal data; a test mail whose links
work. Every mail is read back from the local SMTP server with the standard library's strict
parser, not with our own code."""

from __future__ import annotations

import base64
import binascii
import contextlib
import email
import re
import time
from email import policy
from html.parser import HTMLParser
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.core.files.storage import default_storage
from django.test import Client

from newsletters import tokens
from newsletters.lists import council_list
from newsletters.models import Subscriber
from newsletters.tests.factories import (
    FlashFactory,
    NewsListFactory,
    SubscriberFactory,
    news_item_with_image,
)
from newsletters.tokens import make_token

pytestmark = pytest.mark.django_db

# The line in the site's footer (templates/base.html).
INDEPENDENCE = (
    "De cliëntenraden zijn onafhankelijk. Wij zijn geen onderdeel van UWV. Wij behandelen geen "
    "persoonlijke zaken: daarvoor belt u UWV."
)


@pytest.fixture
def editor_client(roles, client):
    client.force_login(roles["editor"])
    return client


@pytest.fixture
def article(site_pages):
    from publishing.models import NewsIndexPage

    return news_item_with_image(NewsIndexPage.objects.get(pk=site_pages["news_index"]))


def strict(raw: bytes):
    return email.message_from_bytes(raw, policy=policy.strict)


class _Parts(HTMLParser):
    """Images, links and the text of an HTML part, as a browser reads them."""

    def __init__(self):
        super().__init__()
        self.images, self.links, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs)
        if tag == "a":
            self.links.append(attrs.get("href"))

    def handle_data(self, data):
        self.text.append(data)


def parsed_html(html: str) -> _Parts:
    parts = _Parts()
    parts.feed(html)
    parts.text = " ".join(" ".join(parts.text).split())
    return parts


def send(client, capture, flash):
    with capture(execute=True):
        assert (
            client.post(
                f"/nieuwsflits/redactie/{flash.pk}/verzenden/", {"confirm": "ja"}
            ).status_code
            == 302
        )


def test_a_flash_is_a_list_mail_with_summaries_images_and_the_independence_line(
    settings, roles, editor_client, article, smtp_server, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://raadsplein.test"
    council = roles.council
    news = council_list(council)
    SubscriberFactory(email="lezer@example.org", lists=[news])
    flash = FlashFactory(subject="Nieuws van de raad", lists=[news])
    flash.pages.add(article)
    send(editor_client, django_capture_on_commit_callbacks, flash)
    [mail] = smtp_server.to("lezer@example.org")
    message = strict(mail["raw"])

    # RFC 2919: one List-Id, a phrase and <list-label.namespace> on SITE_URL's host.
    [list_id] = message.get_all("List-Id")
    match = re.fullmatch(r'(?:"([^"]*)"|([^<]*?))\s*<([A-Za-z0-9!#$%&\'*+/=?^_`{|}~.-]+)>', list_id)
    assert match, list_id
    label = match.group(3)
    assert label.endswith(".raadsplein.test")
    assert label.startswith("nieuwsflits.")
    assert ".." not in label
    assert council.name in (match.group(1) or match.group(2))
    # RFC 8058 stays: an https unsubscribe URL and the one-click header.
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "<https://raadsplein.test/nieuwsflits/afmelden/" in message["List-Unsubscribe"]

    assert message.get_content_type() == "multipart/alternative"
    kinds = [part.get_content_type() for part in message.iter_parts()]
    assert kinds == ["text/plain", "text/html"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    page_url = "https://raadsplein.test" + article.url

    parts = parsed_html(html)
    assert re.search(r'<html[^>]*\blang="nl"', html)
    assert re.search(r"<title>\s*Nieuws van de raad\s*</title>", html)
    for content in (parts.text, " ".join(text.split())):
        assert article.title in content
        assert article.intro in content
        assert council.name in content
        assert INDEPENDENCE in content
    assert page_url in parts.links and page_url in text
    [image] = parts.images
    assert image["alt"] == "Vijf raadsleden aan een lange tafel"
    assert image["src"].startswith("https://raadsplein.test/")
    # The src is a rendition that exists in the media storage (not the original upload).
    path = urlsplit(image["src"]).path
    assert path.startswith(settings.MEDIA_URL)
    assert default_storage.exists(path.removeprefix(settings.MEDIA_URL))
    assert int(image["width"]) <= 600
    # The footer links are the subscriber's own, absolute, and work.
    footer = [link for link in parts.links if "/nieuwsflits/" in link]
    assert len(footer) == 2
    for link in footer:
        assert link.startswith("https://raadsplein.test/nieuwsflits/")
        assert Client().get(urlsplit(link).path).status_code == 200


def _decoded(token: str) -> bytes:
    """Whatever base64 decoding makes of each part of the token."""
    out = b""
    for piece in re.split(r"[:.]", token):
        for decode in (base64.urlsafe_b64decode, base64.b64decode):
            with contextlib.suppress(binascii.Error, ValueError):
                out += decode(piece + "=" * (-len(piece) % 4))
    return out


def test_the_links_in_a_flash_carry_no_personal_data(
    editor_client, smtp_server, django_capture_on_commit_callbacks
):
    news = NewsListFactory()
    SubscriberFactory(email="lezer@example.org", name="Anna de Vries", lists=[news])
    send(editor_client, django_capture_on_commit_callbacks, FlashFactory(lists=[news]))
    [mail] = smtp_server.to("lezer@example.org")
    message = strict(mail["raw"])
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    tokens = set(re.findall(r"/nieuwsflits/(?:afmelden|beheren)/([^/\s\"<>]+)/", html + text))
    tokens |= set(re.findall(r"/nieuwsflits/afmelden/([^/>]+)/", message["List-Unsubscribe"]))
    assert tokens
    for token in tokens:
        decoded = _decoded(token)
        # No address (random key bytes may hold an "@" by chance, never a readable address),
        # and no readable JSON such as the old {"s": 1, "e": "..."}.
        assert not re.search(rb"[\w.+-]{2,}@[\w-]{2,}\.[a-z]{2,}", decoded)
        assert b'"e"' not in decoded and b'"s"' not in decoded
        assert b"lezer" not in decoded and b"example" not in decoded and b"Anna" not in decoded
        assert "lezer" not in token


def test_a_link_from_before_the_change_still_unsubscribes_for_a_while(client, settings):
    subscriber = SubscriberFactory(email="lezer@example.org", lists=[NewsListFactory()])
    # The old format: signed JSON naming the subscriber and the address.
    old = signing.dumps(
        {"s": subscriber.pk, "e": subscriber.email}, salt="newsletters.manage", compress=True
    )
    assert client.get(f"/nieuwsflits/beheren/{old}/").status_code == 200
    response = client.post(f"/nieuwsflits/afmelden/{old}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    # After the transition the old links open nothing.
    later = time.time() + tokens.LEGACY_MAX_AGE + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        assert tokens.read_token(old) is None
    assert tokens.read_token(old) == subscriber


def test_an_erased_address_takes_its_links_with_it(client):
    from datetime import timedelta

    from django.utils import timezone

    from newsletters import services

    subscriber = SubscriberFactory(lists=[NewsListFactory()])
    token = make_token(subscriber)
    services.unsubscribe(subscriber=subscriber)
    assert client.get(f"/nieuwsflits/beheren/{token}/").status_code == 200
    services.subscribers_purge(now=timezone.now() + timedelta(days=400))
    assert client.get(f"/nieuwsflits/beheren/{token}/").status_code == 404


def test_one_click_unsubscribe_works_with_the_new_link(
    editor_client, smtp_server, django_capture_on_commit_callbacks
):
    news = NewsListFactory()
    subscriber = SubscriberFactory(email="lezer@example.org", lists=[news])
    send(editor_client, django_capture_on_commit_callbacks, FlashFactory(lists=[news]))
    message = strict(smtp_server.to("lezer@example.org")[0]["raw"])
    url = re.search(r"<(https?://[^>]+/nieuwsflits/afmelden/[^>]+)>", message["List-Unsubscribe"])
    browserless = Client(enforce_csrf_checks=True)
    response = browserless.post(
        urlsplit(url.group(1)).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None


def test_the_links_in_a_test_flash_open_a_page_that_says_they_are_examples(
    roles, editor_client, smtp_server, django_capture_on_commit_callbacks
):
    news = NewsListFactory()
    reader = SubscriberFactory(email=roles["editor"].email, lists=[news])
    flash = FlashFactory(subject="Proef", lists=[news])
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/nieuwsflits/redactie/{flash.pk}/test/")
    [mail] = smtp_server.to(roles["editor"].email)
    message = strict(mail["raw"])
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert "voorbeeld" in parsed_html(html).text.lower()
    links = [link for link in parsed_html(html).links if "/nieuwsflits/" in link]
    links += re.findall(r"https?://\S+/nieuwsflits/\S+/", text)
    header = re.search(r"<(https?://[^>]+)>", message["List-Unsubscribe"]).group(1)
    assert links
    anonymous = Client(enforce_csrf_checks=True)
    for link in [*links, header]:
        response = anonymous.get(urlsplit(link).path)
        assert response.status_code == 200, link
        assert "voorbeeld" in response.content.decode().lower()
    # A one-click POST to the test mail's header answers, and changes nothing.
    response = anonymous.post(
        urlsplit(header).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.unsubscribed_at is None
    assert Subscriber.objects.count() == 1


def test_a_council_name_with_accents_keeps_the_list_id_plain(
    roles, editor_client, smtp_server, django_capture_on_commit_callbacks
):
    """A council's name with non-ASCII letters: the phrase is an RFC 2047 word, the id stays
    plain ASCII inside the angle brackets."""
    news = NewsListFactory(name="Cliëntenraad Zuidoost")
    SubscriberFactory(email="lezer@example.org", lists=[news])
    send(editor_client, django_capture_on_commit_callbacks, FlashFactory(lists=[news]))
    raw = smtp_server.to("lezer@example.org")[0]["raw"]
    line = re.search(rb"^List-Id:(.*(?:\r?\n[ \t].*)*)", raw, re.M | re.I).group(1)
    assert re.search(rb"<nieuwsflits\.[a-z0-9-]+\.[a-z0-9.-]+>\s*$", line.strip()), line
    assert "Cliëntenraad Zuidoost" in strict(raw)["List-Id"]
