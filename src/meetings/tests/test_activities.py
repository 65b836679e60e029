"""The activity calendar: list, month, an activity's page, signing up and off, the waiting list,
the organiser's screens and the dashboard panel."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.roles import ROLE_NAMES

from common.models import AuditEntry
from councils.models import Membership
from councils.tests.factories import MembershipFactory
from meetings.models import Activity, EventStatus, Registration
from meetings.permissions import can_view_activity
from meetings.selectors_activities import AMSTERDAM, activities_visible_to
from meetings.services import activity_sign_up
from meetings.tests.factories import ActivityFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _at(days: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A moment ``days`` from today, at a wall-clock time in the Netherlands."""
    day = timezone.localdate(timezone=AMSTERDAM) + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=AMSTERDAM)


def _member(council, role=Membership.Role.MEMBER):
    return MembershipFactory(council=council, role=role).user


def _html(response) -> str:
    return response.content.decode()


def _text(response) -> str:
    """The page's text with tags and runs of white space removed, for sentences split by tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", _html(response)))


# --- signing up -----------------------------------------------------------------------------


def test_member_signs_up_with_access_needs_and_sees_it(client, roles):
    activity = ActivityFactory(council=roles.council, capacity=10)
    client.force_login(roles["member"])
    response = client.post(
        f"/agenda/activiteit/{activity.pk}/aanmelden/",
        {"access_needs": ["sign_language", "step_free"], "access_note": "Ik kom met mijn zoon."},
    )
    assert response.status_code == 302 and response["Location"] == activity.get_absolute_url()
    registration = Registration.objects.get(activity=activity, user=roles["member"])
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.access_needs == ["sign_language", "step_free"]
    assert registration.access_note == "Ik kom met mijn zoon."

    page = client.get(activity.get_absolute_url())
    text = _text(page)
    assert "U bent aangemeld." in text and "Tolk gebarentaal" in text
    assert "Ik kom met mijn zoon." in text
    assert f"/agenda/activiteit/{activity.pk}.ics" in _html(page)  # add to one's calendar
    assert "Ik kom toch niet: afmelden" in text


def test_a_full_activity_puts_people_on_the_waiting_list_in_order(client, roles):
    activity = ActivityFactory(council=roles.council, capacity=1)
    first, second, third = (_member(roles.council) for _ in range(3))
    for user in (first, second, third):
        client.force_login(user)
        client.post(f"/agenda/activiteit/{activity.pk}/aanmelden/", {"access_note": ""})
    statuses = dict(Registration.objects.filter(activity=activity).values_list("user_id", "status"))
    assert statuses == {
        first.pk: Registration.Status.CONFIRMED,
        second.pk: Registration.Status.WAITLISTED,
        third.pk: Registration.Status.WAITLISTED,
    }
    client.force_login(third)
    text = _text(client.get(activity.get_absolute_url()))
    assert "U staat op de wachtlijst. U bent nummer 2." in text
    listing = _text(client.get("/agenda/"))
    assert "Vol — wachtlijst" in listing and "U staat op de wachtlijst" in listing


def test_full_activity_says_so_before_signing_up(client, roles):
    activity = ActivityFactory(council=roles.council, capacity=1)
    RegistrationFactory(activity=activity)
    client.force_login(roles["member"])
    response = client.post(f"/agenda/activiteit/{activity.pk}/aanmelden/", {}, follow=True)
    assert "U staat op de wachtlijst" in _text(response)
    assert "Deze activiteit is vol" in _text(response)


def test_signing_off_moves_the_first_waiting_person_up_and_mails_them(
    client, roles, smtp_server, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(council=roles.council, capacity=1, title="Klantpanel brieven")
    first, waiting, later = (_member(roles.council) for _ in range(3))
    for user in (first, waiting, later):
        activity_sign_up(user=user, activity=activity)
    smtp_server.clear()

    client.force_login(first)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/agenda/activiteit/{activity.pk}/afmelden/")
    assert response.status_code == 302
    statuses = dict(Registration.objects.filter(activity=activity).values_list("user_id", "status"))
    assert statuses[first.pk] == Registration.Status.CANCELLED
    assert statuses[waiting.pk] == Registration.Status.CONFIRMED
    assert statuses[later.pk] == Registration.Status.WAITLISTED
    mails = smtp_server.to(waiting.email)
    assert len(mails) == 1 and "Klantpanel brieven" in mails[0]["subject"]
    assert "Er is nu een plaats voor u vrij" in mails[0]["text"]
    assert not smtp_server.to(later.email)

    client.force_login(later)
    assert "U bent nummer 1." in _text(client.get(activity.get_absolute_url()))


def test_signing_off_first_asks_and_says_what_happens(client, roles, smtp_server):
    activity = ActivityFactory(council=roles.council, capacity=1, title="Klantpanel brieven")
    first, waiting = _member(roles.council), _member(roles.council)
    activity_sign_up(user=first, activity=activity, access_needs=["hearing_loop"])
    activity_sign_up(user=waiting, activity=activity)
    url = f"/agenda/activiteit/{activity.pk}/afmelden/"

    client.force_login(first)
    # The activity's page links to the question; it has no button that signs off at once.
    html = _html(client.get(activity.get_absolute_url()))
    assert f'href="{url}"' in html and f'action="{url}"' not in html
    response = client.get(url)
    assert response.status_code == 200
    text = _text(response)
    assert "Weet u het zeker?" in text and "U geeft uw plaats op." in text
    assert "De eerste op de wachtlijst krijgt uw plaats en een e-mail." in text
    assert "Wat u heeft gevraagd, vervalt ook: Ringleiding" in text
    assert f'action="{url}"' in _html(response)
    assert Registration.objects.get(user=first).status == Registration.Status.CONFIRMED

    client.force_login(waiting)
    text = _text(client.get(url))
    assert "U gaat van de wachtlijst af. U bent nu nummer 1." in text
    assert "Ja, haal mij van de wachtlijst" in text


def test_the_sign_off_question_is_only_for_who_can_sign_off(client, roles):
    activity = ActivityFactory(council=roles.council)
    client.force_login(roles["member"])
    response = client.get(f"/agenda/activiteit/{activity.pk}/afmelden/")
    assert response.status_code == 400 and "U was niet aangemeld." in _html(response)
    started = ActivityFactory(council=roles.council, starts_at=_at(-1))
    RegistrationFactory(activity=started, user=roles["member"])
    response = client.get(f"/agenda/activiteit/{started.pk}/afmelden/")
    assert response.status_code == 400 and "Afmelden kan niet meer." in _html(response)


def test_signing_off_when_not_signed_up_says_so(client, roles):
    activity = ActivityFactory(council=roles.council)
    client.force_login(roles["member"])
    response = client.post(f"/agenda/activiteit/{activity.pk}/afmelden/")
    assert response.status_code == 400 and "U was niet aangemeld." in _html(response)


def test_sign_up_after_the_deadline_is_refused_and_keeps_what_was_typed(client, roles):
    activity = ActivityFactory(
        council=roles.council, starts_at=_at(3), signup_deadline=_at(-1, hour=17)
    )
    client.force_login(roles["member"])
    page = _text(client.get(activity.get_absolute_url()))
    assert "De datum om u aan te melden is voorbij" in page

    response = client.post(
        f"/agenda/activiteit/{activity.pk}/aanmelden/",
        {"access_needs": ["hearing_loop"], "access_note": "Ik hoor slecht."},
    )
    assert response.status_code == 400
    html = _html(response)
    deadline = timezone.localtime(activity.signup_deadline, AMSTERDAM)
    assert f"Aanmelden kon tot {deadline:%d-%m-%Y %H:%M}. Dat is voorbij." in html
    assert "Ik hoor slecht." in html
    assert re.search(r'value="hearing_loop"[^>]*checked', html)
    assert not Registration.objects.exists()


def test_sign_up_for_a_cancelled_activity_is_refused(client, roles):
    activity = ActivityFactory(council=roles.council, status=EventStatus.CANCELLED)
    client.force_login(roles["member"])
    assert "gaat niet door" in _text(client.get(activity.get_absolute_url()))
    response = client.post(f"/agenda/activiteit/{activity.pk}/aanmelden/", {})
    assert response.status_code == 400
    assert "Deze activiteit gaat niet door." in _html(response)
    assert not Registration.objects.exists()


def test_a_wrong_form_is_shown_again_with_the_error(client, roles):
    activity = ActivityFactory(council=roles.council)
    client.force_login(roles["member"])
    response = client.post(
        f"/agenda/activiteit/{activity.pk}/aanmelden/",
        {"access_needs": ["teleport"], "access_note": "x" * 501},
    )
    assert response.status_code == 400
    html = _html(response)
    assert "Kies alleen uit de lijst." in html and "Uw tekst is te lang" in html
    assert 'role="alert"' in html and "x" * 501 in html
    assert not Registration.objects.exists()


def test_people_who_are_not_on_a_council_cannot_sign_up(client, roles):
    activity = ActivityFactory(council=roles.council)
    client.force_login(roles["liaison"])
    page = client.get(activity.get_absolute_url())
    assert "Alleen leden van een cliëntenraad kunnen zich aanmelden." in _html(page)
    assert client.post(f"/agenda/activiteit/{activity.pk}/aanmelden/").status_code == 403


# --- posting, changing, cancelling ----------------------------------------------------------


def _form(roles, **overrides):
    start = _at(30)
    return {
        "title": "Klantpanel over brieven",
        "kind": "client_panel",
        "scope": "regional",
        "council": roles.council.pk,
        "description": "Wij lezen samen brieven van UWV.",
        "starts_at": f"{start:%Y-%m-%dT%H:%M}",
        "ends_at": f"{start + datetime.timedelta(hours=2):%Y-%m-%dT%H:%M}",
        "location": "Groningen",
        "capacity": "12",
        "step_free": "on",
        "visibility": "councils",
        **overrides,
    }


def test_secretary_posts_an_activity_with_dutch_times(client, roles):
    client.force_login(roles["secretary"])
    year = timezone.localdate().year + 1
    response = client.post(
        "/agenda/nieuw/",
        _form(roles, starts_at=f"{year}-07-01T10:00", ends_at=f"{year}-07-01T12:30"),
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    # Summer time: 10:00 in the Netherlands is 08:00 UTC.
    assert activity.starts_at == datetime.datetime(year, 7, 1, 8, 0, tzinfo=datetime.UTC)
    assert activity.ends_at == datetime.datetime(year, 7, 1, 10, 30, tzinfo=datetime.UTC)
    assert activity.created_by == roles["secretary"] and activity.capacity == 12
    assert activity.step_free and not activity.hearing_loop
    assert AuditEntry.objects.filter(action="activity.create").exists()

    # Winter time: 10:00 is 09:00 UTC; the form shows the Dutch time again.
    response = client.post(
        f"/agenda/activiteit/{activity.pk}/wijzigen/",
        _form(roles, starts_at=f"{year}-01-15T10:00", ends_at=f"{year}-01-15T12:00"),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.starts_at == datetime.datetime(year, 1, 15, 9, 0, tzinfo=datetime.UTC)
    edit = _html(client.get(f"/agenda/activiteit/{activity.pk}/wijzigen/"))
    assert f'value="{year}-01-15T10:00"' in edit and 'type="datetime-local"' in edit


def test_an_end_before_the_start_is_refused_clearly(client, roles):
    client.force_login(roles["secretary"])
    start = _at(30)
    response = client.post(
        "/agenda/nieuw/",
        _form(
            roles,
            starts_at=f"{start:%Y-%m-%dT%H:%M}",
            ends_at=f"{start - datetime.timedelta(hours=1):%Y-%m-%dT%H:%M}",
        ),
    )
    assert response.status_code == 400
    html = _html(response)
    assert "Het einde ligt vóór het begin" in html
    assert 'value="Klantpanel over brieven"' in html  # what was typed stays
    assert not Activity.objects.exists()


def test_a_regional_activity_needs_a_region(client, roles):
    client.force_login(roles["liaison"])
    response = client.post("/agenda/nieuw/", _form(roles, council=""))
    assert response.status_code == 400
    assert "Kies bij een regionale activiteit de regio." in _html(response)
    response = client.post("/agenda/nieuw/", _form(roles, council="", scope="national"))
    assert response.status_code == 302
    assert Activity.objects.get().council is None


def test_a_secretary_can_only_choose_their_own_region(client, roles):
    client.force_login(roles["secretary"])
    html = _html(client.get("/agenda/nieuw/"))
    assert roles.council.name in html and roles.other_council.name not in html
    response = client.post("/agenda/nieuw/", _form(roles, council=roles.other_council.pk))
    assert response.status_code == 400 and not Activity.objects.exists()


def test_moving_an_activity_mails_who_signed_up(
    client, roles, smtp_server, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(council=roles.council, created_by=roles["secretary"])
    RegistrationFactory(activity=activity, user=roles["member"])
    client.force_login(roles["secretary"])
    start = _at(40)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/agenda/activiteit/{activity.pk}/wijzigen/",
            _form(
                roles,
                title=activity.title,
                starts_at=f"{start:%Y-%m-%dT%H:%M}",
                ends_at=f"{start + datetime.timedelta(hours=2):%Y-%m-%dT%H:%M}",
            ),
        )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.starts_at == start and activity.sequence == 1
    assert len(smtp_server.to(roles["member"].email)) == 1


def test_cancelling_tells_who_signed_up_with_the_reason(
    client, roles, smtp_server, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(council=roles.council)
    RegistrationFactory(activity=activity, user=roles["member"])
    client.force_login(roles["secretary"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/agenda/activiteit/{activity.pk}/afgelasten/", {"reason": "De spreker is ziek."}
        )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.is_cancelled
    mails = smtp_server.to(roles["member"].email)
    assert len(mails) == 1 and "De spreker is ziek." in mails[0]["text"]
    again = client.post(f"/agenda/activiteit/{activity.pk}/afgelasten/", follow=True)
    assert "Deze activiteit was al afgelast." in _html(again)


# --- the organiser's list -------------------------------------------------------------------


def test_organiser_sees_one_list_of_access_requests_and_the_look_is_audited(client, roles):
    activity = ActivityFactory(council=roles.council, capacity=1)
    activity_sign_up(
        user=roles["member"],
        activity=activity,
        access_needs=["sign_language"],
        access_note="Graag een tolk vooraan.",
    )
    activity_sign_up(user=roles["member_other"], activity=activity, access_needs=["travel"])
    activity_sign_up(user=roles["central_member"], activity=activity)  # asks for nothing

    client.force_login(roles["secretary"])
    response = client.get(f"/agenda/activiteit/{activity.pk}/deelnemers/")
    assert response.status_code == 200
    text = _text(response)
    assert "Aangemeld: 1 van de 1 plaatsen" in text and "Wachtlijst: 2" in text
    section = text.split("Wat mensen nodig hebben", 1)[1]
    assert "Tolk gebarentaal" in section and "Graag een tolk vooraan." in section
    assert "Hulp bij reizen" in section
    assert roles["central_member"].email not in section
    entry = AuditEntry.objects.get(action="activity.participants.view")
    assert entry.personal_data and entry.actor == roles["secretary"]
    assert entry.object_id == str(activity.pk)


def test_others_cannot_see_who_comes_and_nothing_is_logged(client, roles):
    activity = ActivityFactory(council=roles.council)
    client.force_login(roles["member"])
    assert client.get(f"/agenda/activiteit/{activity.pk}/deelnemers/").status_code == 403
    assert not AuditEntry.objects.filter(action="activity.participants.view").exists()


# --- who sees what --------------------------------------------------------------------------


def test_the_list_and_the_activity_page_agree_on_who_sees_what(roles):
    """For every role, the list's query filter gives exactly the activities can_view_activity
    allows."""
    from councils.selectors import viewer_for

    activities = [
        ActivityFactory(council=council, visibility=visibility, scope=scope)
        for visibility in ("public", "councils", "council")
        for council, scope in (
            (roles.council, "regional"),
            (roles.other_council, "regional"),
            (roles.central, "regional"),
            (None, "national"),
        )
        if council is not None or visibility != "council"
    ]
    for role in ROLE_NAMES:
        user = roles[role]
        viewer = viewer_for(user) if user else viewer_for(None)
        expected = {a.pk for a in activities if can_view_activity(viewer, a)}
        assert set(activities_visible_to(viewer).values_list("pk", flat=True)) == expected, role


def test_an_activity_for_one_council_is_hidden_from_others(client, roles):
    own = ActivityFactory(council=roles.council, visibility="council", title="Alleen voor Noord")
    client.force_login(roles["member_other"])
    assert "Alleen voor Noord" not in _html(client.get("/agenda/"))
    assert client.get(own.get_absolute_url()).status_code == 403
    client.force_login(roles["member"])
    assert "Alleen voor Noord" in _html(client.get("/agenda/"))


# --- the list -------------------------------------------------------------------------------


def test_list_shows_upcoming_activities_with_dutch_times_places_and_access(client, roles):
    ActivityFactory(
        council=roles.council, title="Al geweest", starts_at=_at(-3), ends_at=_at(-3, 12)
    )
    activity = ActivityFactory(
        council=roles.council,
        title="Werkbezoek Groningen",
        starts_at=_at(5, hour=9, minute=30),
        ends_at=_at(5, hour=12),
        capacity=8,
        hearing_loop=True,
        sign_language=True,
    )
    RegistrationFactory(activity=activity, user=roles["member"])
    RegistrationFactory(activity=activity)
    ActivityFactory(
        council=None,
        scope="national",
        title="Webinar Ziektewet",
        location="",
        online_url="https://video.voorbeeld.example/",
        starts_at=_at(6),
    )
    client.force_login(roles["member"])
    response = client.get("/agenda/")
    text = _text(response)
    assert "Al geweest" not in text
    assert "Werkbezoek Groningen" in text
    local = timezone.localtime(activity.starts_at, AMSTERDAM)
    assert f"{local.day} " in text and "van 09:30 tot 12:00 uur" in text
    assert "Nog 6 plaatsen vrij" in text
    assert "Ringleiding" in text and "Tolk gebarentaal" in text
    assert "U bent aangemeld" in text
    assert "Webinar Ziektewet" in text and "Online" in text
    assert '<p role="status">2 activiteiten gevonden</p>' in _html(response)


def test_filters_by_region_kind_and_month(client, roles):
    ActivityFactory(council=roles.council, title="Panel Noord", kind="client_panel")
    ActivityFactory(council=roles.other_council, title="Bezoek Limburg", kind="visit")
    ActivityFactory(council=None, scope="national", title="Landelijke dag", kind="meeting")
    later = ActivityFactory(
        council=roles.council, title="Panel later", kind="client_panel", starts_at=_at(70)
    )
    client.force_login(roles["member"])

    def titles(query):
        text = _text(client.get(f"/agenda/?{query}"))
        return {
            t
            for t in ("Panel Noord", "Bezoek Limburg", "Landelijke dag", "Panel later")
            if t in text
        }

    assert titles("regio=noord") == {"Panel Noord", "Panel later"}
    assert titles("regio=landelijk") == {"Landelijke dag"}
    assert titles("soort=visit") == {"Bezoek Limburg"}
    month = timezone.localtime(later.starts_at, AMSTERDAM)
    assert titles(f"maand={month:%Y-%m}") == {"Panel later"}
    assert titles("regio=noord&soort=visit") == set()
    assert "2 activiteiten gevonden" in _text(client.get("/agenda/?regio=noord"))
    # A value that does not exist is left out, not an error page.
    assert client.get("/agenda/?regio=mars&maand=1999-01").status_code == 200


def test_filter_form_has_labels_and_keeps_the_choice(client, roles):
    client.force_login(roles["member"])
    html = _html(client.get("/agenda/?soort=webinar"))
    for name in ("regio", "soort", "maand"):
        assert f'<label for="id_{name}">' in html
    assert '<option value="webinar" selected>' in html


def test_list_is_paged(client, roles):
    for i in range(25):
        ActivityFactory(
            council=roles.council, title=f"Activiteit nummer {i:02d}", starts_at=_at(3 + i)
        )
    client.force_login(roles["member"])
    first = _text(client.get("/agenda/"))
    assert "Activiteit nummer 19" in first and "Activiteit nummer 20" not in first
    assert "Pagina 1 van 2" in first
    second = _text(client.get("/agenda/?pagina=2"))
    assert "Activiteit nummer 24" in second


# --- the month ------------------------------------------------------------------------------


def test_month_table_lists_activities_on_their_dutch_day(client, roles):
    year = timezone.localdate().year + 1
    # 00:30 on 3 March in the Netherlands is still 2 March in UTC.
    early = datetime.datetime(year, 3, 3, 0, 30, tzinfo=AMSTERDAM)
    activity = ActivityFactory(
        council=roles.council,
        title="Nachtelijke test",
        starts_at=early,
        ends_at=early + datetime.timedelta(hours=1),
    )
    ActivityFactory(
        council=roles.council,
        title="Aprilactiviteit",
        starts_at=datetime.datetime(year, 4, 1, 10, tzinfo=AMSTERDAM),
        ends_at=datetime.datetime(year, 4, 1, 11, tzinfo=AMSTERDAM),
    )
    client.force_login(roles["member"])
    response = client.get(f"/agenda/maand/{year}/03/")
    assert response.status_code == 200
    html = _html(response)
    assert '<caption id="maand-tabel">' in html and 'scope="col"' in html and 'scope="row"' in html
    # The table scrolls sideways inside a region the keyboard can reach, named by the caption.
    assert 'role="region" aria-labelledby="maand-tabel" tabindex="0"' in html
    cell = html.split(f'<time datetime="{year}-03-03">', 1)[1].split("</td>", 1)[0]
    assert f'href="{activity.get_absolute_url()}"' in cell and "00:30 Nachtelijke test" in cell
    assert "Aprilactiviteit" not in html
    assert f'href="/agenda/maand/{year}/02/"' in html and f'href="/agenda/maand/{year}/04/"' in html
    assert 'aria-current="date"' not in html  # today is not in that month
    assert f"/agenda/?maand={year}-03" in html


def test_month_marks_today_and_is_reachable_from_the_list(client, roles):
    today = timezone.localdate(timezone=AMSTERDAM)
    client.force_login(roles["member"])
    listing = _html(client.get("/agenda/"))
    url = f"/agenda/maand/{today:%Y}/{today:%m}/"
    assert f'href="{url}"' in listing
    html = _html(client.get(url))
    today_cell = html.split('aria-current="date"', 1)[1].split("</td>", 1)[0]
    assert f'<time datetime="{today:%Y-%m-%d}">' in today_cell and "vandaag" in today_cell


def test_month_out_of_range_is_not_found(client, roles):
    client.force_login(roles["member"])
    assert client.get("/agenda/maand/2026/00/").status_code == 404
    assert client.get("/agenda/maand/1999/05/").status_code == 404


# --- dashboard and navigation ---------------------------------------------------------------


def test_dashboard_shows_the_next_five_signed_up_activities(client, roles):
    member = roles["member"]
    for i in range(7):
        RegistrationFactory(
            user=member,
            activity=ActivityFactory(
                council=roles.council, title=f"Mijn activiteit {i}", starts_at=_at(2 + i)
            ),
        )
    RegistrationFactory(
        user=member,
        status=Registration.Status.CANCELLED,
        activity=ActivityFactory(council=roles.council, title="Afgemeld", starts_at=_at(1)),
    )
    client.force_login(member)
    html = _html(client.get("/mijn/"))
    assert "Mijn activiteiten" in html and 'href="/agenda/"' in html
    assert all(f"Mijn activiteit {i}" in html for i in range(5))
    assert "Mijn activiteit 5" not in html and "Afgemeld" not in html


def test_dashboard_panel_without_sign_ups_points_to_the_agenda(client, roles):
    client.force_login(roles["member"])
    html = _html(client.get("/mijn/"))
    assert "U heeft zich nog niet aangemeld voor een activiteit." in html


def test_who_cannot_sign_up_gets_no_sign_up_card(client, roles):
    """Issue 15: the liaison and the administrator sit on no council and cannot sign up; a card
    telling them they have not signed up is noise."""
    for role in ("liaison", "administrator"):
        client.force_login(roles[role])
        html = _html(client.get("/mijn/"))
        assert "U heeft zich nog niet aangemeld voor een activiteit." not in html, role


def _main_navigation(response) -> str:
    # The home page itself links to the agenda too (the next public activities).
    return _html(response).split('class="site-nav"', 1)[1].split("</nav>", 1)[0]


def test_main_navigation_has_the_agenda_for_everyone(client, roles, site_pages):
    """Issue 14: the agenda shows visitors the public activities, so the menu links it."""
    assert 'href="/agenda/"' in _main_navigation(client.get("/"))
    client.force_login(roles["member"])
    assert _main_navigation(client.get("/")).count('href="/agenda/"') == 1


# --- query counts ---------------------------------------------------------------------------


def _count(client, url: str, expect: str) -> CaptureQueriesContext:
    client.get(url)  # warm-up: one-off caches do not count
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200 and expect in _html(response)
    return captured


def _assert_flat(url, small, large):
    report = "\n".join(
        f"--- {label}: {len(run)}\n" + "\n".join(q["sql"] for q in run.captured_queries)
        for label, run in (("3", small), ("30", large))
    )
    assert len(small) == len(large), f"{url}: {len(small)} vs {len(large)} queries\n{report}"
    # 22: the recruitment panel's checklist query and the panel of mails that could not be sent;
    # 24: the questionnaires' and the date polls' cards (issue 16), one query each
    assert len(large) <= 24, report


def _add(roles, start: int, count: int, *, month: datetime.date | None = None):
    for i in range(start, start + count):
        when = (
            datetime.datetime.combine(month, datetime.time(10), tzinfo=AMSTERDAM)
            + datetime.timedelta(days=i % 28)
            if month
            else _at(2 + i)
        )
        activity = ActivityFactory(
            council=(roles.council, roles.other_council, None)[i % 3],
            scope="national" if i % 3 == 2 else "regional",
            title=f"Activiteit {i}",
            starts_at=when,
            ends_at=when + datetime.timedelta(hours=2),
            capacity=5 if i % 2 else None,
            hearing_loop=bool(i % 2),
        )
        RegistrationFactory(activity=activity)
        if i % 2:
            RegistrationFactory(activity=activity, user=roles["member"])


def test_list_query_count_does_not_grow_with_activities(client, roles):
    client.force_login(roles["member"])
    _add(roles, 0, 3)
    small = _count(client, "/agenda/", "Activiteit 2")
    _add(roles, 3, 27)
    large = _count(client, "/agenda/", "Activiteit 19")
    _assert_flat("/agenda/", small, large)


def test_month_query_count_does_not_grow_with_activities(client, roles):
    month = timezone.localdate(timezone=AMSTERDAM).replace(day=1) + datetime.timedelta(days=62)
    month = month.replace(day=1)
    url = f"/agenda/maand/{month:%Y}/{month:%m}/"
    client.force_login(roles["member"])
    _add(roles, 0, 3, month=month)
    small = _count(client, url, "Activiteit 2")
    _add(roles, 3, 27, month=month)
    large = _count(client, url, "Activiteit 29")
    _assert_flat(url, small, large)


def test_dashboard_query_count_does_not_grow_with_sign_ups(client, roles):
    client.force_login(roles["member"])
    for _ in range(3):
        RegistrationFactory(user=roles["member"], activity=ActivityFactory(council=roles.council))
    small = _count(client, "/mijn/", "Mijn activiteiten")
    for _ in range(27):
        RegistrationFactory(user=roles["member"], activity=ActivityFactory(council=roles.council))
    large = _count(client, "/mijn/", "Mijn activiteiten")
    _assert_flat("/mijn/", small, large)


def test_online_link_is_for_people_with_a_place(client, roles):
    activity = ActivityFactory(
        council=roles.council, capacity=1, online_url="https://video.voorbeeld.example/abc"
    )
    RegistrationFactory(activity=activity, user=roles["member"])
    RegistrationFactory(
        activity=activity, user=roles["member_other"], status=Registration.Status.WAITLISTED
    )
    client.force_login(roles["member"])
    assert "https://video.voorbeeld.example/abc" in _html(client.get(activity.get_absolute_url()))
    for role in ("member_other", "central_member"):
        client.force_login(roles[role])
        html = _html(client.get(activity.get_absolute_url()))
        assert "https://video.voorbeeld.example/abc" not in html
        assert "U ziet de link hier als u bent aangemeld." in html


def test_a_cancelled_activity_cannot_be_changed(client, roles):
    activity = ActivityFactory(council=roles.council, status=EventStatus.CANCELLED)
    client.force_login(roles["secretary"])
    response = client.post(f"/agenda/activiteit/{activity.pk}/wijzigen/", _form(roles))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title != "Klantpanel over brieven" and activity.sequence == 0


def test_the_scope_has_only_real_choices(client, roles):
    client.force_login(roles["secretary"])
    html = _html(client.get("/agenda/nieuw/"))
    assert 'name="scope" value=""' not in html


def test_signing_off_a_cancelled_activity_gives_no_one_a_place(
    client, roles, smtp_server, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(council=roles.council, capacity=1)
    RegistrationFactory(activity=activity, user=roles["member"])
    waiting = RegistrationFactory(
        activity=activity, user=roles["member_other"], status=Registration.Status.WAITLISTED
    )
    Activity.objects.filter(pk=activity.pk).update(status=EventStatus.CANCELLED)
    client.force_login(roles["member"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/agenda/activiteit/{activity.pk}/afmelden/")
    assert response.status_code == 400
    assert "U hoeft zich niet af te melden." in _html(response)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED
    assert not smtp_server.to(roles["member_other"].email)


def test_sign_off_page_query_count_does_not_grow_with_the_sign_ups(client, roles):
    activity = ActivityFactory(council=roles.council, capacity=2)
    client.force_login(roles["member"])
    activity_sign_up(user=roles["member"], activity=activity)
    url = f"/agenda/activiteit/{activity.pk}/afmelden/"
    small = _count(client, url, "Weet u het zeker?")
    for _i in range(27):
        activity_sign_up(user=_member(roles.council), activity=activity)
    large = _count(client, url, "De eerste op de wachtlijst")
    _assert_flat(url, small, large)
