"""The meeting pages in a browser: no axe-core WCAG 2.2 A/AA violation (also with an error
shown), a keyboard-only RSVP, and no horizontal scroll at 320px."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def full_meeting(roles):
    """A meeting of "noord" that started an hour ago, with something in every section."""
    from councils.models import Membership
    from councils.tests.factories import MembershipFactory
    from meetings.models import Meeting
    from meetings.tests.factories import (
        ActionItemFactory,
        AgendaItemFactory,
        GuestRequestFactory,
        MeetingDocumentFactory,
        MeetingFactory,
        MeetingInvitationFactory,
        MinutesFactory,
        NationalRepresentativeFactory,
    )

    now = timezone.now()
    meeting = MeetingFactory(
        council=roles.council,
        title="Vergadering Noord",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
        online_url="https://video.voorbeeld.example/noord",
    )
    for name in ("member", "secretary"):
        MeetingInvitationFactory(
            meeting=meeting,
            user=roles[name],
            on_behalf_of=roles.council,
            access_needs=["hearing_loop"],
        )
    AgendaItemFactory(meeting=meeting, order=1, title="Opening", dossier_ref="Dossier brieven")
    AgendaItemFactory(meeting=meeting, order=2, title="Rondvraag")
    MeetingDocumentFactory(meeting=meeting, title="Jaarplan")
    MinutesFactory(meeting=meeting)
    ActionItemFactory(
        meeting=meeting,
        owner=roles["member"],
        title="Brief nalezen",
        due_date=timezone.localdate() - datetime.timedelta(days=2),
    )
    central = MeetingFactory(council=roles.central, kind=Meeting.Kind.CENTRAL, title="CCR")
    central_secretary = MembershipFactory(
        council=roles.central, role=Membership.Role.SECRETARY
    ).user
    GuestRequestFactory(meeting=central, user=roles["member_other"], council=roles.other_council)
    NationalRepresentativeFactory(council=roles.council, user=roles["member"])
    return {"meeting": meeting, "central": central, "central_secretary": central_secretary}


def test_meeting_pages_have_no_wcag_violations(
    page, roles, full_meeting, log_in, assert_accessible
):
    meeting = full_meeting["meeting"]
    log_in(page, roles["secretary"])
    for path, heading in [
        ("/overleg/", "Overleg"),
        (meeting.get_absolute_url(), "Vergadering Noord"),
        (f"{meeting.get_absolute_url()}verzetten/", "Vergadering Noord verzetten"),
        ("/overleg/nieuw/", "Nieuw overleg plannen"),
        ("/overleg/landelijk/", "Landelijk overleg"),
        ("/mijn/", "Mijn overzicht"),
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("h1").inner_text() == heading
        assert_accessible(page)

    # A refused form: the error summary and the fields keep what was typed.
    page.goto("/overleg/nieuw/")
    page.get_by_label("Vergadering van de raad").check()
    page.get_by_label("Titel").fill("Vergadering januari")
    page.get_by_label("Begint op").fill("2030-01-15T14:00")
    page.get_by_label("Eindigt op").fill("2030-01-15T12:00")
    with page.expect_navigation():
        page.get_by_role("button", name="Overleg plannen").click()
    assert page.locator(".error-summary").is_visible()
    assert page.get_by_label("Titel").input_value() == "Vergadering januari"
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, full_meeting["central_secretary"])
    page.goto(full_meeting["central"].get_absolute_url())
    assert page.get_by_role("heading", name="Verzoeken om aan te schuiven").is_visible()
    assert_accessible(page)


def test_member_answers_with_the_keyboard_alone(page, roles, full_meeting, log_in):
    meeting = full_meeting["meeting"]
    log_in(page, roles["member"])
    page.goto(meeting.get_absolute_url())
    page.get_by_label("Ik kom", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_label("Ringleiding").focus()
    page.keyboard.press("Tab")  # on to the next need: leave the hearing loop ticked
    page.keyboard.press("Space")  # and tick "Drempelvrij"
    page.get_by_role("button", name="Antwoord opslaan").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Uw antwoord is opgeslagen.").is_visible()
    from meetings.models import MeetingInvitation

    invitation = MeetingInvitation.objects.get(meeting=meeting, user=roles["member"])
    assert invitation.rsvp == "yes"
    assert invitation.access_needs == ["hearing_loop", "step_free"]


TOO_WIDE = """[...document.querySelectorAll("main *")]
    .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map((e) => `${e.tagName}.${e.className}#${e.id}`)
    .slice(0, 10)"""


def test_meeting_page_has_no_horizontal_scroll_at_320px(page, roles, full_meeting, log_in):
    log_in(page, roles["secretary"])
    page.set_viewport_size({"width": 320, "height": 800})
    for path in (full_meeting["meeting"].get_absolute_url(), "/overleg/", "/overleg/landelijk/"):
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        wide = page.evaluate(TOO_WIDE)  # to say which element, if one is
        assert overflow <= 0, (path, overflow, wide)
