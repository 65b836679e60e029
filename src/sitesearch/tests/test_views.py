"""The search page /zoeken/ and the search box in the header."""

from __future__ import annotations

import logging

import pytest
from django.utils.html import escape

from common.models import AuditEntry
from sitesearch.models import Audience, SearchEntry
from sitesearch.query import PER_PAGE

pytestmark = pytest.mark.django_db

URL = "/zoeken/"


def page(response) -> str:
    """The page's HTML without the marks around words that match."""
    return response.content.decode().replace("<mark>", "").replace("</mark>", "")


@pytest.fixture
def corpus(roles, put):
    put(
        1,
        title="Brieven over de WW",
        body="UWV stuurt brieven over de WW-uitkering.",
        audience=Audience.PUBLIC,
        council_id=roles.council.pk,
    )
    put(
        2,
        title="Uitkering in Noord",
        body="Alleen voor de raad in Noord: de uitkering.",
        audience=Audience.RESTRICTED,
        councils=[roles.council.pk],
        council_id=roles.council.pk,
    )
    put(
        3,
        title="Keuring WIA",
        body="Over de keuring.",
        audience=Audience.PUBLIC,
        onderwerp="beoordeling",
        regeling="WIA",
    )
    return roles


def test_the_page_without_a_query_explains_how_to_search(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = page(response)
    assert 'role="search"' in html
    assert '<label for="id_zoek_q">' in html
    assert "Zo vindt u het snel" in html
    assert "resultaten voor" not in html
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    )


def test_the_header_has_a_labelled_search_box_on_every_page(client, site_pages):
    html = page(client.get("/"))
    assert 'class="site-search"' in html
    assert '<label for="site-search-q" class="visually-hidden">' in html
    assert 'action="/zoeken/"' in html


def test_visitors_find_public_entries_only_with_marked_words(client, corpus):
    response = client.get(URL, {"q": "uitkeringen"})
    assert response.status_code == 200
    html = page(response)
    assert "1 resultaat voor ‘uitkeringen’" in html
    assert "Brieven over de WW" in html
    assert "Uitkering in Noord" not in html
    assert "<mark>uitkering</mark>" in response.content.decode()
    assert 'href="/ding/1/"' in html
    assert "Ding" in html and escape(corpus.council.name) in html


def test_members_also_find_what_their_council_may_see(client, corpus):
    client.force_login(corpus["member"])
    html = page(client.get(URL, {"q": "uitkering"}))
    assert "2 resultaten voor ‘uitkering’" in html
    assert "Uitkering in Noord" in html
    client.force_login(corpus["member_other"])
    html = page(client.get(URL, {"q": "uitkering"}))
    assert "Uitkering in Noord" not in html


def test_filter_by_kind_with_counts(client, corpus, put_other):
    put_other(1, title="Uitkering ander", audience=Audience.PUBLIC)
    html = page(client.get(URL, {"q": "uitkering"}))
    assert "Alles (2)" in html and "Dingen (1)" in html and "Anderen (1)" in html
    html = page(client.get(URL, {"q": "uitkering", "soort": "other"}))
    assert "1 resultaat" in html
    assert "Uitkering ander" in html and "Brieven over de WW" not in html
    assert '<a href="?q=uitkering&amp;soort=other" aria-current="true">' in html
    # The counts stay, so one can switch back.
    assert "Dingen (1)" in html
    # An unknown kind (an old link) is ignored.
    assert client.get(URL, {"q": "uitkering", "soort": "oud"}).status_code == 200


def test_filter_by_council_and_theme(client, corpus):
    response = client.get(URL, {"q": "keuring brieven", "raad": "noord"})
    assert response.status_code == 200
    html = page(client.get(URL, {"q": "keuring", "onderwerp": "beoordeling"}))
    assert "Keuring WIA" in html
    html = page(client.get(URL, {"q": "keuring", "regeling": "WW"}))
    assert "Keuring WIA" not in html
    assert "Wij vonden niets" in html
    assert "Zoek overal, zonder de filters" in html
    assert 'href="?q=keuring"' in html
    html = page(client.get(URL, {"q": "brieven", "raad": "noord"}))
    assert "Brieven over de WW" in html


def test_an_unknown_council_is_refused_with_a_clear_message(client, corpus):
    response = client.get(URL, {"q": "brieven", "raad": "atlantis"})
    assert response.status_code == 400
    assert "Kies uit de lijst." in page(response)


def test_nothing_found_gives_tips_in_plain_language(client, corpus):
    response = client.get(URL, {"q": "zeppelin"})
    assert response.status_code == 200
    html = page(response)
    assert "Wij vonden niets voor ‘zeppelin’" in html
    assert "Kijk of de woorden goed gespeld zijn." in html
    assert "Log in" in html  # visitors: members find more after logging in
    assert "Zoek overal, zonder de filters" not in html


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "Typ een of meer woorden waar u naar zoekt."),
        ("   ", "Typ een of meer woorden waar u naar zoekt."),
        ("a !", "Typ minstens één woord van twee of meer letters of cijfers."),
        ("woord " * 50, "Uw zoekvraag is te lang"),
    ],
)
def test_an_empty_or_too_long_query_is_refused_with_a_clear_message(client, q, message):
    response = client.get(URL, {"q": q})
    assert response.status_code == 400
    html = page(response)
    assert message in html
    assert 'role="alert"' in html
    assert 'href="#id_zoek_q"' in html
    assert "aria-invalid" in html or "field--error" in html


def test_results_are_paged_with_an_accessible_navigation(client, put):
    for pk in range(1, PER_PAGE + 3):
        put(pk, title=f"Keuring {pk}", audience=Audience.PUBLIC)
    html = page(client.get(URL, {"q": "keuring"}))
    assert f"{PER_PAGE + 2} resultaten" in html
    assert 'class="pagination"' in html and "Pagina 1 van 2" in html
    assert 'href="?q=keuring&amp;pagina=2" rel="next"' in html
    html = page(client.get(URL, {"q": "keuring", "pagina": "2"}))
    assert "Pagina 2 van 2" in html
    assert html.count('class="search-result"') == 2
    assert f'<ol class="search-results" start="{PER_PAGE + 1}">' in html


def test_what_people_search_for_is_not_stored_or_logged(client, corpus, caplog):
    secret = "geheimezoekvraag"
    before = {model: model.objects.count() for model in (AuditEntry, SearchEntry)}
    with caplog.at_level(logging.DEBUG):
        client.get(URL, {"q": secret})
        client.get(URL, {"q": secret * 20})  # refused, 400: Django logs the path only
    assert secret not in caplog.text
    assert {model: model.objects.count() for model in before} == before
    assert not AuditEntry.objects.filter(details__icontains=secret).exists()


def test_only_get(client):
    assert client.post(URL, {"q": "x"}).status_code == 405


def test_the_page_has_a_bounded_number_of_queries(
    client, corpus, put, django_assert_max_num_queries
):
    client.force_login(corpus["member"])
    client.get(URL, {"q": "keuring"})  # warm caches (content types, site)
    with django_assert_max_num_queries(15):
        small = client.get(URL, {"q": "keuring"})
    for pk in range(10, 10 + PER_PAGE):
        put(pk, title=f"Keuring {pk}", audience=Audience.PUBLIC, council_id=corpus.council.pk)
    with django_assert_max_num_queries(15):
        large = client.get(URL, {"q": "keuring"})
    assert small.status_code == large.status_code == 200
    assert page(large).count('class="search-result"') == PER_PAGE
