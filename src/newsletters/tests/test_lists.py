from __future__ import annotations

import pytest

from councils.models import ConstituentOrganisation
from councils.tests.factories import CouncilFactory
from newsletters.lists import lists_sync
from newsletters.models import NewsList

pytestmark = pytest.mark.django_db


def test_every_council_and_every_kind_of_organisation_has_a_list():
    council = CouncilFactory(name="Districtscliëntenraad Oost")
    lists_sync()
    lists_sync()  # idempotent
    assert NewsList.objects.filter(council=council).count() == 1
    kinds = set(
        NewsList.objects.exclude(organisation_kind="").values_list("organisation_kind", flat=True)
    )
    assert kinds == set(ConstituentOrganisation.Kind.values)
    assert NewsList.objects.exclude(organisation_kind="").count() == len(kinds)


def test_a_council_made_inactive_takes_its_list_off_the_form(client):
    council = CouncilFactory(name="Districtscliëntenraad West")
    assert "Districtscliëntenraad West" in client.get("/nieuwsflits/").content.decode()
    council.is_active = False
    council.save()
    assert "Districtscliëntenraad West" not in client.get("/nieuwsflits/").content.decode()
