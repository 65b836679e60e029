"""Ways in: the footer link to subscribe, and the panel on "Mijn overzicht" for editors."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_visitor_finds_the_subscribe_page_in_the_footer(site_pages, client):
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert f'href="{reverse("newsletters:subscribe")}"' in footer
    assert "Nieuwsflits ontvangen" in footer


@pytest.mark.parametrize("role", ["editor", "administrator"])
def test_editors_and_administrators_see_the_flash_panel(site_pages, client, roles, role):
    client.force_login(roles[role])
    html = client.get("/mijn/").content.decode()
    assert f'href="{reverse("newsletters:flashes")}"' in html
    assert f'href="{reverse("newsletters:flash_create")}"' in html


@pytest.mark.parametrize("role", ["member", "secretary", "liaison"])
def test_others_do_not_see_the_flash_panel(site_pages, client, roles, role):
    client.force_login(roles[role])
    html = client.get("/mijn/").content.decode()
    assert f'href="{reverse("newsletters:flashes")}"' not in html
