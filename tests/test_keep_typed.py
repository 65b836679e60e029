"""Never lose typed text (issue 15): a POST that arrives after the session ended is kept and
comes back on the form's page after logging in; no URL answers a GET with 405 after login."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.test.client import RedirectCycleError
from django.urls import URLPattern, URLResolver, get_resolver

from common.keep_typed import MEMBER_COOKIE, allowed_methods

pytestmark = pytest.mark.django_db

KEPT = re.compile(r'<script id="keep-typed" type="application/json">(.*?)</script>', re.S)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dossier(roles):
    from dossiers import services

    return services.dossier_start(
        actor=roles["member"],
        council=roles.council,
        title="Wachttijden",
        summary="Cliënten wachten lang.",
        regeling="ALGEMEEN",
        onderwerp="bereikbaarheid",
    )


def _expire(client):
    """What the browser does at the idle timeout: the session cookie is gone."""
    client.cookies.pop("sessionid", None)


def _kept(response):
    match = KEPT.search(response.content.decode())
    return json.loads(match.group(1)) if match else None


def _post_after_expiry(client, member, dossier, text="Gesprek met UWV op 3 maart."):
    client.force_login(member)
    client.get(dossier.get_absolute_url())  # sets the cookie that names the member
    _expire(client)
    return client.post(
        f"/dossiers/{dossier.pk}/notitie/",
        {"text": text, "csrfmiddlewaretoken": "x"},
        HTTP_REFERER=f"http://testserver/dossiers/{dossier.pk}/",
    )


def test_an_expired_post_goes_to_login_with_a_message_and_back_to_the_form(client, roles, dossier):
    member = roles["member"]

    response = _post_after_expiry(client, member, dossier)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/account/login/"
    assert parse_qs(location.query)["next"] == [f"/dossiers/{dossier.pk}/"]
    login_page = client.get(response["Location"])
    assert "Wat u typte is bewaard." in login_page.content.decode()

    client.force_login(member)
    page = client.get(f"/dossiers/{dossier.pk}/")
    assert _kept(page) == {
        "action": f"/dossiers/{dossier.pk}/notitie/",
        "data": {"text": ["Gesprek met UWV op 3 maart."]},
    }
    assert "Wat u typte staat weer in het formulier." in page.content.decode()
    assert _kept(client.get(f"/dossiers/{dossier.pk}/")) is None  # once


def test_another_member_who_logs_in_never_sees_the_text(client, roles, dossier):
    _post_after_expiry(client, roles["member"], dossier)

    client.force_login(roles["secretary"])
    assert _kept(client.get(f"/dossiers/{dossier.pk}/")) is None

    client.force_login(roles["member"])
    assert _kept(client.get(f"/dossiers/{dossier.pk}/"))["data"]["text"]


def test_without_a_referer_the_next_page_is_the_one_that_holds_the_form(client, roles, dossier):
    client.cookies[MEMBER_COOKIE] = "tampered"  # a bad signature names nobody
    response = client.post(f"/dossiers/{dossier.pk}/notitie/", {"text": "Tekst"})

    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [f"/dossiers/{dossier.pk}/"]


def test_passwords_are_never_kept(client, roles, dossier):
    _post_after_expiry(client, roles["member"], dossier)
    _expire(client)
    client.post(
        f"/dossiers/{dossier.pk}/notitie/",
        {"text": "Tekst", "password": "geheim-wachtwoord"},
        HTTP_REFERER=f"http://testserver/dossiers/{dossier.pk}/",
    )

    stored = [cache.get(key) for key in cache._cache]  # LocMemCache in the tests
    assert stored
    assert "geheim-wachtwoord" not in repr(stored)


def _post_only_paths():
    """Every URL whose view accepts POST and not GET, its numbers filled in with 1."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                methods = allowed_methods(pattern.callback)
                if methods and "POST" in methods and "GET" not in methods:
                    yield route

    paths = set()
    for route in walk(get_resolver().url_patterns):
        if route.startswith(("^", "beheer/")):
            continue  # Wagtail's admin, with its own login, not ours
        paths.add("/" + re.sub(r"<(?:(\w+):)?(\w+)>", _fill, route))
    return sorted(paths)


def _fill(match):
    return {"str": "x", "slug": "x", "path": "x"}.get(match.group(1), "1")


def test_there_are_post_only_urls_to_walk():
    paths = _post_only_paths()
    assert "/dossiers/1/notitie/" in paths
    assert "/overleg/1/notulen/" in paths
    assert len(paths) > 30


def test_no_post_only_url_leads_to_405_after_login(client, roles):
    member = roles["secretary"]
    wrong = []
    for path in _post_only_paths():
        client.logout()
        client.cookies.clear()
        response = client.post(path, {"text": "x"})
        if response.status_code == 302 and urlsplit(response["Location"]).path == "/account/login/":
            target = parse_qs(urlsplit(response["Location"]).query).get("next", ["/"])[0]
        else:
            target = path
        client.force_login(member)
        try:
            after = client.get(target, follow=True)
        except RedirectCycleError:
            wrong.append((path, target, "redirect loop"))
            continue
        direct = client.get(path)
        if after.status_code == 405 or direct.status_code == 405:
            wrong.append((path, target, after.status_code, direct.status_code))
    assert wrong == []
