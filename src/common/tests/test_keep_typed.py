"""The store behind "never lose typed text" (issue 15): what is kept, who may claim it, when."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.http import QueryDict

from common import keep_typed


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _keep(user_id=7, page="/dossiers/5/"):
    return keep_typed.keep(
        data={"text": ["Notulen van vandaag"]},
        action="/dossiers/5/notitie/",
        page=page,
        user_id=user_id,
    )


def test_typed_values_leave_out_the_csrf_token_and_every_password():
    post = QueryDict(mutable=True)
    post.update({"csrfmiddlewaretoken": "abc", "text": "Mijn tekst", "password": "geheim1"})
    post.update({"new_password1": "geheim2", "oud_wachtwoord": "geheim3", "postcode": "9711"})
    post.setlist("councils", ["1", "2"])

    values = keep_typed.typed_values(post)

    assert values == {"text": ["Mijn tekst"], "postcode": ["9711"], "councils": ["1", "2"]}


def test_an_entry_is_claimed_once_by_its_own_user_on_its_page():
    token = _keep()

    entry = keep_typed.claim(token, user_id=7, path="/dossiers/5/")

    assert entry["data"] == {"text": ["Notulen van vandaag"]}
    assert entry["action"] == "/dossiers/5/notitie/"
    assert keep_typed.claim(token, user_id=7, path="/dossiers/5/") is None


def test_another_user_cannot_claim_it_and_the_owner_still_can():
    token = _keep()

    assert keep_typed.claim(token, user_id=8, path="/dossiers/5/") is None
    assert keep_typed.claim(token, user_id=7, path="/dossiers/5/") is not None


def test_it_is_claimed_only_on_the_page_of_the_form():
    token = _keep(page="/dossiers/5/?tab=1")

    assert keep_typed.claim(token, user_id=7, path="/dossiers/6/") is None
    assert keep_typed.claim(token, user_id=7, path="/dossiers/5/") is not None


def test_without_a_known_user_the_first_to_log_in_claims_it_once():
    token = _keep(user_id=None)

    assert keep_typed.claim(token, user_id=8, path="/dossiers/5/") is not None
    assert keep_typed.claim(token, user_id=7, path="/dossiers/5/") is None


def test_it_expires_after_an_hour():
    token = _keep()
    later = time.time() + keep_typed.TTL_SECONDS + 1

    with mock.patch("django.core.cache.backends.locmem.time.time", return_value=later):
        assert keep_typed.claim(token, user_id=7, path="/dossiers/5/") is None


def test_a_very_long_post_is_not_kept():
    data = {"text": ["x" * (keep_typed.MAX_CHARS + 1)]}

    assert keep_typed.keep(data=data, action="/a/", page="/a/", user_id=1) is None


def test_a_random_token_claims_nothing():
    _keep()

    assert keep_typed.claim("not-a-token", user_id=7, path="/dossiers/5/") is None
