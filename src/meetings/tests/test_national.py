"""The national meeting: who may plan one, and invitations that follow the districts' named
representatives and substitutes (invited with an .ics REQUEST when named, withdrawn with a
CANCEL when replaced), over real SMTP; the gaps on the national overview; the demo."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from councils.models import Membership
from councils.selectors import viewer_for
from councils.tests.factories import MembershipFactory
from meetings.ical import event_uid
from meetings.models import EventStatus, Meeting, MeetingInvitation, NationalRepresentative
from meetings.permissions import (
    can_name_national_representative,
    can_schedule_national_meeting,
    schedulable_kinds,
)
from meetings.services import MeetingError, meeting_schedule, national_representative_set

from .factories import MeetingFactory, NationalRepresentativeFactory
from .test_mail_ics import calendar_part, only_event

pytestmark = pytest.mark.django_db


def _national(roles, *, days: int = 14, **kwargs) -> Meeting:
    start = timezone.now() + datetime.timedelta(days=days)
    return MeetingFactory(
        council=roles.central,
        kind=Meeting.Kind.NATIONAL,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        **kwargs,
    )


@pytest.fixture
def central_secretary(roles):
    return MembershipFactory(council=roles.central, role=Membership.Role.SECRETARY).user


def _name(roles, user, role, capture) -> None:
    """Noord's secretary names ``user``; the mails go out (after commit)."""
    with capture(execute=True):
        national_representative_set(
            actor=roles["secretary"], council=roles.council, user=user, role=role
        )


def _invited(meeting) -> set:
    return set(meeting.invitations.values_list("user_id", "on_behalf_of_id"))


# --- invitations follow the people named ----------------------------------------------------


def test_naming_a_representative_invites_them_to_every_coming_national_meeting(
    roles, smtp_server, django_capture_on_commit_callbacks
):
    first, second = _national(roles, days=10), _national(roles, days=40)
    past = _national(roles, days=-10)
    cancelled = _national(roles, days=20, status=EventStatus.CANCELLED)
    _name(
        roles,
        roles["member"],
        NationalRepresentative.Role.REPRESENTATIVE,
        django_capture_on_commit_callbacks,
    )
    for meeting in (first, second):
        assert _invited(meeting) == {(roles["member"].pk, roles.council.pk)}
    assert not past.invitations.exists() and not cancelled.invitations.exists()

    mails = smtp_server.to(roles["member"].email)
    assert len(mails) == 2
    uids = set()
    for mail in mails:
        assert mail["subject"].startswith("Uitnodiging: ")
        part, calendar = calendar_part(mail)
        assert part.get_param("method") == "REQUEST" and calendar["METHOD"] == "REQUEST"
        uids.add(str(only_event(calendar)["UID"]))
    assert uids == {event_uid(first), event_uid(second)}


def test_a_replaced_substitute_loses_the_invitation_with_a_cancel(
    roles, smtp_server, django_capture_on_commit_callbacks
):
    old = MembershipFactory(council=roles.council).user
    NationalRepresentativeFactory(
        council=roles.council, user=old, role=NationalRepresentative.Role.SUBSTITUTE
    )
    meeting = _national(roles)
    MeetingInvitation.objects.create(meeting=meeting, user=old, on_behalf_of=roles.council)
    _name(
        roles,
        roles["member"],
        NationalRepresentative.Role.SUBSTITUTE,
        django_capture_on_commit_callbacks,
    )
    assert _invited(meeting) == {(roles["member"].pk, roles.council.pk)}

    [withdrawn] = smtp_server.to(old.email)
    assert withdrawn["subject"].startswith("Niet meer uitgenodigd: ")
    assert "U bent niet meer uitgenodigd" in withdrawn["text"]
    assert roles.council.name in withdrawn["text"]
    part, calendar = calendar_part(withdrawn)
    assert part.get_param("method") == "CANCEL" and calendar["METHOD"] == "CANCEL"
    vevent = only_event(calendar)
    assert vevent["UID"] == event_uid(meeting)
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert str(vevent["ATTENDEE"]) == f"mailto:{old.email}"

    [invited] = smtp_server.to(roles["member"].email)
    assert calendar_part(invited)[0].get_param("method") == "REQUEST"


def test_naming_the_same_person_again_sends_nothing(
    roles, smtp_server, django_capture_on_commit_callbacks
):
    meeting = _national(roles)
    for _ in range(2):
        _name(
            roles,
            roles["member"],
            NationalRepresentative.Role.REPRESENTATIVE,
            django_capture_on_commit_callbacks,
        )
    assert _invited(meeting) == {(roles["member"].pk, roles.council.pk)}
    assert len(smtp_server.to(roles["member"].email)) == 1


def test_a_replaced_central_member_stays_invited_for_the_central_council(
    roles, smtp_server, django_capture_on_commit_callbacks
):
    both = roles["central_member"]
    MembershipFactory(council=roles.council, user=both)
    NationalRepresentativeFactory(council=roles.council, user=both)
    meeting = _national(roles)
    MeetingInvitation.objects.create(meeting=meeting, user=both, on_behalf_of=roles.council)
    _name(
        roles,
        roles["member"],
        NationalRepresentative.Role.REPRESENTATIVE,
        django_capture_on_commit_callbacks,
    )
    assert _invited(meeting) == {
        (both.pk, roles.central.pk),
        (roles["member"].pk, roles.council.pk),
    }
    assert smtp_server.to(both.email) == []


# --- who plans a national meeting ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("member", False),
        ("secretary", False),  # a district's secretary
        ("central_member", False),
        ("editor", False),
        ("liaison", False),
        ("administrator", True),
    ],
)
def test_who_may_plan_a_national_meeting(roles, name, allowed):
    viewer = viewer_for(roles[name])
    assert can_schedule_national_meeting(viewer) is allowed
    assert (Meeting.Kind.NATIONAL in schedulable_kinds(viewer)) is allowed


def test_the_central_secretary_plans_national_meetings_and_names_for_any_district(
    roles, central_secretary
):
    viewer = viewer_for(central_secretary)
    assert can_schedule_national_meeting(viewer)
    assert can_name_national_representative(viewer, roles.council)
    assert can_name_national_representative(viewer, roles.other_council)
    assert not can_name_national_representative(viewer, roles.central)
    district = viewer_for(roles["secretary"])
    assert can_name_national_representative(district, roles.council)
    assert not can_name_national_representative(district, roles.other_council)


def _plan_national(client, *, council: int):
    start = timezone.localdate() + datetime.timedelta(days=20)
    data = {"kind": "national", "council": council, "title": "Landelijk overleg"}
    data["starts_at"], data["ends_at"] = f"{start:%Y-%m-%d}T14:00", f"{start:%Y-%m-%d}T16:00"
    return client.post("/overleg/nieuw/", data)


def test_a_district_secretary_is_not_offered_nor_allowed_a_national_meeting(client, roles):
    client.force_login(roles["secretary"])
    html = client.get("/overleg/nieuw/").content.decode()
    assert 'value="council"' in html and 'value="national"' not in html
    response = _plan_national(client, council=roles.council.pk)
    assert response.status_code == 400
    assert "Kies een soort overleg die u mag plannen." in response.content.decode()
    assert not Meeting.objects.exists()


def test_central_secretary_plans_a_national_meeting_that_invites_the_named(
    client, roles, central_secretary
):
    NationalRepresentativeFactory(council=roles.council, user=roles["member"])
    client.force_login(central_secretary)
    response = _plan_national(client, council=roles.central.pk)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (roles["member"].pk, roles.council.pk) in _invited(meeting)


def test_a_national_meeting_belongs_to_the_central_council(roles):
    start = timezone.now() + datetime.timedelta(days=5)
    with pytest.raises(MeetingError, match="De Centrale Cliëntenraad organiseert"):
        meeting_schedule(
            actor=roles["administrator"],
            kind=Meeting.Kind.NATIONAL,
            council=roles.council,
            title="Landelijk",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
        )


# --- the overview ---------------------------------------------------------------------------


def test_central_secretary_names_a_substitute_and_the_overview_shows_the_invitation(
    client, roles, central_secretary, smtp_server, django_capture_on_commit_callbacks
):
    meeting = _national(roles)
    client.force_login(central_secretary)
    html = client.get("/overleg/landelijk/").content.decode()
    callout = html.split("niet uitgenodigd voor", 1)[1].split("</div>", 1)[0]
    assert roles.council.name in callout and roles.other_council.name in callout

    membership = Membership.objects.get(user=roles["member_other"], council=roles.other_council)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/overleg/landelijk/vertegenwoordiger/",
            {"membership": membership.pk, "role": "substitute"},
        )
    assert response.status_code == 302
    assert _invited(meeting) == {(roles["member_other"].pk, roles.other_council.pk)}
    assert len(smtp_server.to(roles["member_other"].email)) == 1

    html = client.get("/overleg/landelijk/").content.decode()
    callout = html.split("niet uitgenodigd voor", 1)[1].split("</div>", 1)[0]
    assert roles.council.name in callout and roles.other_council.name not in callout
    row = html.split(f'<th scope="row">{roles.other_council.name}</th>', 1)[1].split("</tr>")[0]
    assert "(nog geen antwoord)" in row


# --- the demo --------------------------------------------------------------------------------


def test_demo_national_meeting_invites_every_named_representative(
    django_capture_on_commit_callbacks,
):
    from councils.demo import load as load_councils
    from meetings.demo import load

    load_councils()
    with django_capture_on_commit_callbacks(execute=False):
        load()
    meeting = Meeting.objects.get(kind=Meeting.Kind.NATIONAL)
    named = set(NationalRepresentative.objects.values_list("user_id", "council_id"))
    assert len(named) >= 2
    assert named <= _invited(meeting)
