from __future__ import annotations

import pytest

from councils.models import Council
from councils.tests.factories import PostcodeRangeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def noord(roles, site_pages):
    council = Council.objects.get(slug="noord")
    PostcodeRangeFactory(council=council, start=1000, end=1999)
    PostcodeRangeFactory(council=council, start=3000, end=3499)
    return council


def test_a_found_postcode_names_the_council_and_why_before_linking_to_it(noord, client):
    response = client.get("/raden/zoek/", {"postcode": "1234ab"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Uw postcode 1234 AB valt onder Districtscliëntenraad Noord." in html
    assert (
        "Deze raad is er voor cliënten in de postcodes 1000 tot en met 1999 "
        "en 3000 tot en met 3499." in html
    )
    assert 'href="/raden/noord/"' in html


def test_a_postcode_no_district_covers_leads_to_the_central_council(noord, client):
    response = client.get("/raden/zoek/", {"postcode": "5000 AA"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Uw postcode 5000 AA valt niet onder een districtscliëntenraad." in html
    assert "Dan is Centrale Cliëntenraad er voor u." in html
    assert 'href="/raden/centraal/"' in html


def test_the_english_lookup_links_to_the_english_council_page(noord, client):
    response = client.get("/en/raden/zoek/", {"postcode": "1234 AB"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Districtscliëntenraad Noord" in html
    assert 'href="/en/' in html and "noord/" in html


def test_a_bad_postcode_still_answers_400_with_the_error_summary(noord, client):
    response = client.get("/raden/zoek/", {"postcode": "12"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "valt onder" not in html
