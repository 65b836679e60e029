"""Issue 15, calendar, in a browser as the person who does each flow, with axe on every page:
a member finds their own meetings in the month on a phone; a member changes what they need
after signing up and the organiser (the liaison who posted it) sees it; a member signs up and
off and the second mail takes the event out of their calendar (METHOD:CANCEL, same UID); a member
reaches the personal feed from the agenda, the month, the meetings and Mijn overzicht and copies
its address. Every flow by keyboard alone: Tab, Enter, Space and typing, never a click."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.e2e.keyboard import enter, second_step, tab_to, to_content

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _at(days: int, hour: int) -> datetime.datetime:
    from meetings.selectors_activities import AMSTERDAM

    day = timezone.localdate(timezone=AMSTERDAM) + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=AMSTERDAM)


def _month_path(moment: datetime.datetime) -> str:
    from meetings.selectors_activities import AMSTERDAM

    return f"/agenda/maand/{timezone.localtime(moment, AMSTERDAM):%Y/%m}/"


def _mails_to(page, smtp_server, address: str, count: int) -> list:
    """The mails to ``address`` once ``count`` have arrived (they are sent after the commit)."""
    for _ in range(50):
        if len(smtp_server.to(address)) >= count:
            break
        page.wait_for_timeout(100)
    return smtp_server.to(address)


def _link(text: str):
    return lambda e: e["tag"] == "a" and text in e["text"]


def _button(text: str):
    return lambda e: e["tag"] == "button" and e["text"] == text


def _calendar(mail):
    from icalendar import Calendar

    [part] = [p for p in mail["message"].walk() if p.get_content_type() == "text/calendar"]
    [vevent] = Calendar.from_ical(part.get_content()).walk("VEVENT")
    return Calendar.from_ical(part.get_content())["METHOD"], vevent


def test_member_finds_their_own_meetings_in_the_month_on_a_phone(
    page, roles, log_in, assert_accessible
):
    from meetings.models import Meeting
    from meetings.tests.factories import ActivityFactory, MeetingFactory

    start = _at(9, 14)
    own = MeetingFactory(
        council=roles.council,
        title="Vergadering Noord",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    MeetingFactory(  # another council's: never in this member's month
        council=roles.other_council,
        title="Vergadering Limburg",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    MeetingFactory(  # a national meeting the member is not invited to
        council=roles.central,
        kind=Meeting.Kind.NATIONAL,
        title="Landelijk overleg",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    activity = ActivityFactory(
        council=roles.council,
        title="Klantpanel WW",
        starts_at=start.replace(hour=10),
        ends_at=start.replace(hour=12),
    )
    log_in(page, roles["member"])
    page.goto(_month_path(start))
    month = page.locator("table.month")
    assert month.get_by_role("link", name=f"14:00 {own.title}").is_visible()
    assert month.get_by_role("link", name=f"10:00 {activity.title}").is_visible()
    assert month.get_by_text("Vergadering Limburg").count() == 0
    assert month.get_by_text("Landelijk overleg").count() == 0
    assert page.get_by_text("1 activiteit in deze maand, 1 overleg van u").is_visible()
    assert_accessible(page)

    # On a phone: the days with something on them, as a list; nothing cut off, no sideways scroll.
    page.set_viewport_size({"width": 390, "height": 800})
    link = month.get_by_role("link", name=f"14:00 {own.title}")
    assert link.is_visible()
    box = link.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    assert_accessible(page)
    to_content(page)
    tab_to(page, _link(own.title), limit=60)
    enter(page)
    assert page.locator("h1").inner_text() == own.title


def test_member_changes_what_they_need_and_the_organiser_sees_it(
    page, roles, log_in, assert_accessible
):
    from meetings.services import activity_sign_up
    from meetings.tests.factories import ActivityFactory

    activity = ActivityFactory(
        council=roles.council, title="Werkbezoek Groningen", created_by=roles["liaison"]
    )
    activity_sign_up(user=roles["member"], activity=activity, access_needs=["hearing_loop"])
    log_in(page, roles["member"])
    page.goto(activity.get_absolute_url())
    to_content(page)
    tab_to(page, _link("Wijzig wat u nodig heeft"))
    enter(page)
    # Filled in with what was asked.
    assert page.get_by_label("Ringleiding").is_checked()
    assert not page.get_by_label("Tolk gebarentaal").is_checked()
    assert_accessible(page)
    to_content(page)
    tab_to(page, lambda e: e["name"] == "access_needs" and e["text"] == "hearing_loop")
    page.keyboard.press("Space")
    tab_to(page, lambda e: e["name"] == "access_needs" and e["text"] == "sign_language")
    page.keyboard.press("Space")
    assert not page.get_by_label("Ringleiding").is_checked()
    assert page.get_by_label("Tolk gebarentaal").is_checked()
    tab_to(page, lambda e: e["name"] == "access_note")
    page.keyboard.type("Ik neem een begeleider mee.")
    tab_to(page, _button("Wijziging opslaan"))
    enter(page)
    assert page.url.endswith(activity.get_absolute_url())
    assert page.get_by_text("Uw wijziging is opgeslagen.").is_visible()
    assert page.get_by_text(
        "U heeft gevraagd om: Tolk gebarentaal. Ik neem een begeleider mee."
    ).is_visible()
    assert_accessible(page)

    # The organiser (the liaison who posted it, with her second step) reads the new needs.
    page.context.clear_cookies()
    log_in(page, roles["liaison"])
    second_step(page)
    page.goto(activity.get_absolute_url())
    to_content(page)
    tab_to(page, _link("Wie komen er"))
    enter(page)
    needs = page.locator("section[aria-labelledby=nodig]")
    assert needs.get_by_text("Tolk gebarentaal: 1").is_visible()
    assert needs.get_by_text("Ik neem een begeleider mee.").is_visible()
    assert needs.get_by_text("Ringleiding").count() == 0
    assert_accessible(page)


def test_member_signs_up_and_off_and_the_event_leaves_their_calendar(
    page, roles, log_in, assert_accessible, smtp_server
):
    from meetings.ical import event_uid
    from meetings.tests.factories import ActivityFactory

    activity = ActivityFactory(council=roles.council, title="Klantpanel brieven")
    member = roles["member"]
    log_in(page, member)
    page.goto(activity.get_absolute_url())
    to_content(page)
    tab_to(page, _button("Aanmelden"))
    enter(page)
    assert page.get_by_text("U bent aangemeld.", exact=True).is_visible()
    [signed_up] = _mails_to(page, smtp_server, member.email, 1)
    method, vevent = _calendar(signed_up)
    assert (method, str(vevent["UID"])) == ("REQUEST", event_uid(activity))
    assert vevent["ATTENDEE"].params["RSVP"] == "FALSE"

    to_content(page)
    tab_to(page, _link("Ik kom toch niet: afmelden"))
    enter(page)
    to_content(page)
    tab_to(page, _button("Ja, afmelden"))
    enter(page)
    assert page.get_by_text("U bent afgemeld.").is_visible()
    assert_accessible(page)
    _signed_up, signed_off = _mails_to(page, smtp_server, member.email, 2)
    assert signed_off["subject"].startswith("Afgemeld: ")
    method, vevent = _calendar(signed_off)
    assert method == "CANCEL"
    assert str(vevent["UID"]) == event_uid(activity)  # the very event the sign-up added
    assert vevent["STATUS"] == "CANCELLED"


def test_member_reaches_the_personal_feed_everywhere_and_copies_its_address(
    page, roles, log_in, assert_accessible
):
    from meetings.tests.factories import MeetingFactory, MeetingInvitationFactory

    meeting = MeetingFactory(council=roles.council, title="Vergadering Noord")
    MeetingInvitationFactory(meeting=meeting, user=roles["member"], on_behalf_of=roles.council)
    log_in(page, roles["member"])
    for path, name in [
        ("/agenda/", "Wilt u ook uw eigen afspraken in uw agenda?"),
        (_month_path(meeting.starts_at), "Zet uw eigen afspraken in uw agenda"),
        ("/overleg/", "Zet uw eigen afspraken in uw agenda"),
        ("/mijn/", "Zet uw eigen afspraken in uw agenda"),
    ]:
        page.goto(path)
        link = page.get_by_role("link", name=name)
        assert link.first.get_attribute("href") == "/agenda/mijn-feed/", path

    to_content(page)
    tab_to(page, lambda e: e["href"] == "/agenda/mijn-feed/", limit=60)
    enter(page)
    assert page.locator("h1").inner_text() == "Afspraken in uw eigen agenda"
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    address = page.get_by_label("Adres van uw agenda").input_value()
    assert "/agenda/feed/" in address
    to_content(page)
    tab_to(page, _button("Kopieer het adres"))
    page.keyboard.press("Enter")
    page.get_by_text("Het adres is gekopieerd. Plak het in uw agenda.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == address
    assert_accessible(page)
