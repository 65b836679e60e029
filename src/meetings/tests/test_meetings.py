"""The meeting pages: scheduling each kind, RSVP, agenda, documents, minutes, actions,
rescheduling and cancelling, joining the central council's meeting, the national overview and
the dashboard panel."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from common.forms import MAX_UPLOAD_SIZE as MAX_DOCUMENT_SIZE
from councils.models import Membership
from councils.tests.factories import CouncilFactory, MembershipFactory
from meetings import services
from meetings.models import (
    ActionItem,
    AgendaItem,
    GuestRequest,
    Meeting,
    MeetingDocument,
    MeetingInvitation,
    Minutes,
    NationalRepresentative,
)
from meetings.services import action_items_remind

from .factories import (
    ActionItemFactory,
    AgendaItemFactory,
    GuestRequestFactory,
    MeetingDocumentFactory,
    MeetingFactory,
    MeetingInvitationFactory,
    MinutesFactory,
    NationalRepresentativeFactory,
)

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _day(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _local(days: int, hour: int) -> str:
    """A value as the browser's datetime-local field sends it."""
    return f"{_day(days):%Y-%m-%d}T{hour:02d}:00"


def _form(**overrides) -> dict:
    return {
        "kind": "council",
        "title": "Vergadering januari",
        "starts_at": _local(20, 14),
        "ends_at": _local(20, 16),
        "location": "Stadhuis, Groningen",
        "online_url": "",
        "description": "Wij bespreken de signalen.",
        **overrides,
    }


@pytest.fixture
def meeting(roles):
    """A meeting of "noord" with its member and secretary invited."""
    meeting = MeetingFactory(council=roles.council, title="Vergadering Noord")
    for name in ("member", "secretary"):
        MeetingInvitationFactory(meeting=meeting, user=roles[name], on_behalf_of=roles.council)
    return meeting


@pytest.fixture
def central_secretary(roles):
    return MembershipFactory(council=roles.central, role=Membership.Role.SECRETARY).user


def _page(client, meeting) -> str:
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


# --- scheduling: the rules of each kind -----------------------------------------------------


def test_council_meeting_invites_its_members_and_only_its_councils_see_it(client, roles):
    client.force_login(roles["secretary"])
    response = client.post("/overleg/nieuw/", {**_form(), "council": roles.council.pk})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    invited = set(meeting.invitations.values_list("user_id", flat=True))
    assert invited == {roles["member"].pk, roles["secretary"].pk}
    assert meeting.starts_at == datetime.datetime.combine(
        _day(20), datetime.time(14), tzinfo=AMSTERDAM
    )

    client.force_login(roles["member"])
    assert "Vergadering januari" in client.get("/overleg/").content.decode()
    client.force_login(roles["member_other"])
    assert "Vergadering januari" not in client.get("/overleg/").content.decode()
    assert client.get(meeting.get_absolute_url()).status_code == 403


def test_secretary_can_only_organise_for_their_own_council(client, roles):
    client.force_login(roles["secretary"])
    html = client.get("/overleg/nieuw/").content.decode()
    assert roles.council.name in html
    assert f'value="{roles.central.pk}"' not in html
    response = client.post("/overleg/nieuw/", {**_form(), "council": roles.other_council.pk})
    assert response.status_code == 400 and not Meeting.objects.exists()


def test_end_before_start_is_refused_and_keeps_what_was_typed(client, roles):
    client.force_login(roles["secretary"])
    response = client.post(
        "/overleg/nieuw/",
        {**_form(ends_at=_local(20, 12)), "council": roles.council.pk},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Het einde moet na het begin liggen." in html
    assert 'value="Vergadering januari"' in html and "Stadhuis, Groningen" in html
    assert f'value="{_local(20, 14)}"' in html
    assert not Meeting.objects.exists()


def test_introduction_needs_two_district_councils(client, roles):
    client.force_login(roles["secretary"])
    data = {**_form(kind="introduction", title="Kennismaking"), "council": roles.council.pk}
    response = client.post("/overleg/nieuw/", data)
    assert response.status_code == 400
    assert "twee of meer districtsraden" in response.content.decode()
    assert 'value="Kennismaking"' in response.content.decode()
    assert not Meeting.objects.exists()

    response = client.post("/overleg/nieuw/", {**data, "guest_councils": [roles.other_council.pk]})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert list(meeting.guest_councils.all()) == [roles.other_council]
    assert meeting.invitations.filter(user=roles["member_other"]).exists()
    client.force_login(roles["member_other"])
    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_other_councils_take_part_only_in_an_introduction(client, roles):
    client.force_login(roles["secretary"])
    client.post(
        "/overleg/nieuw/",
        {**_form(), "council": roles.council.pk, "guest_councils": [roles.other_council.pk]},
    )
    meeting = Meeting.objects.get()
    assert not meeting.guest_councils.exists()
    assert not meeting.invitations.filter(user=roles["member_other"]).exists()


def test_central_meeting_belongs_to_the_central_council(client, roles):
    client.force_login(roles["secretary"])
    response = client.post(
        "/overleg/nieuw/", {**_form(kind="central"), "council": roles.council.pk}
    )
    assert response.status_code == 400
    assert "hoort bij die raad" in response.content.decode()


def test_national_meeting_invites_the_districts_representatives(client, roles):
    NationalRepresentativeFactory(council=roles.council, user=roles["member"])
    NationalRepresentativeFactory(
        council=roles.other_council,
        user=roles["member_other"],
        role=NationalRepresentative.Role.SUBSTITUTE,
    )
    client.force_login(roles["administrator"])
    response = client.post(
        "/overleg/nieuw/",
        {**_form(kind="national", title="Landelijk overleg"), "council": roles.central.pk},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    # The districts' people for their district, and the organising central council.
    assert {(i.user_id, i.on_behalf_of_id) for i in meeting.invitations.all()} == {
        (roles["member"].pk, roles.council.pk),
        (roles["member_other"].pk, roles.other_council.pk),
        (roles["central_member"].pk, roles.central.pk),
    }
    # Every council member may see the national meeting; others may not.
    client.force_login(roles["central_member"])
    assert client.get(meeting.get_absolute_url()).status_code == 200
    client.force_login(roles["editor"])
    assert client.get(meeting.get_absolute_url()).status_code == 403


def test_visitors_and_people_without_a_council_cannot_schedule(client, roles):
    assert "/account/login/" in client.get("/overleg/nieuw/")["Location"]
    for name in ("member", "editor", "central_member"):
        client.force_login(roles[name])
        assert client.get("/overleg/nieuw/").status_code == 403


# --- the overview ---------------------------------------------------------------------------


def test_overview_shows_upcoming_and_recent_with_the_viewers_answer(client, roles, meeting):
    MeetingInvitation.objects.filter(user=roles["member"]).update(rsvp="maybe")
    past = MeetingFactory(
        council=roles.council,
        title="Vergadering vorige maand",
        starts_at=timezone.now() - datetime.timedelta(days=30),
        ends_at=timezone.now() - datetime.timedelta(days=30, hours=-2),
    )
    MeetingFactory(council=roles.other_council, title="Vergadering Limburg")
    client.force_login(roles["member"])
    html = client.get("/overleg/").content.decode()
    upcoming, recent = html.split('id="eerder"')
    assert "Vergadering Noord" in upcoming and "Misschien" in upcoming
    assert past.title in recent
    assert "Vergadering Limburg" not in html


def test_the_list_shows_exactly_the_meetings_each_role_may_open(roles):
    """The overview's query and can_view_meeting agree, for every role and kind."""
    from councils.selectors import viewer_for
    from meetings.permissions import can_view_meeting, invitation_counts
    from meetings.selectors_meetings import meetings_visible_to

    meetings = [
        MeetingFactory(council=roles.council),
        MeetingFactory(council=roles.other_council),
        MeetingFactory(
            council=roles.council,
            kind=Meeting.Kind.INTRODUCTION,
            guest_councils=[roles.other_council],
        ),
        MeetingFactory(council=roles.central, kind=Meeting.Kind.NATIONAL),
        MeetingFactory(council=roles.central, kind=Meeting.Kind.CENTRAL),
    ]
    invited_elsewhere = MeetingFactory(council=roles.other_council)
    MeetingInvitationFactory(meeting=invited_elsewhere, user=roles["editor"])
    meetings.append(invited_elsewhere)
    # Invited for noord while on it: counts no longer.
    MeetingInvitationFactory(
        meeting=meetings[0], user=roles["ex_member"], on_behalf_of=roles.council
    )
    for name, user in roles.users.items():
        viewer = viewer_for(user)
        listed = set(meetings_visible_to(viewer))
        allowed = {
            m
            for m in meetings
            if can_view_meeting(
                viewer,
                m,
                invited=any(invitation_counts(viewer, i) for i in m.invitations.all()),
            )
        }
        assert listed == allowed, name
    assert not set(meetings_visible_to(viewer_for(roles["ex_member"])))
    assert set(meetings_visible_to(viewer_for(roles["member_other"]))) == set(meetings[1:])


def test_overview_filters_by_kind(client, roles, meeting):
    MeetingFactory(council=roles.central, kind=Meeting.Kind.CENTRAL, title="Vergadering CCR")
    client.force_login(roles["member"])
    html = client.get("/overleg/?soort=central").content.decode()
    assert "Vergadering CCR" in html and "Vergadering Noord" not in html
    html = client.get("/overleg/?soort=onzin").content.decode()
    assert "Vergadering CCR" in html and "Vergadering Noord" in html


def test_an_invitation_shows_a_meeting_the_council_rules_would_hide(client, roles):
    meeting = MeetingFactory(council=roles.other_council, title="Vergadering Limburg")
    MeetingInvitationFactory(meeting=meeting, user=roles["member"])
    client.force_login(roles["member"])
    assert "Vergadering Limburg" in client.get("/overleg/").content.decode()
    assert client.get(meeting.get_absolute_url()).status_code == 200


def _end_membership(user, council):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Membership.objects.filter(user=user, council=council).update(
        start_date=yesterday - datetime.timedelta(days=365), end_date=yesterday
    )


def test_an_invitation_for_a_council_ends_with_the_membership(client, roles, meeting):
    from councils.selectors import viewer_for
    from dossiers import links
    from meetings.selectors_meetings import meetings_visible_to

    document = MeetingDocumentFactory(meeting=meeting)
    MinutesFactory(meeting=meeting, text="Concept: de voorzitter opent.")
    member = roles["member"]
    _end_membership(member, roles.council)
    client.force_login(member)

    assert client.get(meeting.get_absolute_url()).status_code == 403
    assert client.get(f"{meeting.get_absolute_url()}documenten/{document.pk}/").status_code == 403
    assert client.get(f"/agenda/overleg/{meeting.pk}.ics").status_code == 403
    assert "Vergadering Noord" not in client.get("/overleg/").content.decode()
    assert "Vergadering Noord" not in client.get("/mijn/").content.decode()
    viewer = viewer_for(member)
    assert not meetings_visible_to(viewer).filter(pk=meeting.pk).exists()
    assert not links.link_kind("meeting").can_view(viewer, meeting)
    # The secretary, still on noord, keeps it.
    client.force_login(roles["secretary"])
    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_a_personal_invitation_stays_when_a_membership_ends(client, roles):
    meeting = MeetingFactory(council=roles.other_council, title="Vergadering Limburg")
    MeetingInvitationFactory(meeting=meeting, user=roles["member"])  # on behalf of no council
    _end_membership(roles["member"], roles.council)
    client.force_login(roles["member"])
    assert client.get(meeting.get_absolute_url()).status_code == 200


def test_main_menu_links_to_meetings_for_logged_in_people(client, roles, site_pages):
    assert 'href="/overleg/"' not in client.get("/").content.decode()
    client.force_login(roles["member"])
    assert 'href="/overleg/"' in client.get("/").content.decode()


# --- RSVP -----------------------------------------------------------------------------------


def test_invited_member_answers_with_access_needs_that_only_managers_see(client, roles, meeting):
    client.force_login(roles["member"])
    response = client.post(
        f"/overleg/{meeting.pk}/antwoord/",
        {"rsvp": "yes", "access_needs": ["hearing_loop", "step_free"], "access_note": "Met hond"},
    )
    assert response.status_code == 302
    invitation = MeetingInvitation.objects.get(meeting=meeting, user=roles["member"])
    assert invitation.rsvp == "yes"
    assert invitation.access_needs == ["hearing_loop", "step_free"]
    assert "Met hond" not in _page(client, meeting).split('id="uitgenodigd"')[1]

    client.force_login(roles["secretary"])
    html = _page(client, meeting)
    assert "Wat mensen nodig hebben" in html
    assert "Ringleiding" in html and "Drempelvrij (rolstoel)" in html and "Met hond" in html


def test_rsvp_by_someone_not_invited_is_refused(client, roles):
    meeting = MeetingFactory(council=roles.council)  # member may see it, but is not invited
    client.force_login(roles["member"])
    assert "U bent niet uitgenodigd" in _page(client, meeting)
    response = client.post(f"/overleg/{meeting.pk}/antwoord/", {"rsvp": "yes"})
    assert response.status_code == 400
    assert "U bent niet uitgenodigd voor dit overleg." in response.content.decode()
    assert not MeetingInvitation.objects.exists()


def test_rsvp_without_an_answer_says_what_to_do(client, roles, meeting):
    client.force_login(roles["member"])
    response = client.post(f"/overleg/{meeting.pk}/antwoord/", {"access_note": "Graag koffie"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kies of u komt." in html and "Graag koffie" in html


# --- agenda ---------------------------------------------------------------------------------


def test_manager_adds_and_reorders_agenda_items(client, roles, meeting):
    client.force_login(roles["secretary"])
    for title in ("Opening", "Signalen"):
        response = client.post(f"/overleg/{meeting.pk}/agenda/", {"title": title})
        assert response.status_code == 302
    client.post(
        f"/overleg/{meeting.pk}/agenda/",
        {
            "title": "Advies brieven",
            "dossier_ref": "Dossier 2027-04 brieven",
            "minutes_planned": 20,
        },
    )
    last = AgendaItem.objects.get(title="Advies brieven")
    response = client.post(f"/overleg/agenda/{last.pk}/verplaats/", {"direction": "up"})
    assert response.status_code == 302
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "Opening",
        "Advies brieven",
        "Signalen",
    ]
    client.force_login(roles["member"])
    html = _page(client, meeting)
    assert "Dossier 2027-04 brieven" in html and "20 minuten" in html
    assert html.index("Advies brieven") < html.index("Signalen")
    assert "/verplaats/" not in html  # members see the order, not the buttons
    assert (
        client.post(f"/overleg/agenda/{last.pk}/verplaats/", {"direction": "up"}).status_code == 403
    )


def test_agenda_item_needs_a_subject(client, roles, meeting):
    client.force_login(roles["secretary"])
    response = client.post(f"/overleg/{meeting.pk}/agenda/", {"description": "Iets"})
    assert response.status_code == 400
    assert "Geef het agendapunt een onderwerp." in response.content.decode()


# --- documents ------------------------------------------------------------------------------


def _upload(client, meeting, name, content, title="Jaarplan"):
    return client.post(
        f"/overleg/{meeting.pk}/documenten/",
        {"title": title, "file": SimpleUploadedFile(name, content)},
    )


def test_manager_uploads_a_document_that_only_those_who_may_see_the_meeting_get(
    client, roles, meeting
):
    client.force_login(roles["secretary"])
    response = _upload(client, meeting, "jaarplan.pdf", b"%PDF-1.7\nInhoud van het plan")
    assert response.status_code == 302
    document = MeetingDocument.objects.get()
    url = f"/overleg/{meeting.pk}/documenten/{document.pk}/"

    client.force_login(roles["member"])
    html = _page(client, meeting)
    assert url in html and "/media/" not in html
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.7")
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]

    client.force_login(roles["member_other"])
    assert client.get(url).status_code == 403
    client.logout()
    assert "/account/login/" in client.get(url)["Location"]
    # The document only under its own meeting.
    other = MeetingFactory(council=roles.council)
    client.force_login(roles["member"])
    assert client.get(f"/overleg/{other.pk}/documenten/{document.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programma.exe", b"MZ\x90\x00", "Dit soort bestand kan niet."),
        ("pagina.html", b"<html></html>", "Dit soort bestand kan niet."),
        ("nep.pdf", b"<script>alert(1)</script>", "geen echt PDF-bestand"),
        ("nep.docx", b"%PDF-1.4", "geen echt DOCX-bestand"),
        ("binair.txt", b"tekst\x00\x01\x02", "geen gewoon tekstbestand"),
        ("leeg.pdf", b"", "Dit bestand is leeg."),
    ],
)
def test_document_types_that_are_refused(client, roles, meeting, name, content, message):
    client.force_login(roles["secretary"])
    response = _upload(client, meeting, name, content, title="Mijn stuk")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'value="Mijn stuk"' in html
    assert not MeetingDocument.objects.exists()


def test_document_over_ten_megabytes_is_refused(client, roles, meeting):
    client.force_login(roles["secretary"])
    response = _upload(client, meeting, "groot.txt", b"a" * (MAX_DOCUMENT_SIZE + 1))
    assert response.status_code == 400
    assert "Dit bestand is te groot" in response.content.decode()
    assert not MeetingDocument.objects.exists()


@pytest.mark.parametrize("name", ["stuk.docx", "stuk.odt", "stuk.xlsx", "stuk.txt", "STUK.PDF"])
def test_allowed_document_types(client, roles, meeting, name):
    content = b"%PDF-1.4" if name.lower().endswith(".pdf") else b"PK\x03\x04rest"
    if name.endswith(".txt"):
        content = "Agenda: één punt.".encode()
    client.force_login(roles["secretary"])
    assert _upload(client, meeting, name, content).status_code == 302


def test_members_cannot_upload_documents(client, roles, meeting):
    client.force_login(roles["member"])
    assert _upload(client, meeting, "a.pdf", b"%PDF-1.4").status_code == 403
    assert "Stuk toevoegen" not in _page(client, meeting)


# --- minutes --------------------------------------------------------------------------------


def _move_to_past(meeting, days: int = 2) -> None:
    meeting.starts_at = timezone.now() - datetime.timedelta(days=days)
    meeting.ends_at = meeting.starts_at + datetime.timedelta(hours=2)
    meeting.save(update_fields=["starts_at", "ends_at"])


def test_minutes_are_drafted_approved_and_then_read_only(client, roles, meeting):
    _move_to_past(meeting)
    client.force_login(roles["secretary"])
    response = client.post(f"/overleg/{meeting.pk}/notulen/", {"text": "Opening om 14.00 uur."})
    assert response.status_code == 302
    assert "Concept." in _page(client, meeting)
    response = client.post(f"/overleg/{meeting.pk}/notulen/vaststellen/")
    assert response.status_code == 302
    minutes = Minutes.objects.get()
    assert minutes.status == Minutes.Status.APPROVED and minutes.approved_by == roles["secretary"]

    html = _page(client, meeting)
    assert "Opening om 14.00 uur." in html and "veranderen niet meer" in html
    assert f"/overleg/{meeting.pk}/notulen/" not in html  # no form any more

    response = client.post(f"/overleg/{meeting.pk}/notulen/", {"text": "Iets anders."})
    assert response.status_code == 400
    assert "Deze notulen zijn vastgesteld en kunnen niet meer veranderen." in (
        response.content.decode()
    )
    minutes.refresh_from_db()
    assert minutes.text == "Opening om 14.00 uur."


def test_minutes_of_a_meeting_still_to_come_cannot_be_approved(client, roles, meeting):
    meeting.starts_at = timezone.now() + datetime.timedelta(weeks=5)
    meeting.ends_at = meeting.starts_at + datetime.timedelta(hours=2)
    meeting.save(update_fields=["starts_at", "ends_at"])
    MinutesFactory(meeting=meeting, text="Opgeschreven voor het overleg.")
    client.force_login(roles["secretary"])
    html = _page(client, meeting)
    # The page offers no button for it, and says when it can.
    assert f"/overleg/{meeting.pk}/notulen/vaststellen/" not in html
    assert "Na het overleg kunt u de notulen vaststellen." in html
    response = client.post(f"/overleg/{meeting.pk}/notulen/vaststellen/")
    assert response.status_code == 400
    assert "Het overleg is nog niet begonnen. Stel de notulen vast na het overleg." in (
        response.content.decode()
    )
    assert Minutes.objects.get().status == Minutes.Status.DRAFT


def test_minutes_can_be_approved_once_the_meeting_has_begun(roles, meeting):
    MinutesFactory(meeting=meeting, text="Opening.")
    meeting.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    meeting.save(update_fields=["starts_at"])
    minutes = services.minutes_approve(actor=roles["secretary"], meeting=meeting)
    assert minutes.status == Minutes.Status.APPROVED


def test_approving_without_minutes_says_why(client, roles, meeting):
    _move_to_past(meeting)
    client.force_login(roles["secretary"])
    response = client.post(f"/overleg/{meeting.pk}/notulen/vaststellen/")
    assert response.status_code == 400
    assert "Er zijn nog geen notulen om vast te stellen." in response.content.decode()


def test_members_read_minutes_but_cannot_write_them(client, roles, meeting):
    MinutesFactory(meeting=meeting, text="De vergadering begint.")
    client.force_login(roles["member"])
    assert "De vergadering begint." in _page(client, meeting)
    assert client.post(f"/overleg/{meeting.pk}/notulen/", {"text": "x"}).status_code == 403


# --- action items ---------------------------------------------------------------------------


def test_manager_gives_an_action_to_an_invited_person(client, roles, meeting):
    client.force_login(roles["secretary"])
    due = _day(10)
    response = client.post(
        f"/overleg/{meeting.pk}/acties/",
        {"title": "Voorbeeldbrieven verzamelen", "owner": roles["member"].pk, "due_date": f"{due}"},
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert (item.owner, item.due_date) == (roles["member"], due)

    response = client.post(
        f"/overleg/{meeting.pk}/acties/",
        {"title": "Iets", "owner": roles["member_other"].pk, "due_date": f"{due}"},
    )
    assert response.status_code == 400
    assert "Kies iemand die voor dit overleg is uitgenodigd." in response.content.decode()


def test_owner_and_managers_set_an_actions_status_others_do_not(client, roles, meeting):
    other = MembershipFactory(council=roles.council).user
    item = ActionItemFactory(meeting=meeting, owner=roles["member"])
    client.force_login(other)
    assert client.post(f"/overleg/actie/{item.pk}/status/", {"status": "done"}).status_code == 403
    client.force_login(roles["member"])
    assert client.post(f"/overleg/actie/{item.pk}/status/", {"status": "done"}).status_code == 302
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE and item.done_at is not None
    client.force_login(roles["secretary"])
    response = client.post(f"/overleg/actie/{item.pk}/status/", {"status": "open"})
    assert response.status_code == 302
    response = client.post(f"/overleg/actie/{item.pk}/status/", {"status": "weg"})
    assert response.status_code == 400


def test_dashboard_shows_open_and_overdue_actions_and_next_meetings(client, roles, meeting):
    ActionItemFactory(meeting=meeting, owner=roles["member"], title="Brief nalezen")
    ActionItemFactory(
        meeting=meeting, owner=roles["member"], title="Verslag delen", due_date=_day(-3)
    )
    ActionItemFactory(
        meeting=meeting, owner=roles["member"], title="Al klaar", status=ActionItem.Status.DONE
    )
    ActionItemFactory(meeting=meeting, owner=roles["secretary"], title="Van een ander")
    client.force_login(roles["member"])
    html = client.get("/mijn/").content.decode()
    assert "Brief nalezen" in html and "Verslag delen" in html
    assert "Al klaar" not in html and "Van een ander" not in html
    assert "1 actie is te laat." in html
    overdue_line = html.split("Verslag delen", 1)[1].split("</li>", 1)[0]
    assert "te laat" in overdue_line
    assert "te laat" not in html.split("Brief nalezen", 1)[1].split("</li>", 1)[0]
    assert "Vergadering Noord" in html


def test_action_reminders_are_sent_once_before_and_once_when_overdue(
    roles, meeting, smtp_server, django_capture_on_commit_callbacks
):
    item = ActionItemFactory(meeting=meeting, owner=roles["member"], due_date=_day(2))
    address = roles["member"].email
    with django_capture_on_commit_callbacks(execute=True):
        assert action_items_remind() == {"before": 1, "overdue": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert action_items_remind() == {"before": 0, "overdue": 0}
    assert len(smtp_server.to(address)) == 1
    assert "Herinnering" in smtp_server.to(address)[0]["subject"]

    later = _day(3)
    with django_capture_on_commit_callbacks(execute=True):
        assert action_items_remind(today=later) == {"before": 0, "overdue": 1}
    with django_capture_on_commit_callbacks(execute=True):
        assert action_items_remind(today=later) == {"before": 0, "overdue": 0}
    mails = smtp_server.to(address)
    assert len(mails) == 2 and "te laat" in mails[1]["subject"]
    item.refresh_from_db()
    assert item.reminded_before_at and item.reminded_overdue_at


def test_an_owner_who_left_the_council_gets_no_reminder(
    roles, meeting, smtp_server, django_capture_on_commit_callbacks
):
    MeetingInvitationFactory(meeting=meeting, user=roles["ex_member"], on_behalf_of=roles.council)
    ActionItemFactory(meeting=meeting, owner=roles["ex_member"], due_date=_day(-1))
    with django_capture_on_commit_callbacks(execute=True):
        assert action_items_remind() == {"before": 0, "overdue": 0}
    assert not smtp_server.messages


def test_done_actions_get_no_reminder(
    roles, meeting, smtp_server, django_capture_on_commit_callbacks
):
    ActionItemFactory(
        meeting=meeting, owner=roles["member"], due_date=_day(-1), status=ActionItem.Status.DONE
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert action_items_remind() == {"before": 0, "overdue": 0}
    assert not smtp_server.messages


# --- reschedule, cancel, attendance ---------------------------------------------------------


def test_reschedule_informs_everyone_invited(
    client, roles, meeting, smtp_server, django_capture_on_commit_callbacks
):
    extra = MeetingInvitationFactory(meeting=meeting).user
    # Invited for noord, who left it: no longer hears of the meeting.
    MeetingInvitationFactory(meeting=meeting, user=roles["ex_member"], on_behalf_of=roles.council)
    client.force_login(roles["secretary"])
    form = client.get(f"/overleg/{meeting.pk}/verzetten/").content.decode()
    assert f'value="{timezone.localtime(meeting.starts_at):%Y-%m-%dT%H:%M}"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/overleg/{meeting.pk}/verzetten/",
            {"starts_at": _local(9, 10), "ends_at": _local(9, 12), "location": "Assen"},
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and meeting.location == "Assen"
    recipients = sorted(address for m in smtp_server.messages for address in m["to"])
    assert recipients == sorted([roles["member"].email, roles["secretary"].email, extra.email])
    assert all("Gewijzigd" in m["subject"] for m in smtp_server.messages)


def test_reschedule_refuses_end_before_start(client, roles, meeting):
    client.force_login(roles["secretary"])
    response = client.post(
        f"/overleg/{meeting.pk}/verzetten/", {"starts_at": _local(9, 10), "ends_at": _local(9, 9)}
    )
    assert response.status_code == 400
    assert "Het einde moet na het begin liggen." in response.content.decode()


def test_cancel_informs_everyone_invited_once(
    client, roles, meeting, smtp_server, django_capture_on_commit_callbacks
):
    MeetingInvitationFactory(meeting=meeting)
    client.force_login(roles["secretary"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/overleg/{meeting.pk}/afgelasten/", {"reason": "Zaal bezet"})
    assert response.status_code == 302
    assert len(smtp_server.messages) == 3
    assert all("Afgelast" in m["subject"] for m in smtp_server.messages)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/overleg/{meeting.pk}/afgelasten/", {}, follow=True)
    assert "Dit overleg was al afgelast." in response.content.decode()
    assert len(smtp_server.messages) == 3

    client.force_login(roles["member"])
    html = _page(client, meeting)
    assert "Dit overleg is afgelast." in html
    assert f"/overleg/{meeting.pk}/antwoord/" not in html
    response = client.post(f"/overleg/{meeting.pk}/antwoord/", {"rsvp": "yes"})
    assert response.status_code == 400 and "Dit overleg is afgelast." in response.content.decode()


def test_cancelling_first_asks_and_says_who_will_hear(client, roles, meeting, smtp_server):
    MeetingInvitationFactory(meeting=meeting)
    client.force_login(roles["secretary"])
    html = _page(client, meeting)
    # No cancel form at the top of the page: a link in the "Beheer" section at the bottom,
    # after the answer (RSVP) and the minutes.
    assert f'action="/overleg/{meeting.pk}/afgelasten/"' not in html
    beheer = html.index('id="beheer"')
    assert beheer > html.index('id="uw-antwoord"') and beheer > html.index('id="acties"')
    assert f'href="/overleg/{meeting.pk}/afgelasten/"' in html[beheer:]

    response = client.get(f"/overleg/{meeting.pk}/afgelasten/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Weet u het zeker?" in html
    assert "Alle 3 genodigden krijgen een e-mail dat het overleg niet doorgaat." in html
    assert 'name="reason"' in html and f'action="/overleg/{meeting.pk}/afgelasten/"' in html
    meeting.refresh_from_db()
    assert not meeting.is_cancelled and smtp_server.messages == []


def test_the_cancel_page_of_a_cancelled_meeting_goes_back_to_it(client, roles, meeting):
    meeting.status = "cancelled"
    meeting.save(update_fields=["status"])
    client.force_login(roles["secretary"])
    response = client.get(f"/overleg/{meeting.pk}/afgelasten/", follow=True)
    assert response.redirect_chain[-1][0] == meeting.get_absolute_url()
    assert "Dit overleg was al afgelast." in response.content.decode()


def test_members_cannot_reschedule_or_cancel(client, roles, meeting):
    client.force_login(roles["member"])
    assert client.get(f"/overleg/{meeting.pk}/verzetten/").status_code == 403
    assert client.get(f"/overleg/{meeting.pk}/afgelasten/").status_code == 403
    assert client.post(f"/overleg/{meeting.pk}/afgelasten/").status_code == 403
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_manager_records_who_came(client, roles, meeting):
    meeting.starts_at = timezone.now() - datetime.timedelta(hours=3)
    meeting.ends_at = timezone.now() - datetime.timedelta(hours=1)
    meeting.save()
    client.force_login(roles["secretary"])
    assert "Aanwezigheid bijhouden" in _page(client, meeting)
    response = client.post(f"/overleg/{meeting.pk}/aanwezig/", {"present": [roles["member"].pk]})
    assert response.status_code == 302
    attended = dict(meeting.invitations.values_list("user_id", "attended"))
    assert attended == {roles["member"].pk: True, roles["secretary"].pk: False}


# --- aanschuiven: joining the central council's meeting -------------------------------------


def test_district_member_asks_to_join_and_is_approved(
    client, roles, central_secretary, smtp_server, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(council=roles.central, kind=Meeting.Kind.CENTRAL)
    client.force_login(roles["member"])
    html = _page(client, meeting)
    assert "Aanschuiven" in html
    assert f'<option value="{roles.council.pk}" selected>' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/overleg/{meeting.pk}/aanschuiven/",
            {"council": roles.council.pk, "reason": "Veel signalen over brieven."},
        )
    assert response.status_code == 302
    guest_request = GuestRequest.objects.get()
    assert guest_request.council == roles.council
    assert smtp_server.to(central_secretary.email)  # the secretary hears of it
    assert "De secretaris heeft nog niet besloten." in _page(client, meeting)

    client.force_login(central_secretary)
    html = _page(client, meeting)
    assert "Veel signalen over brieven." in html
    smtp_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/overleg/aanschuiven/{guest_request.pk}/besluit/", {"decision": "approve"}
        )
    assert response.status_code == 302
    guest_request.refresh_from_db()
    assert guest_request.status == GuestRequest.Status.APPROVED
    mails = smtp_server.to(roles["member"].email)
    assert any("U mag aanschuiven" in m["text"] for m in mails)
    assert meeting.invitations.filter(user=roles["member"], on_behalf_of=roles.council).exists()


def test_declining_a_request_needs_a_note_and_tells_the_member(
    client, roles, central_secretary, smtp_server, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(council=roles.central, kind=Meeting.Kind.CENTRAL)
    guest_request = GuestRequestFactory(
        meeting=meeting, user=roles["member"], council=roles.council
    )
    client.force_login(central_secretary)
    url = f"/overleg/aanschuiven/{guest_request.pk}/besluit/"
    response = client.post(url, {"decision": "decline", "note": "  "})
    assert response.status_code == 400
    assert "Schrijf kort waarom u het verzoek afwijst." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "decline", "note": "De agenda is vol."})
    assert response.status_code == 302
    guest_request.refresh_from_db()
    assert guest_request.status == GuestRequest.Status.DECLINED
    (mail,) = smtp_server.to(roles["member"].email)
    assert "De agenda is vol." in mail["text"]
    assert not meeting.invitations.filter(user=roles["member"]).exists()

    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 400
    assert "Over dit verzoek is al besloten." in response.content.decode()


def test_who_may_ask_to_join_and_who_decides(client, roles, central_secretary):
    meeting = MeetingFactory(council=roles.central, kind=Meeting.Kind.CENTRAL)
    guest_request = GuestRequestFactory(
        meeting=meeting, user=roles["member_other"], council=roles.other_council
    )
    client.force_login(roles["central_member"])
    assert "Vragen om aan te schuiven" not in _page(client, meeting)
    response = client.post(f"/overleg/{meeting.pk}/aanschuiven/", {"reason": "x"})
    assert response.status_code == 403
    # The district's own secretary does not decide on the central council's requests.
    client.force_login(roles["secretary"])
    url = f"/overleg/aanschuiven/{guest_request.pk}/besluit/"
    assert client.post(url, {"decision": "approve"}).status_code == 403
    # Not on another kind of meeting.
    council_meeting = MeetingFactory(council=roles.council)
    assert "Vragen om aan te schuiven" not in _page(client, council_meeting)
    response = client.post(f"/overleg/{council_meeting.pk}/aanschuiven/", {"reason": "x"})
    assert response.status_code == 403


def test_asking_twice_is_refused_with_a_reason(client, roles):
    meeting = MeetingFactory(council=roles.central, kind=Meeting.Kind.CENTRAL)
    GuestRequestFactory(meeting=meeting, user=roles["member"], council=roles.council)
    client.force_login(roles["member"])
    response = client.post(f"/overleg/{meeting.pk}/aanschuiven/", {"reason": "Nog eens"})
    assert response.status_code == 400
    assert "U heeft al gevraagd" in response.content.decode()


# --- the national meeting -------------------------------------------------------------------


def test_national_page_highlights_districts_without_a_representative(client, roles):
    NationalRepresentativeFactory(council=roles.council, user=roles["member"])
    client.force_login(roles["member_other"])
    html = client.get("/overleg/landelijk/").content.decode()
    callout = html.split('class="callout', 1)[1].split("</div>", 1)[0]
    assert roles.other_council.name in callout and roles.council.name not in callout
    assert escape(roles["member"].get_full_name()) in html
    assert roles.central.name not in html.split('id="districten"', 1)[1].split("</table>")[0]
    assert "Aanwijzen" not in html  # a member does not name anyone


def test_secretary_names_the_representative_of_their_own_district(client, roles):
    client.force_login(roles["secretary"])
    membership = Membership.objects.get(user=roles["member"], council=roles.council)
    response = client.post(
        "/overleg/landelijk/vertegenwoordiger/",
        {"membership": membership.pk, "role": "representative"},
    )
    assert response.status_code == 302
    rep = NationalRepresentative.objects.get()
    assert (rep.council, rep.user, rep.role) == (roles.council, roles["member"], "representative")

    other = Membership.objects.get(user=roles["member_other"])
    response = client.post(
        "/overleg/landelijk/vertegenwoordiger/", {"membership": other.pk, "role": "substitute"}
    )
    assert response.status_code == 400
    assert "Kies een lid van een raad waarvoor u dit mag regelen." in response.content.decode()


def test_national_page_shows_who_attended_for_which_district(client, roles):
    meeting = MeetingFactory(
        council=roles.central,
        kind=Meeting.Kind.NATIONAL,
        title="Landelijk overleg maart",
        starts_at=timezone.now() - datetime.timedelta(days=20),
        ends_at=timezone.now() - datetime.timedelta(days=20, hours=-2),
    )
    MeetingInvitationFactory(
        meeting=meeting, user=roles["member"], on_behalf_of=roles.council, attended=True
    )
    MeetingInvitationFactory(
        meeting=meeting,
        user=roles["member_other"],
        on_behalf_of=roles.other_council,
        attended=False,
    )
    client.force_login(roles["secretary"])
    html = client.get("/overleg/landelijk/").content.decode()
    past = html.split('id="eerder"', 1)[1]
    assert "Landelijk overleg maart" in past
    assert escape(f"{roles.council.name}: {roles['member'].get_full_name()}") in past
    assert escape(roles["member_other"].get_full_name()) not in past


# --- query counts ---------------------------------------------------------------------------


def _count(client, url: str) -> CaptureQueriesContext:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return captured


def _assert_same(url, small, large):
    report = "\n".join(
        [f"--- small: {len(small)}"]
        + [q["sql"] for q in small.captured_queries]
        + [f"--- large: {len(large)}"]
        + [q["sql"] for q in large.captured_queries]
    )
    assert len(small) == len(large), f"{url}\n{report}"
    assert len(large) <= 30, f"{url}\n{report}"


def _add_meetings(roles, count):
    guest = CouncilFactory()
    for i in range(count):
        meeting = MeetingFactory(
            council=roles.council, kind=Meeting.Kind.INTRODUCTION, guest_councils=[guest]
        )
        MeetingInvitationFactory(meeting=meeting, user=roles["member"], rsvp="yes")
        if i % 2:
            past = timezone.now() - datetime.timedelta(days=i + 1)
            Meeting.objects.filter(pk=meeting.pk).update(
                starts_at=past, ends_at=past + datetime.timedelta(hours=1)
            )
    MeetingFactory(council=roles.central, kind=Meeting.Kind.CENTRAL)


def test_overview_query_count_does_not_grow_with_meetings(client, roles):
    client.force_login(roles["member"])
    _add_meetings(roles, 3)
    small = _count(client, "/overleg/")
    _add_meetings(roles, 27)
    large = _count(client, "/overleg/")
    _assert_same("/overleg/", small, large)


def _fill(meeting, roles, count):
    for _i in range(count):
        invitation = MeetingInvitationFactory(
            meeting=meeting, access_needs=["hearing_loop"], on_behalf_of=roles.council
        )
        AgendaItemFactory(meeting=meeting, dossier_ref="Dossier")
        ActionItemFactory(meeting=meeting, owner=invitation.user)
        MeetingDocumentFactory(meeting=meeting)


def test_meeting_page_query_count_does_not_grow_with_its_rows(client, roles, meeting):
    MinutesFactory(meeting=meeting)
    client.force_login(roles["secretary"])
    _fill(meeting, roles, 3)
    small = _count(client, meeting.get_absolute_url())
    _fill(meeting, roles, 27)
    large = _count(client, meeting.get_absolute_url())
    _assert_same(meeting.get_absolute_url(), small, large)


def test_central_meeting_page_query_count_with_pending_requests(client, roles, central_secretary):
    meeting = MeetingFactory(council=roles.central, kind=Meeting.Kind.CENTRAL)
    client.force_login(central_secretary)

    def add(count):
        for _i in range(count):
            GuestRequestFactory(meeting=meeting, council=roles.other_council)

    add(2)
    small = _count(client, meeting.get_absolute_url())
    add(20)
    large = _count(client, meeting.get_absolute_url())
    _assert_same(meeting.get_absolute_url(), small, large)


def test_national_page_query_count_does_not_grow(client, roles):
    client.force_login(roles["secretary"])

    def add(count):
        for _i in range(count):
            district = CouncilFactory()
            NationalRepresentativeFactory(council=district)
            past = timezone.now() - datetime.timedelta(days=10)
            meeting = MeetingFactory(
                council=roles.central,
                kind=Meeting.Kind.NATIONAL,
                starts_at=past,
                ends_at=past + datetime.timedelta(hours=2),
            )
            MeetingInvitationFactory(meeting=meeting, on_behalf_of=district, attended=True)
            # And the next national meeting's invitation for the district (the gaps column).
            MeetingInvitationFactory(meeting=coming, on_behalf_of=district)

    coming = MeetingFactory(council=roles.central, kind=Meeting.Kind.NATIONAL)
    add(2)
    small = _count(client, "/overleg/landelijk/")
    add(8)
    large = _count(client, "/overleg/landelijk/")
    _assert_same("/overleg/landelijk/", small, large)


def test_cancel_page_query_count_does_not_grow_with_the_invited(client, roles, meeting):
    client.force_login(roles["secretary"])
    url = f"/overleg/{meeting.pk}/afgelasten/"
    small = _count(client, url)
    for _i in range(15):
        MeetingInvitationFactory(meeting=meeting)
    large = _count(client, url)
    _assert_same(url, small, large)


def test_central_secretary_sees_pending_requests_to_join_on_the_dashboard(
    client, roles, central_secretary
):
    coming = MeetingFactory(council=roles.central, kind=Meeting.Kind.CENTRAL, title="CCR mei")
    asking = MembershipFactory(council=roles.other_council).user
    GuestRequestFactory(meeting=coming, user=asking, council=roles.other_council)
    decided = MembershipFactory(council=roles.other_council).user
    GuestRequestFactory(
        meeting=coming, user=decided, council=roles.other_council, status="approved"
    )
    client.force_login(central_secretary)
    html = client.get("/mijn/").content.decode()
    assert "1 verzoek wacht op uw besluit." in html
    assert escape(asking.get_full_name()) in html and escape(decided.get_full_name()) not in html
    assert f'href="/overleg/{coming.pk}/#verzoeken"' in html
    # Others do not decide, so they are not asked.
    for name in ("secretary", "central_member"):
        client.force_login(roles[name])
        assert "wacht op uw besluit" not in client.get("/mijn/").content.decode()


def test_dashboard_query_count_does_not_grow_with_requests_to_join(
    client, roles, central_secretary
):
    client.force_login(central_secretary)

    def add(count):
        for _i in range(count):
            meeting = MeetingFactory(council=roles.central, kind=Meeting.Kind.CENTRAL)
            GuestRequestFactory(
                meeting=meeting,
                user=MembershipFactory(council=roles.other_council).user,
                council=roles.other_council,
            )

    add(1)
    small = _count(client, "/mijn/")
    add(10)
    large = _count(client, "/mijn/")
    _assert_same("/mijn/", small, large)


def test_dashboard_panel_query_count_does_not_grow(client, roles, meeting):
    client.force_login(roles["member"])

    def add(count):
        for _i in range(count):
            ActionItemFactory(meeting=meeting, owner=roles["member"])
            MeetingInvitationFactory(user=roles["member"])

    add(2)
    small = _count(client, "/mijn/")
    add(20)
    large = _count(client, "/mijn/")
    _assert_same("/mijn/", small, large)
