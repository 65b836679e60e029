"""The session row is renewed at most once per renew_interval() when a request changes nothing
in it (issue 18), while the idle timeout and its warning (issue 15) keep their promises: the
session still ends after SESSION_COOKIE_AGE without requests, and the time left that a page or
/sessie/ reports is never more than the session really has."""

from __future__ import annotations

import datetime
import re
import time

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.middleware import LAST_SEEN_KEY, renew_interval
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _session_writes(captured) -> int:
    return sum(
        1
        for query in captured.captured_queries
        if re.match(r'\s*(UPDATE|INSERT INTO) "django_session"', query["sql"])
    )


def _row(client) -> Session:
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def _let_time_pass(client, seconds: float) -> None:
    """As if ``seconds`` went by since the session was last renewed: the renewal moment and the
    row's expiry both move back."""
    session = client.session
    session[LAST_SEEN_KEY] = session[LAST_SEEN_KEY] - seconds
    session.save()
    left = session[LAST_SEEN_KEY] + session.get_expiry_age() - time.time()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(seconds=left)
    )
    # Sessions are cached_db: the cached copy ends with the row's expiry in real time; here the
    # row moved back, so the copy goes and the row decides.
    if hasattr(session, "cache_key"):
        caches[django_settings.SESSION_CACHE_ALIAS].delete(session.cache_key)


@pytest.fixture
def member(client):
    client.force_login(UserFactory())
    assert client.get("/mijn/").status_code == 200
    return client


def test_the_first_page_after_logging_in_writes_no_session(client):
    """Logging in saved the session and noted it as renewed: the next page does not write it."""
    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/mijn/").status_code == 200
    assert _session_writes(captured) == 0


def test_the_interval_is_a_minute_and_never_more_than_a_tenth_of_the_timeout(settings):
    assert renew_interval() == 60
    settings.SESSION_COOKIE_AGE = 12
    assert renew_interval() == 1


def test_two_requests_within_the_interval_write_the_session_once(member):
    expiry = _row(member).expire_date
    with CaptureQueriesContext(connection) as captured:
        assert member.get("/mijn/").status_code == 200
        assert member.get("/mijn/").status_code == 200
    assert _session_writes(captured) == 0
    assert _row(member).expire_date == expiry


def test_a_request_after_the_interval_renews_the_session(member, settings):
    _let_time_pass(member, renew_interval() + 1)
    before = _row(member).expire_date
    with CaptureQueriesContext(connection) as captured:
        response = member.get("/mijn/")
    assert _session_writes(captured) == 1
    assert _row(member).expire_date >= before + datetime.timedelta(seconds=renew_interval())
    # The cookie is renewed with the row.
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE


def test_a_request_that_changes_the_session_saves_it_at_once(member):
    _let_time_pass(member, 5)
    before = member.session[LAST_SEEN_KEY]
    with CaptureQueriesContext(connection) as captured:
        member.post("/i18n/setlang/", {"language": "en", "next": "/mijn/"})
    # Whether the language goes in the session or a cookie: a changed session is saved.
    if _session_writes(captured):
        assert member.session[LAST_SEEN_KEY] > before


def test_the_session_still_ends_after_the_idle_timeout(member, settings):
    _let_time_pass(member, settings.SESSION_COOKIE_AGE - 2)
    assert member.get("/mijn/").status_code == 200  # renewed: well past the interval
    _let_time_pass(member, settings.SESSION_COOKIE_AGE + 1)
    assert member.get("/mijn/").status_code == 302


def test_the_time_left_is_never_more_than_the_session_has(member, settings):
    _let_time_pass(member, 30)
    assert member.get("/mijn/").status_code == 200  # within the interval: not renewed
    remaining = member.get("/sessie/").json()["remaining"]
    real = (_row(member).expire_date - timezone.now()).total_seconds()
    assert remaining <= real + 1
    assert settings.SESSION_COOKIE_AGE - 32 <= remaining <= settings.SESSION_COOKIE_AGE - 29


def test_a_page_that_does_not_renew_counts_down_from_what_is_left(member, settings):
    _let_time_pass(member, 30)
    html = member.get("/mijn/").content.decode()
    timeout = int(re.search(r'data-timeout="(\d+)"', html).group(1))
    assert settings.SESSION_COOKIE_AGE - 32 <= timeout <= settings.SESSION_COOKIE_AGE - 29
    _let_time_pass(member, renew_interval())
    html = member.get("/mijn/").content.decode()
    assert f'data-timeout="{settings.SESSION_COOKIE_AGE}"' in html


def test_asking_how_long_is_left_renews_nothing(member):
    _let_time_pass(member, renew_interval() + 5)
    with CaptureQueriesContext(connection) as captured:
        member.get("/sessie/")
    assert _session_writes(captured) == 0


def test_staying_logged_in_renews_at_once(member, settings):
    _let_time_pass(member, 10)
    before = _row(member).expire_date
    response = member.post("/sessie/verlengen/", HTTP_ACCEPT="application/json")
    assert response.json()["remaining"] == settings.SESSION_COOKIE_AGE
    assert _row(member).expire_date >= before + datetime.timedelta(seconds=9)
    assert member.get("/sessie/").json()["remaining"] >= settings.SESSION_COOKIE_AGE - 1


def test_a_visitor_gets_no_session(client):
    response = client.get("/account/login/")
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()
