"""Issue 15, calendar: the month shows the member's own meetings beside the activities (never a
meeting they may not open); a member changes what they need after signing up and the organiser
sees it; every activity has someone who reads its needs list (the organiser, or for a national
activity without one the central council's secretary and chair)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.models import AuditEntry
from councils.models import Council, Membership
from councils.tests.factories import MembershipFactory
from meetings.models import Activity, EventStatus, Meeting, Registration
from meetings.selectors_activities import AMSTERDAM
from meetings.services import activity_create
from meetings.tests.factories import (
    ActivityFactory,
    MeetingFactory,
    MeetingInvitationFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def _month_start(months_ahead: int = 2) -> datetime.date:
    first = timezone.localdate(timezone=AMSTERDAM).replace(day=1)
    return (first + datetime.timedelta(days=31 * months_ahead)).replace(day=1)


def _on(month: datetime.date, day: int, hour: int = 14) -> datetime.datetime:
    return datetime.datetime.combine(month.replace(day=day), datetime.time(hour), tzinfo=AMSTERDAM)


def _url(month: datetime.date, query: str = "") -> str:
    return f"/agenda/maand/{month:%Y}/{month:%m}/" + (f"?{query}" if query else "")


def _meeting(month, day, **kwargs):
    start = _on(month, day)
    return MeetingFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2), **kwargs)


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# --- the month with one's own meetings ------------------------------------------------------


@pytest.fixture
def month_meetings(roles):
    month = _month_start()
    own = _meeting(month, 3, council=roles.council, title="Vergadering Noord")
    other = _meeting(month, 4, council=roles.other_council, title="Vergadering Limburg")
    guest = _meeting(month, 5, council=roles.other_council, title="Kennismaking Limburg en Noord")
    guest.guest_councils.set([roles.council])
    national_invited = _meeting(
        month, 6, council=roles.central, kind=Meeting.Kind.NATIONAL, title="Landelijk overleg mei"
    )
    MeetingInvitationFactory(
        meeting=national_invited, user=roles["member"], on_behalf_of=roles.council
    )
    # A member may open every national meeting, but this one is not theirs.
    national_other = _meeting(
        month, 7, council=roles.central, kind=Meeting.Kind.NATIONAL, title="Landelijk overleg juni"
    )
    cancelled = _meeting(
        month,
        8,
        council=roles.council,
        title="Extra vergadering Noord",
        status=EventStatus.CANCELLED,
    )
    ActivityFactory(
        council=roles.council,
        title="Klantpanel WW",
        starts_at=_on(month, 3, 10),
        ends_at=_on(month, 3, 12),
    )
    return {
        "month": month,
        "own": own,
        "other": other,
        "guest": guest,
        "national_invited": national_invited,
        "national_other": national_other,
        "cancelled": cancelled,
    }


def test_month_shows_the_members_own_meetings_beside_the_activities(client, roles, month_meetings):
    client.force_login(roles["member"])
    response = client.get(_url(month_meetings["month"]))

    assert response.status_code == 200
    html = response.content.decode()
    for key in ("own", "guest", "national_invited", "cancelled"):
        assert f'href="{month_meetings[key].get_absolute_url()}"' in html, key
    # Not another council's meeting, nor a national meeting the member is not invited to.
    for key in ("other", "national_other"):
        assert month_meetings[key].title not in html, key
    text = _text(response)
    assert "1 activiteit in deze maand, 4 overleggen van u" in text
    # Each day in time order: the activity at 10:00 before the meeting at 14:00.
    assert text.index("10:00 Klantpanel WW") < text.index("14:00 Vergadering Noord overleg")
    assert "Extra vergadering Noord overleg (gaat niet door)" in text


def test_month_never_shows_a_meeting_to_someone_who_may_not_open_it(client, roles, month_meetings):
    month = month_meetings["month"]
    for role in ("ex_member", "editor", "liaison"):
        client.force_login(roles[role])
        html = client.get(_url(month)).content.decode()
        for key in ("own", "other", "guest", "national_invited", "national_other", "cancelled"):
            assert month_meetings[key].title not in html, (role, key)
    client.logout()
    html = client.get(_url(month)).content.decode()
    assert "Vergadering" not in html and "overleg van u" not in html


def test_month_filters_apply_to_meetings_too(client, roles, month_meetings):
    month = month_meetings["month"]
    client.force_login(roles["member"])

    # A kind of activity: no meetings.
    html = client.get(_url(month, "soort=client_panel")).content.decode()
    assert "Vergadering Noord" not in html and "Klantpanel WW" in html
    # National: the national meeting the member is invited to.
    html = client.get(_url(month, "regio=landelijk")).content.decode()
    assert "Landelijk overleg mei" in html and "Vergadering Noord" not in html
    # A region: that council's meetings, also as a guest.
    html = client.get(_url(month, "regio=limburg")).content.decode()
    assert "Kennismaking Limburg en Noord" in html
    assert "Vergadering Noord" not in html and "Vergadering Limburg" not in html


def test_month_query_count_does_not_grow_with_meetings(client, roles):
    month = _month_start()
    url = _url(month)
    client.force_login(roles["member"])

    def add(start, count):
        for i in range(start, start + count):
            meeting = _meeting(month, 1 + i % 28, council=roles.council, title=f"Overleg {i}")
            if i % 2:
                meeting.guest_councils.set([roles.other_council])
            MeetingInvitationFactory(meeting=meeting, user=roles["member"])
            ActivityFactory(
                council=roles.council,
                title=f"Activiteit {i}",
                starts_at=_on(month, 1 + i % 28, 10),
                ends_at=_on(month, 1 + i % 28, 12),
            )

    def count(expect):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200 and expect in response.content.decode()
        return captured

    add(0, 3)
    small = count("Overleg 2")
    add(3, 27)
    large = count("Overleg 29")
    report = "\n".join(q["sql"] for q in large.captured_queries)
    assert len(small) == len(large), f"{len(small)} vs {len(large)}\n{report}"


# --- changing what one needs ----------------------------------------------------------------


def test_member_changes_their_needs_and_the_organiser_sees_them(client, roles):
    activity = ActivityFactory(council=roles.council, created_by=roles["liaison"])
    registration = RegistrationFactory(
        activity=activity, user=roles["member"], access_needs=["hearing_loop"], access_note="Dieet"
    )
    client.force_login(roles["member"])
    page = client.get(activity.get_absolute_url()).content.decode()
    url = f"/agenda/activiteit/{activity.pk}/wat-ik-nodig-heb/"
    assert f'href="{url}"' in page and "Wijzig wat u nodig heeft" in page

    # The form is filled in with what was asked.
    form = client.get(url).content.decode()
    assert re.search(r'<input[^>]*value="hearing_loop"[^>]*checked', form)
    assert not re.search(r'<input[^>]*value="sign_language"[^>]*checked', form)
    assert re.search(r">\s*Dieet</textarea>", form)

    response = client.post(
        url, {"access_needs": ["sign_language"], "access_note": "Ik neem een begeleider mee."}
    )
    assert response.status_code == 302 and response["Location"] == activity.get_absolute_url()
    page = _text(client.get(activity.get_absolute_url()))
    assert "Uw wijziging is opgeslagen. De organisator ziet wat u nu nodig heeft." in page
    assert "U heeft gevraagd om: Tolk gebarentaal. Ik neem een begeleider mee." in page
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED  # the place stays
    assert registration.access_needs == ["sign_language"]
    assert AuditEntry.objects.filter(action="activity.access_needs.change").count() == 1

    client.force_login(roles["liaison"])
    participants = _text(client.get(f"/agenda/activiteit/{activity.pk}/deelnemers/"))
    assert "Tolk gebarentaal: 1" in participants
    assert "Ik neem een begeleider mee." in participants
    assert "Ringleiding" not in participants.split("Wat mensen nodig hebben", 1)[1]


def test_changing_needs_keeps_the_waiting_list_place_and_can_clear_them(client, roles):
    activity = ActivityFactory(council=roles.council, capacity=1)
    RegistrationFactory(activity=activity)
    registration = RegistrationFactory(
        activity=activity,
        user=roles["member"],
        status=Registration.Status.WAITLISTED,
        access_needs=["travel"],
    )
    client.force_login(roles["member"])
    response = client.post(f"/agenda/activiteit/{activity.pk}/wat-ik-nodig-heb/", {})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.WAITLISTED
    assert registration.access_needs == [] and registration.access_note == ""


def test_a_too_long_note_is_refused_with_the_typed_text_kept(client, roles):
    activity = ActivityFactory(council=roles.council)
    RegistrationFactory(activity=activity, user=roles["member"])
    client.force_login(roles["member"])
    response = client.post(
        f"/agenda/activiteit/{activity.pk}/wat-ik-nodig-heb/",
        {"access_needs": ["travel"], "access_note": "x" * 501},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="foutmeldingen"' in html and "Uw tekst is te lang." in html
    assert re.search(r'<input[^>]*value="travel"[^>]*checked', html)


@pytest.mark.parametrize(
    "case", ["not signed up", "signed off", "cancelled", "begun"], ids=lambda c: c
)
def test_needs_cannot_change_without_a_sign_up_or_after_the_start(client, roles, case):
    activity = ActivityFactory(council=roles.council)
    if case != "not signed up":
        RegistrationFactory(
            activity=activity,
            user=roles["member"],
            status=Registration.Status.CANCELLED
            if case == "signed off"
            else Registration.Status.CONFIRMED,
        )
    if case == "cancelled":
        Activity.objects.filter(pk=activity.pk).update(status=EventStatus.CANCELLED)
    if case == "begun":
        Activity.objects.filter(pk=activity.pk).update(
            starts_at=timezone.now() - datetime.timedelta(minutes=5)
        )
    client.force_login(roles["member"])
    url = f"/agenda/activiteit/{activity.pk}/wat-ik-nodig-heb/"
    assert client.get(url).status_code == 400
    assert client.post(url, {"access_needs": ["travel"]}).status_code == 400
    assert not Registration.objects.filter(access_needs=["travel"]).exists()


# --- every activity has an organiser who sees its needs list --------------------------------


@pytest.fixture
def central_secretary(roles):
    return MembershipFactory(council=roles.central, role=Membership.Role.SECRETARY).user


def test_a_national_activity_without_organiser_is_run_by_the_central_secretary(
    client, roles, central_secretary
):
    activity = ActivityFactory(council=None, scope=Activity.Scope.NATIONAL, created_by=None)
    RegistrationFactory(activity=activity, user=roles["member"], access_needs=["step_free"])
    url = f"/agenda/activiteit/{activity.pk}/deelnemers/"

    client.force_login(central_secretary)
    response = client.get(url)
    assert response.status_code == 200
    assert "Drempelvrij (rolstoel): 1" in _text(response)
    assert "De secretaris en de voorzitter van de Centrale Cliëntenraad regelen haar." in _text(
        client.get(activity.get_absolute_url())
    )
    # A district's secretary and the central council's members do not.
    for role in ("secretary", "central_member"):
        client.force_login(roles[role])
        assert client.get(url).status_code == 403, role


def test_an_organiser_runs_the_national_activity_not_the_central_secretary(
    client, roles, central_secretary
):
    activity = ActivityFactory(
        council=None, scope=Activity.Scope.NATIONAL, created_by=roles["liaison"]
    )
    url = f"/agenda/activiteit/{activity.pk}/deelnemers/"
    client.force_login(roles["liaison"])
    assert client.get(url).status_code == 200
    assert "Organisator: " in _text(client.get(activity.get_absolute_url()))
    client.force_login(central_secretary)
    assert client.get(url).status_code == 403


def test_an_activity_cannot_be_posted_without_an_organiser(roles):
    start = timezone.now() + datetime.timedelta(days=10)
    with pytest.raises(ValueError):
        activity_create(
            actor=None,
            title="Zonder organisator",
            scope=Activity.Scope.NATIONAL,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
        )
    assert not Activity.objects.exists()


def test_the_poster_of_a_new_activity_is_its_organiser_and_reads_its_needs(client, roles):
    client.force_login(roles["liaison"])
    form = client.get("/agenda/nieuw/").content.decode()
    assert "U bent de organisator." in form
    day = timezone.localdate() + datetime.timedelta(days=30)
    response = client.post(
        "/agenda/nieuw/",
        {
            "title": "Landelijke dag",
            "kind": "meeting",
            "scope": "national",
            "starts_at": f"{day:%Y-%m-%d}T10:00",
            "ends_at": f"{day:%Y-%m-%d}T15:00",
            "visibility": "councils",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Landelijke dag")
    assert activity.created_by == roles["liaison"]
    assert client.get(f"/agenda/activiteit/{activity.pk}/deelnemers/").status_code == 200


def test_every_demo_activity_has_an_organiser_who_sees_its_needs(client, roles):
    from councils.demo import load as load_councils
    from meetings.demo import load

    load_councils()
    load()
    activities = list(Activity.objects.select_related("created_by"))
    assert len(activities) >= 6
    national = [a for a in activities if a.scope == Activity.Scope.NATIONAL]
    assert national and all(a.created_by is not None for a in activities)
    organiser = national[0].created_by
    assert organiser.groups.filter(name="Contactpersonen UWV").exists()  # the liaison
    RegistrationFactory(
        activity=national[0],
        user=MembershipFactory(council=Council.objects.get(slug="noord")).user,
        access_needs=["sign_language"],
    )
    client.force_login(organiser)
    response = client.get(f"/agenda/activiteit/{national[0].pk}/deelnemers/")
    assert response.status_code == 200
    assert "Tolk gebarentaal: 1" in _text(response)
