"""Dutch compounds and spellings, and the same results in the same order on every database:
this module runs on SQLite and, with DATABASE_URL, on PostgreSQL, with the same expected lists."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from councils.selectors import viewer_for
from sitesearch.models import Audience
from sitesearch.query import search
from sitesearch.text import search_terms, terms_of

pytestmark = pytest.mark.django_db

TEXTS = {
    1: ("Districtscliëntenraad Noord", "Wij zijn de raad van cliënten in het noorden."),
    2: ("Privacyverklaring", "Hoe wij met uw gegevens omgaan."),
    3: ("Reïntegratie na ziekte", "Over de weg terug naar werk."),
    4: ("Brief over re-integratie", "UWV schrijft over uw plan."),
    5: ("Werken na een uitkering", "Reintegratie en de uitkering van UWV."),
    6: ("Vergadering van de cliëntenraden", "De raden bespreken de privacy van klanten."),
    7: ("Landelijke dag", "Een dag voor alle raadsleden over reïntegratie."),
    8: ("Jaarverslag", "Wat de Centrale Cliëntenraad deed."),
}


@pytest.fixture
def corpus(put):
    start = timezone.make_aware(datetime.datetime(2026, 1, 1, 12))
    for key, (title, body) in TEXTS.items():
        put(
            key,
            title=title,
            body=body,
            audience=Audience.PUBLIC,
            date=start + datetime.timedelta(days=key),
        )


def ranked(text: str) -> list[int]:
    return [int(e.key) for e in search(viewer_for(None), text).page]


def test_compound_parts_and_spellings_are_terms():
    assert {"raad", "client", "district"} <= set(terms_of("Districtscliëntenraden"))
    assert {"privacy"} <= set(terms_of("Privacyverklaring"))
    assert {"raad"} <= set(terms_of("raadsleden"))
    assert search_terms("reïntegratie") == search_terms("re-integratie")
    assert search_terms("reintegratie") == search_terms("Re-Integratie")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Title matches first (shorter titles before longer), then the newest.
        ("raad", [1, 6, 8, 7]),
        ("privacy", [2, 6]),
        ("cliënt", [1, 6, 8]),
        ("client", [1, 6, 8]),
        ("reïntegratie", [3, 4, 7, 5]),
        ("re-integratie", [3, 4, 7, 5]),
        ("reintegratie", [3, 4, 7, 5]),
        ("uitkeringen", [5]),
        ("uwv reintegratie", [4, 5]),
        ("dag", [7]),
        ("district", [1]),
    ],
)
def test_the_same_queries_give_the_same_ranked_list_on_every_database(corpus, text, expected):
    assert ranked(text) == expected
