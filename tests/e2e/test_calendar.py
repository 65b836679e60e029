"""The activity calendar and aanschuiven in a browser: signing up for an activity and deciding a
request to join the central council with the keyboard alone, no axe-core WCAG 2.2 A/AA violation
on the list (also filtered), the month and an activity's page (also after signing up and with a
refusal), and no horizontal page scroll at 320px."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from tests.e2e.keyboard import tab_to

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOTE = "Ik neem een begeleider mee."
WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]


def _at(days: int, hour: int = 10) -> datetime.datetime:
    """``days`` from today at ``hour`` o'clock, Dutch time."""
    from meetings.selectors_activities import AMSTERDAM

    day = timezone.localdate(timezone=AMSTERDAM) + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=AMSTERDAM)


@pytest.fixture
def calendar_activities(roles):
    """Activities a member of "noord" sees: one open with places, a national webinar, a full one,
    a cancelled one and one whose sign-up deadline is still a day away."""
    from meetings.models import Activity, EventStatus
    from meetings.tests.factories import ActivityFactory, RegistrationFactory

    def make(days, **kwargs):
        start = _at(days)
        return ActivityFactory(
            starts_at=start, ends_at=start + datetime.timedelta(hours=3), **kwargs
        )

    open_ = make(
        7,
        council=roles.council,
        title="Klantpanel WW: brieven begrijpelijker maken",
        capacity=12,
        step_free=True,
        hearing_loop=True,
    )
    webinar = make(
        8,
        council=None,
        scope=Activity.Scope.NATIONAL,
        kind=Activity.Kind.WEBINAR,
        title="Webinar: nieuwe regels Ziektewet",
        location="",
        online_url="https://video.voorbeeld.example/webinar",
    )
    full = make(
        9,
        council=roles.other_council,
        kind=Activity.Kind.VISIT,
        title="Werkbezoek UWV-kantoor Maastricht",
        capacity=1,
        sign_language=True,
    )
    RegistrationFactory(activity=full, user=roles["member_other"])
    cancelled = make(
        10,
        council=roles.council,
        kind=Activity.Kind.TRAINING,
        title="Training: hoe schrijf ik een advies?",
        status=EventStatus.CANCELLED,
    )
    closing = make(
        12,
        council=roles.council,
        kind=Activity.Kind.MEETING,
        title="Open dag UWV Groningen",
        signup_deadline=timezone.now() + datetime.timedelta(days=1),
    )
    return {
        "open": open_,
        "webinar": webinar,
        "full": full,
        "cancelled": cancelled,
        "closing": closing,
    }


def _month(activity) -> str:
    """The activity's month as the list's filter has it: "2026-03"."""
    from meetings.selectors_activities import AMSTERDAM

    return f"{timezone.localtime(activity.starts_at, AMSTERDAM):%Y-%m}"


def _month_path(activity) -> str:
    return "/agenda/maand/{}/".format(_month(activity).replace("-", "/"))


def _name(name, value=None):
    return lambda element: element["name"] == name and value in (None, element["text"])


def _button(text):
    return lambda element: element["tag"] == "button" and element["text"].startswith(text)


def _page_width(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


# --- Signing up ---------------------------------------------------------------------------------


def test_member_signs_up_with_the_keyboard_alone(
    page, roles, calendar_activities, log_in, assert_accessible
):
    from meetings.models import Registration

    activity = calendar_activities["open"]
    log_in(page, roles["member"])
    page.goto("/agenda/")

    tab_to(page, lambda element: element["href"] == activity.get_absolute_url(), limit=60)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(activity.get_absolute_url())
    assert page.locator("h1").inner_text() == activity.title

    # The needs are checkboxes: Tab to "Ringleiding", Space ticks it.
    tab_to(page, _name("access_needs", "hearing_loop"), limit=60)
    page.keyboard.press("Space")
    assert page.get_by_label("Ringleiding").is_checked()
    tab_to(page, _name("access_note"))
    page.keyboard.type(NOTE)
    button = tab_to(page, _button("Aanmelden"))
    assert button["text"] == "Aanmelden"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith(activity.get_absolute_url())
    assert page.locator(".message--success").inner_text().startswith("U bent aangemeld.")
    section = page.locator("section[aria-labelledby=aanmelden]")
    assert section.get_by_text("U bent aangemeld.", exact=True).is_visible()
    assert section.get_by_text(f"U heeft gevraagd om: Ringleiding. {NOTE}").is_visible()
    assert section.get_by_role("link", name="Ik kom toch niet: afmelden").is_visible()
    assert_accessible(page)

    registration = Registration.objects.get(activity=activity, user=roles["member"])
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.access_needs == ["hearing_loop"]
    assert registration.access_note == NOTE


# --- axe-core -----------------------------------------------------------------------------------


def test_calendar_pages_have_no_wcag_violations(
    page, roles, calendar_activities, log_in, assert_accessible
):
    from meetings.models import Activity

    activities = calendar_activities
    log_in(page, roles["member"])

    # The list: every kind of activity, the full one and the cancelled one marked in words.
    response = page.goto("/agenda/")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Agenda"
    items = page.locator(".activity-list > li")
    assert items.count() == 5
    full = items.filter(has_text=activities["full"].title)
    assert full.get_by_text("Vol — wachtlijst").is_visible()
    cancelled = items.filter(has_text=activities["cancelled"].title)
    assert cancelled.get_by_text("Gaat niet door").is_visible()
    assert page.get_by_role("main").get_by_role("status").inner_text() == "5 activiteiten gevonden"
    assert_accessible(page)

    # Filtered with the form: region, kind and month.
    page.get_by_label("Regio").select_option("noord")
    page.get_by_label("Soort activiteit").select_option("client_panel")
    page.get_by_label("Maand").select_option(_month(activities["open"]))
    with page.expect_navigation():
        page.get_by_role("button", name="Toon activiteiten").click()
    assert "regio=noord" in page.url and "soort=client_panel" in page.url
    assert page.get_by_role("main").get_by_role("status").inner_text() == "1 activiteit gevonden"
    assert items.count() == 1
    assert page.get_by_role("link", name="Alle activiteiten tonen").is_visible()
    assert_accessible(page)

    # A filter that finds nothing says so.
    page.goto("/agenda/?soort=other")
    assert page.get_by_role("main").get_by_role("status").inner_text() == "0 activiteiten gevonden"
    assert_accessible(page)

    # The month.
    response = page.goto(_month_path(activities["open"]))
    assert response.status == 200
    assert page.locator("h1").inner_text().startswith("Agenda ")
    assert (
        page.locator("table.month").get_by_role("link", name=activities["open"].title).is_visible()
    )
    assert_accessible(page)

    # An activity's page: open, full (waiting list), cancelled.
    for key, text in [
        ("open", "Aanmelden"),
        ("full", "Zet mij op de wachtlijst"),
        ("webinar", "Aanmelden"),
    ]:
        response = page.goto(activities[key].get_absolute_url())
        assert response.status == 200, key
        assert page.get_by_role("button", name=text).is_visible(), key
        assert_accessible(page)
    page.goto(activities["cancelled"].get_absolute_url())
    assert page.get_by_text("Deze activiteit gaat niet door.").is_visible()
    assert_accessible(page)

    # Refused: the deadline passes while the page is open. The error summary says why and the
    # form keeps what was ticked.
    closing = activities["closing"]
    page.goto(closing.get_absolute_url())
    page.get_by_label("Tolk gebarentaal").check()
    Activity.objects.filter(pk=closing.pk).update(
        signup_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Aanmelden").click()
    assert navigation.value.status == 400
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "Aanmelden kon tot" in summary.inner_text()
    assert page.get_by_label("Tolk gebarentaal").is_checked()
    assert_accessible(page)

    # After signing up (to the full one: on the waiting list).
    page.goto(activities["full"].get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("button", name="Zet mij op de wachtlijst").click()
    assert page.get_by_text("U staat op de wachtlijst. U bent nummer 1.").is_visible()
    assert_accessible(page)


# --- Aanschuiven --------------------------------------------------------------------------------


def test_member_asks_to_join_and_the_secretary_approves_with_the_keyboard(
    page, roles, log_in, assert_accessible
):
    from councils.models import Membership
    from councils.tests.factories import MembershipFactory
    from meetings.models import GuestRequest, Meeting, MeetingInvitation
    from meetings.tests.factories import MeetingFactory

    meeting = MeetingFactory(
        council=roles.central, kind=Meeting.Kind.CENTRAL, title="Vergadering CCR mei"
    )
    secretary = MembershipFactory(council=roles.central, role=Membership.Role.SECRETARY).user
    member = roles["member"]

    # The district member: the reason typed, the button pressed with Enter.
    log_in(page, member)
    page.goto(meeting.get_absolute_url())
    assert page.get_by_role("heading", name="Aanschuiven").is_visible()
    assert_accessible(page)
    tab_to(page, _name("reason"), limit=60)
    page.keyboard.type("Wij hebben veel signalen over de bereikbaarheid van UWV.")
    button = tab_to(page, _button("Vragen om aan te schuiven"))
    assert button["text"] == "Vragen om aan te schuiven"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".message--success").inner_text().startswith("Uw verzoek is verstuurd.")
    assert page.get_by_text("De secretaris heeft nog niet besloten.").is_visible()
    guest_request = GuestRequest.objects.get(meeting=meeting, user=member)
    assert guest_request.status == GuestRequest.Status.PENDING
    assert guest_request.council == roles.council

    # The central council's secretary: the pending request on the meeting page.
    page.context.clear_cookies()
    log_in(page, secretary)
    page.goto(meeting.get_absolute_url())
    requests = page.locator("section[aria-labelledby=verzoeken]")
    assert requests.get_by_role("heading", name="Verzoeken om aan te schuiven").is_visible()
    assert requests.get_by_text("Namens Districtscliëntenraad Noord").is_visible()
    assert_accessible(page)

    # Tab to "Goedkeuren" (the first radio button of the group), Space, on to the button, Enter.
    tab_to(page, _name("decision", "approve"), limit=80)
    page.keyboard.press("Space")
    assert requests.get_by_label("Goedkeuren").is_checked()
    tab_to(page, _button("Besluit opslaan"))
    # The button's name says whose request it decides.
    whose = re.compile(rf"^Besluit opslaan\s*: {re.escape(member.get_full_name())}$")
    button = requests.get_by_role("button", name=whose)
    assert button.evaluate("el => el === document.activeElement")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".message--success").inner_text().startswith("Het verzoek is goedgekeurd.")
    assert requests.get_by_text("Er zijn geen verzoeken die op een besluit wachten.").is_visible()
    assert_accessible(page)

    guest_request.refresh_from_db()
    assert guest_request.status == GuestRequest.Status.APPROVED
    assert guest_request.decided_by == secretary
    invitation = MeetingInvitation.objects.get(meeting=meeting, user=member)
    assert invitation.on_behalf_of == roles.council


# --- 320 px -------------------------------------------------------------------------------------


def test_calendar_has_no_horizontal_scroll_at_320px(
    page, roles, calendar_activities, log_in, assert_accessible
):
    log_in(page, roles["member"])
    page.set_viewport_size({"width": 320, "height": 640})
    month = _month(calendar_activities["open"])
    for path in ["/agenda/", f"/agenda/?regio=noord&soort=client_panel&maand={month}"]:
        page.goto(path)
        assert _page_width(page) <= 320, f"{path} is {_page_width(page)}px wide"
        assert_accessible(page)

    # The month (issue 15): on a phone a list of the days that have something on them, each
    # with its full date, instead of a table cut off after Wednesday.
    from meetings.selectors_activities import AMSTERDAM

    activity = calendar_activities["open"]
    path = _month_path(activity)
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 640})
        page.goto(path)
        assert _page_width(page) <= width, f"{path} is {_page_width(page)}px wide at {width}px"
        region = page.locator(".table-wrap")
        assert region.evaluate("el => el.scrollWidth <= el.clientWidth"), f"cut off at {width}px"
        assert page.locator("table.month thead").is_hidden()
        link = page.locator("table.month").get_by_role("link", name=activity.title)
        assert link.is_visible()
        day = timezone.localtime(activity.starts_at, AMSTERDAM)
        cell = page.locator("table.month td", has=page.get_by_role("link", name=activity.title))
        date = cell.locator(".month__date").inner_text()
        assert date.lower().startswith(f"{WEEKDAYS[day.weekday()]} {day.day} "), date
        # Only days with something on them: the empty ones are not shown.
        assert page.locator("table.month td.month__empty").first.is_hidden()
    assert_accessible(page)
