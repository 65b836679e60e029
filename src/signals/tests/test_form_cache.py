"""The signal form for anonymous visitors is built once and each visitor gets their own CSRF
token (common.formcache, issue 18); a POST, its errors and logged-in members take the normal
path. Pages are read with lxml, not by matching our own markup."""

from __future__ import annotations

import lxml.html
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from common.formcache import HEADER, PLACEHOLDER
from signals.models import Signal

pytestmark = pytest.mark.django_db

FORM = "/signaal/"
TEXT = "Ik wacht al drie weken op een beslissing over mijn WW."


def _visitor() -> Client:
    return Client(enforce_csrf_checks=True)


def _token(response) -> str:
    (value,) = lxml.html.fromstring(response.content).xpath(
        '//form[@method="post"]//input[@name="csrfmiddlewaretoken"]/@value'
    )
    return value


def _fields(token: str, **extra) -> dict:
    return {"csrfmiddlewaretoken": token, "text": TEXT, "scheme": "", "postcode": "", **extra}


def test_two_visitors_get_their_own_token_and_only_their_own_works(classifier, signal_councils):
    first, second = _visitor(), _visitor()
    page_1, page_2 = first.get(FORM), second.get(FORM)
    assert (page_1[HEADER], page_2[HEADER]) == ("miss", "hit")
    token_1, token_2 = _token(page_1), _token(page_2)
    assert PLACEHOLDER not in token_1 + token_2 and token_1 != token_2
    cookie_1, cookie_2 = first.cookies["csrftoken"].value, second.cookies["csrftoken"].value
    assert cookie_1 != cookie_2

    # The token of another visitor's page does not work with one's own cookie.
    refused = second.post(FORM, _fields(token_1))
    assert refused.status_code == 403 and not Signal.objects.exists()
    assert first.post(FORM, _fields(token_1))["Location"] == "/signaal/ontvangen/"
    assert second.post(FORM, _fields(token_2))["Location"] == "/signaal/ontvangen/"
    assert Signal.objects.count() == 2


def test_the_page_is_built_once_for_two_visitors(site_pages):
    with CaptureQueriesContext(connection) as built:
        first = Client().get(FORM)
    with CaptureQueriesContext(connection) as kept:
        second = Client().get(FORM)
    assert [t.name for t in first.templates][:1] == ["signals/signal_form.html"]
    assert second.templates == []  # nothing rendered
    assert (len(built), len(kept)) == (3, 0)  # locale, menu pages, site; then none
    assert first.content.replace(_token(first).encode(), b"") == second.content.replace(
        _token(second).encode(), b""
    )


def test_a_menu_page_renamed_and_published_shows_on_the_next_get(
    site_pages, django_capture_on_commit_callbacks
):
    from wagtail.models import Page

    Client().get(FORM)
    assert Client().get(FORM)[HEADER] == "hit"
    page = Page.objects.live().in_menu().filter(locale__language_code="nl").first().specific
    page.title = "Over de raden, vernieuwd"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    response = Client().get(FORM)
    assert response[HEADER] == "miss"
    footer = lxml.html.fromstring(response.content).xpath("//footer//a/text()")
    assert "Over de raden, vernieuwd" in footer


def test_a_refused_post_shows_the_errors_what_was_typed_and_the_focus_then_a_clean_form(
    classifier, signal_councils
):
    visitor = _visitor()
    token = _token(visitor.get(FORM))
    response = visitor.post(
        FORM, _fields(token, postcode="99", wants_answer="on", email="", phone="")
    )
    assert response.status_code == 400 and HEADER not in response
    page = lxml.html.fromstring(response.content)
    assert page.findtext(".//title").startswith("Fout: ")
    (summary,) = page.xpath('//div[@id="foutmeldingen"]')
    assert summary.get("role") == "alert" and summary.get("tabindex") == "-1"
    assert summary.get("autofocus") is not None
    assert {a.get("href") for a in summary.xpath(".//a")} >= {"#id_postcode", "#id_email"}
    assert page.xpath('string(//textarea[@name="text"])').strip() == TEXT
    assert page.xpath('//input[@name="postcode"]/@value') == ["99"]
    assert page.xpath('//input[@name="wants_answer"]/@checked')
    assert len(_token(response)) == 64 and PLACEHOLDER not in response.content.decode()

    clean = Client().get(FORM)
    assert clean[HEADER] == "hit"
    page = lxml.html.fromstring(clean.content)
    assert not page.xpath('//div[@id="foutmeldingen"]') and not page.xpath("//*[@autofocus]")
    assert page.xpath('string(//textarea[@name="text"])').strip() == ""
    assert not page.findtext(".//title").startswith("Fout")
    assert not Signal.objects.exists()


def test_english_and_dutch_are_kept_apart(site_pages):
    for _ in range(2):
        dutch, english = Client().get(FORM), Client().get("/en" + FORM)
        assert lxml.html.fromstring(dutch.content).get("lang") == "nl"
        assert lxml.html.fromstring(english.content).get("lang") == "en"
        assert lxml.html.fromstring(dutch.content).findtext(".//h1") == "Meld een signaal"
        assert lxml.html.fromstring(english.content).findtext(".//h1") == "Report a signal"
    assert (dutch[HEADER], english[HEADER]) == ("hit", "hit")


def test_a_member_and_a_visitor_with_a_message_get_the_normal_page(client):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    from accounts.tests.factories import UserFactory

    Client().get(FORM)  # kept
    member = UserFactory()
    client.force_login(member)
    response = client.get(FORM)
    assert HEADER not in response and "signals/signal_form.html" in [
        t.name for t in response.templates
    ]
    logout = lxml.html.fromstring(response.content).xpath('//form[contains(@action, "logout")]')
    assert logout  # the member's own header, not the visitor's kept page

    visitor = Client()
    storage = CookieStorage(None)
    encoded = storage._encode([Message(constants.INFO, "Bedankt voor uw signaal.")])
    visitor.cookies["messages"] = encoded
    response = visitor.get(FORM)
    assert HEADER not in response and "Bedankt voor uw signaal." in response.content.decode()
