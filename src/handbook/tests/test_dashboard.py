"""The handbook panel on "Mijn overzicht"."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from handbook.tests.factories import edit_chapter, make_chapter, make_handbook, section

pytestmark = pytest.mark.django_db


def _panel(client) -> str:
    html = client.get("/mijn/").content.decode()
    start = html.index('<h3><a href="/handboek/">Handboek</a></h3>')
    return html[start : html.index("</li>", start)]


def test_a_new_reader_is_pointed_to_the_start_guide(site_pages, client, roles):
    index, _ = make_handbook(1)
    start = make_chapter(index, "Startgids voor nieuwe leden")
    client.force_login(roles["member"])
    panel = _panel(client)
    assert "U heeft het handboek nog niet gelezen." in panel
    assert f'href="{start.url}"' in panel


def test_chapters_changed_since_the_member_read_them_are_listed(site_pages, client, roles):
    _, (read, changed, unread) = make_handbook(titles=["Eén", "Twee", "Drie"])
    client.force_login(roles["member"])
    for chapter in (read, changed):
        client.get(chapter.url)
        client.post(f"/mijn/handboek/{chapter.slug}/gelezen/", {"versie": chapter.live_revision_id})
    assert "Geen veranderingen" in _panel(client)

    edit_chapter(changed, [section("Nieuw", "Anders.")])
    edit_chapter(unread, [section("Ook nieuw", "Anders.")])  # never read: not "changed"
    panel = _panel(client)
    assert f'href="{changed.url}"' in panel and escape(changed.title) in panel
    assert f'href="{read.url}"' not in panel and f'href="{unread.url}"' not in panel

    client.get(changed.url)  # opening it is not enough: it stays until marked read
    assert f'href="{changed.url}"' in _panel(client)
    changed.refresh_from_db()
    client.post(f"/mijn/handboek/{changed.slug}/gelezen/", {"versie": changed.live_revision_id})
    assert "Geen veranderingen" in _panel(client)


def test_no_panel_without_a_live_handbook(site_pages, client, roles):
    client.force_login(roles["member"])
    assert 'href="/handboek/"' not in client.get("/mijn/").content.decode()
