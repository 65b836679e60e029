"""Issue 15, meetings: each flow walked in a browser as the person who does it, with axe on
every new page. The central secretary names a substitute and the invitation appears; a
secretary cancels a meeting through the question page (by keyboard); the central secretary
finds a request to join on "Mijn overzicht"; a member signs off an activity and joins and
leaves a dossier, each after a "Weet u het zeker?" page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def central_secretary(roles):
    from councils.models import Membership
    from councils.tests.factories import MembershipFactory

    return MembershipFactory(council=roles.central, role=Membership.Role.SECRETARY).user


def _invitation_cell(page, district: str) -> str:
    row = page.locator("tr", has=page.locator("th", has_text=district))
    return row.locator("td").last.inner_text()


def test_central_secretary_names_a_substitute_and_the_invitation_appears(
    page, roles, central_secretary, log_in, assert_accessible
):
    from meetings.models import Meeting, MeetingInvitation
    from meetings.tests.factories import MeetingFactory

    start = timezone.now() + datetime.timedelta(days=14)
    meeting = MeetingFactory(
        council=roles.central,
        kind=Meeting.Kind.NATIONAL,
        title="Landelijk overleg juni",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    substitute = roles["member_other"]
    log_in(page, central_secretary)
    page.goto("/overleg/landelijk/")
    district = roles.other_council.name
    assert "Niemand" in _invitation_cell(page, district)
    assert_accessible(page)

    page.get_by_label("Wie?").select_option(label=f"{substitute.get_full_name()} ({district})")
    page.get_by_role("radio", name="Plaatsvervanger").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Aanwijzen").click()
    assert page.get_by_text("is nu plaatsvervanger").is_visible()
    assert substitute.get_full_name() in _invitation_cell(page, district)
    assert "nog geen antwoord" in _invitation_cell(page, district)
    assert_accessible(page)
    assert MeetingInvitation.objects.filter(
        meeting=meeting, user=substitute, on_behalf_of=roles.other_council
    ).exists()

    # The substitute finds the invitation on "Mijn overzicht".
    page.context.clear_cookies()
    log_in(page, substitute)
    page.goto("/mijn/")
    assert page.get_by_role("link", name="Landelijk overleg juni").is_visible()


def test_secretary_cancels_a_meeting_through_the_question_with_the_keyboard(
    page, roles, log_in, assert_accessible
):
    from meetings.tests.factories import MeetingFactory, MeetingInvitationFactory

    meeting = MeetingFactory(council=roles.council, title="Vergadering Noord")
    for name in ("member", "secretary"):
        MeetingInvitationFactory(meeting=meeting, user=roles[name], on_behalf_of=roles.council)
    log_in(page, roles["secretary"])
    page.goto(meeting.get_absolute_url())
    link = page.get_by_role("link", name="Overleg afgelasten")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Vergadering Noord afgelasten"
    assert page.get_by_text("Alle 2 genodigden krijgen een e-mail").is_visible()
    assert_accessible(page)

    page.get_by_label("Waarom gaat het overleg niet door?").fill("De zaal is niet beschikbaar.")
    page.get_by_role("button", name="Ja, overleg afgelasten").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Het overleg is afgelast.").is_visible()
    assert page.get_by_text("Dit overleg is afgelast.").is_visible()
    meeting.refresh_from_db()
    assert meeting.is_cancelled


def test_central_secretary_finds_the_request_to_join_on_the_dashboard(
    page, roles, central_secretary, log_in, assert_accessible
):
    from meetings.models import Meeting
    from meetings.tests.factories import GuestRequestFactory, MeetingFactory

    central = MeetingFactory(council=roles.central, kind=Meeting.Kind.CENTRAL, title="CCR juli")
    GuestRequestFactory(meeting=central, user=roles["member_other"], council=roles.other_council)
    log_in(page, central_secretary)
    page.goto("/mijn/")
    assert page.get_by_text("1 verzoek wacht op uw besluit.").is_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="besluiten over CCR juli").click()
    assert page.get_by_role("heading", name="Verzoeken om aan te schuiven").is_visible()
    assert page.get_by_text(roles["member_other"].get_full_name()).first.is_visible()


def test_member_signs_off_an_activity_after_the_question(page, roles, log_in, assert_accessible):
    from meetings.models import Registration
    from meetings.services import activity_sign_up
    from meetings.tests.factories import ActivityFactory

    activity = ActivityFactory(council=roles.council, title="Klantpanel brieven")
    activity_sign_up(user=roles["member"], activity=activity, access_needs=["hearing_loop"])
    log_in(page, roles["member"])
    page.goto(activity.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("link", name="Ik kom toch niet: afmelden").click()
    assert page.get_by_role("heading", name="Weet u het zeker?").is_visible()
    assert page.get_by_text("Wat u heeft gevraagd, vervalt ook: Ringleiding").is_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, afmelden").click()
    assert page.get_by_text("U bent afgemeld.").is_visible()
    assert Registration.objects.get(user=roles["member"]).status == "cancelled"


def test_member_joins_a_dossier_after_the_question_and_leaves_it_again(
    page, roles, log_in, assert_accessible
):
    from dossiers.tests.factories import DossierFactory

    dossier = DossierFactory(council=roles.council, title="Bereikbaarheid telefoon")
    log_in(page, roles["member_other"])
    page.goto(dossier.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("button", name=f"Meedoen met {roles.other_council.name}").click()
    assert page.get_by_role("heading", name="Weet u het zeker?").is_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, meedoen").click()
    assert page.get_by_text("Uw raad doet nu mee met dit dossier.").is_visible()
    assert list(dossier.councils.all()) == [roles.other_council]

    with page.expect_navigation():
        page.get_by_role("link", name="Stoppen met meedoen").click()
    assert page.get_by_text("doet dan niet meer mee met dit dossier").is_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, stoppen met meedoen").click()
    assert page.get_by_text("Uw raad doet niet meer mee met dit dossier.").is_visible()
    assert not dossier.councils.exists()
