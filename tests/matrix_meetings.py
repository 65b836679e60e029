"""Permission matrix rows for the meeting pages (/overleg/).

The objects: a meeting of the council "noord" to which its member and secretary are invited,
and its ex-member was while still on noord (with an agenda, a document, draft minutes and an
action for the member), a meeting of the central council with a pending request to join it,
and nothing else. None of the roles is the central council's secretary, so nobody here may
decide on a request to join; that case is tested in src/meetings/tests/test_meetings.py."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.matrix import DENY, Case, logged_in

READY = "meetings_ready"


def extend_context(context):
    if context.get(READY):
        return context
    from councils.models import Membership
    from councils.tests.factories import MembershipFactory
    from meetings.models import EventStatus, Meeting
    from meetings.tests.factories import (
        ActionItemFactory,
        AgendaItemFactory,
        GuestRequestFactory,
        MeetingDocumentFactory,
        MeetingFactory,
        MeetingInvitationFactory,
        MinutesFactory,
    )

    roles = context["roles"]
    meeting = MeetingFactory(council=roles.council, status=EventStatus.SCHEDULED)
    # The ex-member was invited while on noord; the invitation opens nothing once that ends.
    for name in ("member", "secretary", "ex_member"):
        MeetingInvitationFactory(meeting=meeting, user=roles[name], on_behalf_of=roles.council)
    AgendaItemFactory(meeting=meeting, order=1)
    agenda_item = AgendaItemFactory(meeting=meeting, order=2)
    central_meeting = MeetingFactory(council=roles.central, kind=Meeting.Kind.CENTRAL)
    asking = MembershipFactory(council=roles.other_council, role=Membership.Role.MEMBER).user
    context.update(
        {
            READY: True,
            "meeting": meeting,
            "agenda_item": agenda_item,
            "document": MeetingDocumentFactory(meeting=meeting),
            "minutes": MinutesFactory(meeting=meeting),
            "action_item": ActionItemFactory(meeting=meeting, owner=roles["member"]),
            "central_meeting": central_meeting,
            "guest_request": GuestRequestFactory(
                meeting=central_meeting, user=asking, council=roles.other_council
            ),
            "member_membership": Membership.objects.get(
                user=roles["member"], council=roles.council
            ),
        }
    )
    return context


def _m(c, key="meeting"):
    return extend_context(c)[key]


def _url(c, suffix=""):
    return f"/overleg/{_m(c).pk}/{suffix}"


def _when(days: int, hour: int) -> str:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return f"{day:%Y-%m-%d}T{hour:02d}:00"


def _draft_minutes(c):
    """Every role starts from draft minutes, so the second to approve is not refused for
    coming second."""
    minutes = _m(c, "minutes")
    minutes.refresh_from_db()
    minutes.status = "draft"
    minutes.save(update_fields=["status"])
    # Minutes are approved once the meeting has begun (before, it is refused).
    meeting = _m(c)
    meeting.starts_at = timezone.now() - datetime.timedelta(hours=3)
    meeting.ends_at = timezone.now() - datetime.timedelta(hours=1)
    meeting.save(update_fields=["starts_at", "ends_at"])
    return {}


MANAGERS = logged_in(DENY, secretary=302, administrator=302)
# Who may see the meeting of "noord": its invited member and secretary, and administrators.
NOORD = logged_in(DENY, member=200, secretary=200, administrator=200)
COUNCIL_MEMBERS = logged_in(
    DENY, member=200, member_other=200, secretary=200, central_member=200, administrator=200
)

CASES = [
    Case("meetings:meetings", lambda c: "/overleg/", logged_in(200)),
    Case("meetings:meetings (per soort)", lambda c: "/overleg/?soort=central", logged_in(200)),
    Case(
        "meetings:meeting_create",
        lambda c: "/overleg/nieuw/",
        logged_in(DENY, secretary=200, administrator=200),
    ),
    Case(
        "meetings:meeting_create (plannen)",
        lambda c: "/overleg/nieuw/",
        MANAGERS,
        method="post",
        data=lambda c: {
            "kind": "council",
            "council": extend_context(c)["roles"].council.pk,
            "title": f"Vergadering {c['n']}",
            "starts_at": _when(20, 14),
            "ends_at": _when(20, 16),
        },
    ),
    Case(
        "meetings:meeting_create (landelijk overleg)",
        lambda c: "/overleg/nieuw/",
        # Not a district's secretary (refused on the form); the central council's secretary or
        # chair (tested in src/meetings/tests/test_national.py) and administrators.
        logged_in(DENY, secretary=400, administrator=302),
        method="post",
        data=lambda c: {
            "kind": "national",
            "council": extend_context(c)["roles"].central.pk,
            "title": f"Landelijk overleg {c['n']}",
            "starts_at": _when(30, 14),
            "ends_at": _when(30, 16),
        },
    ),
    Case("meetings:meeting", lambda c: _url(c), NOORD),
    Case(
        "meetings:meeting (centrale raad)",
        lambda c: f"/overleg/{_m(c, 'central_meeting').pk}/",
        COUNCIL_MEMBERS,
    ),
    Case("meetings:meeting (onbekend)", lambda c: "/overleg/999999/", logged_in(404)),
    Case(
        "meetings:meeting_document_add",
        lambda c: _url(c, "documenten/"),
        MANAGERS,
        method="post",
        data=lambda c: {
            "title": "Jaarplan",
            "file": SimpleUploadedFile("jaarplan.pdf", b"%PDF-1.4\n%\xe2\xe3\n", "application/pdf"),
        },
    ),
    Case(
        "meetings:meeting_document",
        lambda c: _url(c, f"documenten/{_m(c, 'document').pk}/"),
        NOORD,
    ),
    Case(
        "meetings:meeting_rsvp",
        lambda c: _url(c, "antwoord/"),
        # An administrator may see the meeting but is not invited: refused with a reason.
        logged_in(DENY, member=302, secretary=302, administrator=400),
        method="post",
        data=lambda c: {"rsvp": "yes", "access_needs": ["hearing_loop"]},
    ),
    Case(
        "meetings:meeting_minutes",
        lambda c: _url(c, "notulen/"),
        MANAGERS,
        method="post",
        data=lambda c: {"text": "De voorzitter opent de vergadering om 14.00 uur."},
    ),
    Case(
        "meetings:meeting_minutes_approve",
        lambda c: _url(c, "notulen/vaststellen/"),
        MANAGERS,
        method="post",
        data=_draft_minutes,
    ),
    Case(
        "meetings:meeting_action_add",
        lambda c: _url(c, "acties/"),
        MANAGERS,
        method="post",
        data=lambda c: {
            "title": "Brief nalezen",
            "owner": extend_context(c)["roles"]["member"].pk,
            "due_date": f"{timezone.localdate() + datetime.timedelta(days=10):%Y-%m-%d}",
        },
    ),
    Case(
        "meetings:meeting_action_status",
        lambda c: f"/overleg/actie/{_m(c, 'action_item').pk}/status/",
        # Its owner (the member) too.
        logged_in(DENY, member=302, secretary=302, administrator=302),
        method="post",
        data=lambda c: {"status": "done"},
    ),
    Case(
        "meetings:meeting_agenda_add",
        lambda c: _url(c, "agenda/"),
        MANAGERS,
        method="post",
        data=lambda c: {"title": "Rondvraag", "dossier_ref": "Dossier brieven"},
    ),
    Case(
        "meetings:meeting_agenda_move",
        lambda c: f"/overleg/agenda/{_m(c, 'agenda_item').pk}/verplaats/",
        MANAGERS,
        method="post",
        data=lambda c: {"direction": "up"},
    ),
    Case(
        "meetings:meeting_reschedule",
        lambda c: _url(c, "verzetten/"),
        logged_in(DENY, secretary=200, administrator=200),
    ),
    Case(
        "meetings:meeting_reschedule (opslaan)",
        lambda c: _url(c, "verzetten/"),
        MANAGERS,
        method="post",
        data=lambda c: {"starts_at": _when(9, 10), "ends_at": _when(9, 12), "location": "Zwolle"},
    ),
    Case(
        "meetings:meeting_cancel (weet u het zeker?)",
        lambda c: _url(c, "afgelasten/"),
        logged_in(DENY, secretary=200, administrator=200),
    ),
    Case(
        "meetings:meeting_cancel",
        lambda c: _url(c, "afgelasten/"),
        MANAGERS,
        method="post",
        data=lambda c: {"reason": "De zaal is niet beschikbaar."},
    ),
    Case(
        "meetings:meeting_attendance",
        lambda c: _url(c, "aanwezig/"),
        MANAGERS,
        method="post",
        data=lambda c: {"present": [extend_context(c)["roles"]["member"].pk]},
    ),
    Case(
        "meetings:meeting_guest_request",
        lambda c: f"/overleg/{_m(c, 'central_meeting').pk}/aanschuiven/",
        # District members; not the central council's own members, nor administrators.
        logged_in(DENY, member=302, member_other=302, secretary=302),
        method="post",
        data=lambda c: {"reason": "Wij hebben veel signalen over brieven."},
    ),
    Case(
        "meetings:meeting_guest_decide",
        lambda c: f"/overleg/aanschuiven/{_m(c, 'guest_request').pk}/besluit/",
        # Only the central council's secretary or chair; none of these roles is.
        logged_in(DENY),
        method="post",
        data=lambda c: {"decision": "approve"},
    ),
    Case("meetings:national", lambda c: "/overleg/landelijk/", COUNCIL_MEMBERS),
    Case(
        "meetings:national_representative",
        lambda c: "/overleg/landelijk/vertegenwoordiger/",
        MANAGERS,
        method="post",
        data=lambda c: {
            "membership": _m(c, "member_membership").pk,
            "role": "representative",
        },
    ),
]
