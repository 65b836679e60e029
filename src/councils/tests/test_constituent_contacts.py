from __future__ import annotations

import pytest

from councils.models import ConstituentContact, ConstituentOrganisation

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_a_contact_to_an_organisation(roles, client):
    organisation = ConstituentOrganisation.objects.create(name="Ieder(in)", kind="disability")
    client.force_login(roles["administrator"])
    response = client.post(
        "/beheer/beheer_constituent_contacts/new/",
        {
            "organisation": organisation.pk,
            "name": "Sanne de Vries",
            "role": "Beleidsmedewerker",
            "email": "sanne@example.org",
            "phone": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    [contact] = organisation.contacts.all()
    assert (contact.name, contact.email) == ("Sanne de Vries", "sanne@example.org")
    assert ConstituentContact.objects.count() == 1
