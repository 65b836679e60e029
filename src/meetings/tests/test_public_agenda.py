"""The public side of the agenda (issue 14): visitors see the public activities in the list, the
month and on an activity's page, with how to take part but never the sign-up form or who comes;
the public feed's help and its links; the next public activities on home and council pages."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from common.models import Visibility
from meetings.models import Activity, EventStatus
from meetings.selectors_activities import AMSTERDAM, upcoming_public_activities
from meetings.tests.factories import ActivityFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

SITE = "https://raadsplein.example"


def _at(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate(timezone=AMSTERDAM) + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=AMSTERDAM)


def _html(response) -> str:
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    return response.content.decode()


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", _html(response)))


def _activity(council=None, *, days: int = 5, **kwargs) -> Activity:
    kwargs.setdefault("visibility", Visibility.PUBLIC)
    if council is None:
        kwargs.setdefault("scope", Activity.Scope.NATIONAL)
    return ActivityFactory(council=council, starts_at=_at(days), ends_at=_at(days, 12), **kwargs)


@pytest.fixture
def agenda(roles):
    """A public, a cancelled public, a for-all-councils and a for-noord-only activity."""
    return {
        "public": _activity(roles.council, title="Open dag UWV Groningen", days=3),
        "cancelled": _activity(
            roles.council, title="Inloopavond afgelast", days=4, status=EventStatus.CANCELLED
        ),
        "councils": _activity(
            roles.council, title="Training voor leden", days=5, visibility=Visibility.COUNCILS
        ),
        "council": _activity(
            roles.council, title="Alleen voor Noord", days=6, visibility=Visibility.COUNCIL
        ),
    }


# --- the list and the month -------------------------------------------------------------------


def test_visitor_sees_public_activities_only_with_cancelled_ones_marked(client, agenda):
    text = _text(client.get("/agenda/"))
    assert "Open dag UWV Groningen" in text
    assert "Inloopavond afgelast" in text and "Gaat niet door" in text
    assert "Training voor leden" not in text and "Alleen voor Noord" not in text
    assert "2 activiteiten gevonden" in text
    # No member's things: places, sign-up status, posting.
    assert "Plaatsen" not in text and "Nieuwe activiteit" not in text
    assert "Bent u lid van een cliëntenraad?" in text


def test_member_still_sees_what_they_saw_before(client, roles, agenda):
    client.force_login(roles["member"])
    text = _text(client.get("/agenda/"))
    for title in ("Open dag UWV Groningen", "Training voor leden", "Alleen voor Noord"):
        assert title in text
    assert "Plaatsen" in text and "Bent u lid van een cliëntenraad?" not in text


def test_visitor_filters_by_region_kind_and_month(client, roles):
    _activity(roles.council, title="Panel Noord", kind="client_panel")
    _activity(roles.other_council, title="Bezoek Limburg", kind="visit")
    _activity(None, title="Landelijke webinar", kind="webinar")
    _activity(roles.council, title="Panel later", kind="client_panel", days=70)
    _activity(roles.council, title="Panel voor leden", visibility=Visibility.COUNCILS)

    def titles(query):
        text = _text(client.get(f"/agenda/?{query}"))
        names = ("Panel Noord", "Bezoek Limburg", "Landelijke webinar", "Panel later")
        return {t for t in (*names, "Panel voor leden") if t in text}

    assert titles("regio=noord") == {"Panel Noord", "Panel later"}
    assert titles("regio=landelijk") == {"Landelijke webinar"}
    assert titles("soort=visit") == {"Bezoek Limburg"}
    later = timezone.localtime(_at(70), AMSTERDAM)
    assert titles(f"maand={later:%Y-%m}") == {"Panel later"}


def test_visitor_month_shows_public_activities_and_filters_keep_across_months(client, roles):
    public = _activity(roles.council, title="Open dag", kind="meeting", days=2)
    _activity(roles.council, title="Panel", kind="client_panel", days=2)
    _activity(roles.council, title="Voor leden", days=2, visibility=Visibility.COUNCILS)
    local = timezone.localtime(public.starts_at, AMSTERDAM)
    url = f"/agenda/maand/{local:%Y}/{local:%m}/"
    text = _text(client.get(url))
    assert "Open dag" in text and "Panel" in text and "Voor leden" not in text
    filtered = client.get(f"{url}?soort=meeting&regio=noord")
    assert "Open dag" in _text(filtered) and "Panel" not in _text(filtered)
    html = _html(filtered)
    for label in ("regio", "soort"):
        assert f'<label for="id_{label}">' in html
    assert 'name="maand"' not in html  # the month is in the address
    following = local.date().replace(day=1) + datetime.timedelta(days=32)
    assert f'href="/agenda/maand/{following:%Y}/{following:%m}/?soort=meeting&amp;regio=noord"' in (
        html
    )


def test_list_links_its_month_with_the_same_region_and_kind(client, roles):
    html = _html(client.get("/agenda/?regio=noord&soort=visit"))
    today = timezone.localdate(timezone=AMSTERDAM)
    assert f'href="/agenda/maand/{today:%Y}/{today:%m}/?regio=noord&amp;soort=visit"' in html


def test_visitor_list_does_not_grow_in_queries_with_its_activities(client, roles):
    def count() -> int:
        client.get("/agenda/")
        with CaptureQueriesContext(connection) as captured:
            client.get("/agenda/")
        return len(captured)

    _activity(roles.council)
    small = count()
    for days in range(2, 12):
        _activity(roles.other_council if days % 2 else roles.council, days=days)
    assert count() == small


# --- an activity's page -------------------------------------------------------------------------


def test_visitor_reads_a_public_activity_with_access_facts_and_how_to_take_part(client, roles):
    roles.council.email = "noord@raadsplein.example"
    roles.council.save(update_fields=["email"])
    activity = _activity(
        roles.council,
        title="Open dag UWV Groningen",
        capacity=10,
        step_free=True,
        hearing_loop=True,
        accessibility_notes="De ingang is aan de achterkant.",
        online_url="https://video.voorbeeld.example/open-dag",
    )
    RegistrationFactory(activity=activity, access_note="Ik kom met mijn hond.")
    response = client.get(activity.get_absolute_url())
    text, html = _text(response), _html(response)
    assert "Open dag UWV Groningen" in text
    assert "Drempelvrij: ja." in text and "Ringleiding: ja." in text
    assert "Tolk gebarentaal: niet geregeld." in text and "De ingang is aan de achterkant." in text
    assert "Meedoen" in text and "noord@raadsplein.example" in text
    login = f'href="/account/login/?next=%2Fagenda%2Factiviteit%2F{activity.pk}%2F"'
    assert login in html and "Log in om u aan te melden" in text
    # Never the sign-up form, nor who or how many signed up, nor the link for those with a place.
    assert f"/agenda/activiteit/{activity.pk}/aanmelden/" not in html
    for private in ("Ik kom met mijn hond", "bezet", "Plaatsen", "video.voorbeeld.example"):
        assert private not in html, private


def test_a_national_activity_names_the_central_council_to_ask(client, roles):
    roles.central.email = "ccr@raadsplein.example"
    roles.central.save(update_fields=["email"])
    activity = _activity(None, title="Landelijke dag")
    assert "ccr@raadsplein.example" in _html(client.get(activity.get_absolute_url()))


def test_a_cancelled_public_activity_says_so_to_visitors(client, agenda):
    text = _text(client.get(agenda["cancelled"].get_absolute_url()))
    assert "Deze activiteit gaat niet door." in text
    assert "Log in om u aan te melden" not in text


def test_visitor_is_asked_to_log_in_for_an_activity_that_is_not_public(client, agenda):
    for name in ("councils", "council"):
        url = agenda[name].get_absolute_url()
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"] == f"/account/login/?next={url}"
    assert client.get("/agenda/activiteit/999999/").status_code == 404


def test_visitor_cannot_sign_up(client, agenda):
    url = agenda["public"].get_absolute_url() + "aanmelden/"
    response = client.post(url, {"access_note": ""})
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    assert not agenda["public"].registrations.exists()


def test_member_keeps_the_sign_up_form_on_a_public_activity(client, roles, agenda):
    client.force_login(roles["member"])
    html = _html(client.get(agenda["public"].get_absolute_url()))
    assert f'action="/agenda/activiteit/{agenda["public"].pk}/aanmelden/"' in html
    assert "Log in om u aan te melden" not in html


# --- the public feed ----------------------------------------------------------------------------


def test_list_offers_the_public_feed_on_site_url_with_steps(client, settings, roles):
    settings.SITE_URL = SITE
    html = _html(client.get("/agenda/"))
    assert f'value="{SITE}/agenda/openbaar.ics" readonly' in html
    assert 'href="webcal://raadsplein.example/agenda/openbaar.ics"' in html
    for app in ("Outlook", "Google Agenda", "Apple: iPhone of iPad", "Apple: Mac"):
        assert f"<h3>{app}</h3>" in html
    assert 'href="#in-uw-agenda"' in html and 'id="in-uw-agenda"' in html
    assert "/agenda/mijn-feed/" not in html  # a member's own feed, offered to members only
    client.force_login(roles["member"])
    assert 'href="/agenda/mijn-feed/"' in _html(client.get("/agenda/"))


def test_public_feed_links_each_event_to_its_page_on_site_url_open_to_visitors(
    client, settings, agenda
):
    settings.SITE_URL = SITE
    response = client.get("/agenda/openbaar.ics")
    assert response.status_code == 200
    urls = {
        str(event["uid"]): str(event["url"])
        for event in Calendar.from_ical(response.content).walk("VEVENT")
    }
    assert len(urls) == 2  # the public one and the cancelled public one
    for url in urls.values():
        assert url.startswith(f"{SITE}/agenda/activiteit/"), url
        assert client.get(url.removeprefix(SITE)).status_code == 200


# --- home and council pages ---------------------------------------------------------------------


def test_next_public_activities_are_three_that_go_ahead(roles):
    soonest = [_activity(roles.council, title=f"Open {i}", days=2 + i) for i in range(4)]
    _activity(roles.council, days=1, status=EventStatus.CANCELLED)
    _activity(roles.council, days=1, visibility=Visibility.COUNCILS)
    _activity(roles.council, days=-2)
    assert upcoming_public_activities() == soonest[:3]


def test_a_councils_next_activities_are_its_own_and_national_ones(roles):
    own = _activity(roles.council, days=2)
    _activity(roles.other_council, days=3)
    national = _activity(None, days=4)
    assert upcoming_public_activities(council=roles.council) == [own, national]


def test_next_public_activities_block_is_one_query(roles):
    for days in range(2, 6):
        _activity(roles.council, days=days)
    template = Template("{% load agenda_tags %}{% next_public_activities council %}")
    with CaptureQueriesContext(connection) as captured:
        html = template.render(Context({"council": roles.council}))
    assert len(captured) == 1
    assert html.count('<li class="card">') == 3 and 'href="/agenda/?regio=noord"' in html


def test_home_and_council_page_show_the_next_public_activities(client, roles, site_pages):
    _activity(roles.council, title="Open dag Noord", days=2)
    _activity(roles.other_council, title="Open dag Limburg", days=3)
    _activity(roles.council, title="Voor leden", days=2, visibility=Visibility.COUNCILS)
    home = _html(client.get("/"))
    assert "Binnenkort in de agenda" in home
    assert "Open dag Noord" in home and "Open dag Limburg" in home and "Voor leden" not in home
    assert 'href="/agenda/"' in home
    council = _html(client.get("/raden/noord/"))
    assert "Activiteiten in deze regio" in council
    assert "Open dag Noord" in council and "Open dag Limburg" not in council


def test_the_sitemap_lists_the_public_agenda_in_both_languages(client, settings):
    settings.SITE_URL = SITE
    body = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{SITE}/agenda/</loc>" in body
    assert f'hreflang="en" href="{SITE}/en/agenda/"' in body


def test_the_public_feed_leaves_out_the_link_to_join_online(client, roles):
    """As on the visitor's page: only those with a place get the online link. A member's own
    feed keeps it."""
    activity = _activity(
        roles.council, title="Webinar brieven", online_url="https://video.voorbeeld.example/w"
    )
    public = client.get("/agenda/openbaar.ics").content.decode()
    assert "Webinar brieven" in public and "video.voorbeeld.example" not in public
    client.force_login(roles["member"])
    own = client.get(f"/agenda/activiteit/{activity.pk}.ics").content.decode()
    assert "video.voorbeeld.example" in own


def test_a_visitor_puts_one_public_activity_in_their_calendar(client, roles):
    activity = _activity(
        roles.council, title="Spreekuur", online_url="https://video.voorbeeld.example/s"
    )
    html = _html(client.get(activity.get_absolute_url()))
    ics_url = f"/agenda/activiteit/{activity.pk}.ics"
    assert f'href="{ics_url}"' in html and "calendar.google.com" in html
    assert "video.voorbeeld.example" not in html  # also not inside the Google/Outlook links
    response = client.get(ics_url)
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    calendar = response.content.decode()
    assert "Spreekuur" in calendar and "video.voorbeeld.example" not in calendar


def test_a_visitor_gets_no_calendar_file_of_an_activity_for_members(client, agenda):
    url = f"/agenda/activiteit/{agenda['councils'].pk}.ics"
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
