"""The public agenda in a browser (issue 14): a visitor goes from the home page to the agenda,
filters it, looks at the month, opens an activity and reads its accessibility facts and how to
take part, and finds the help to put the public activities in their own calendar; no axe-core
WCAG 2.2 A/AA violation on any of these pages; the same walk with the keyboard alone."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.e2e.keyboard import choose, tab_to

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _at(days: int, hour: int = 10) -> datetime.datetime:
    from meetings.selectors_activities import AMSTERDAM

    day = timezone.localdate(timezone=AMSTERDAM) + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=AMSTERDAM)


@pytest.fixture
def public_agenda(public_site):
    """Public activities in noord, in limburg and national, and one for members only."""
    from common.models import Visibility
    from meetings.models import Activity
    from meetings.tests.factories import ActivityFactory

    roles = public_site
    roles.council.email = "noord@raadsplein.example"
    roles.council.save(update_fields=["email"])

    def make(days, **kwargs):
        kwargs.setdefault("visibility", Visibility.PUBLIC)
        return ActivityFactory(starts_at=_at(days), ends_at=_at(days, 13), **kwargs)

    return {
        "open_day": make(
            4,
            council=roles.council,
            kind=Activity.Kind.MEETING,
            title="Open dag UWV Groningen",
            step_free=True,
            hearing_loop=True,
            accessibility_notes="De ingang voor rolstoelen is aan de achterkant.",
        ),
        "webinar": make(
            5,
            council=None,
            scope=Activity.Scope.NATIONAL,
            kind=Activity.Kind.WEBINAR,
            title="Webinar: zo werkt de WW",
            location="",
            online_url="https://video.voorbeeld.example/ww",
            sign_language=True,
        ),
        "visit": make(
            6, council=roles.other_council, kind=Activity.Kind.VISIT, title="Werkbezoek Limburg"
        ),
        "members": make(
            5, council=roles.council, title="Training voor leden", visibility=Visibility.COUNCILS
        ),
    }


def _href(url):
    return lambda element: element["href"] == url


def _text_is(text):
    return lambda element: element["text"] == text


def test_visitor_finds_an_activity_from_home_and_the_feed_help(
    page, public_agenda, settings, assert_accessible
):
    activity = public_agenda["open_day"]

    # Home: the next public activities, and the way to the agenda.
    page.goto("/")
    block = page.locator("section[aria-labelledby=activiteiten]")
    assert block.get_by_role("heading", name="Binnenkort in de agenda").is_visible()
    assert block.get_by_role("link", name=activity.title).is_visible()
    assert block.get_by_text("Training voor leden").count() == 0
    assert_accessible(page)
    with page.expect_navigation():
        block.get_by_role("link", name="Bekijk de hele agenda").click()

    # The list: the three public activities, not the one for members.
    assert page.url.endswith("/agenda/")
    assert page.locator("h1").inner_text() == "Agenda"
    items = page.locator(".activity-list > li")
    assert items.count() == 3
    assert page.get_by_role("main").get_by_role("status").inner_text() == "3 activiteiten gevonden"
    assert page.get_by_text("Training voor leden").count() == 0
    assert_accessible(page)

    # Filtered on a region and a kind.
    page.get_by_label("Regio").select_option("noord")
    page.get_by_label("Soort activiteit").select_option("meeting")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon activiteiten").click()
    assert page.get_by_role("main").get_by_role("status").inner_text() == "1 activiteit gevonden"
    assert items.filter(has_text=activity.title).count() == 1
    assert_accessible(page)

    # The month, with the same filters.
    with page.expect_navigation():
        page.get_by_role("link", name="als kalender").click()
    assert "/agenda/maand/" in page.url and "regio=noord" in page.url
    assert page.get_by_label("Regio").input_value() == "noord"
    month = page.locator("table.month")
    if month.get_by_role("link", name=activity.title).count() == 0:
        # The open day falls in next month (the test runs near a month's end).
        with page.expect_navigation():
            page.get_by_role("link", name="Volgende maand").click()
    assert month.get_by_role("link", name=activity.title).is_visible()
    assert month.get_by_role("link", name=public_agenda["webinar"].title).count() == 0
    assert_accessible(page)

    # The activity: what, when, where, accessibility facts, how to take part; no sign-up form.
    with page.expect_navigation():
        month.get_by_role("link", name=activity.title).click()
    assert page.locator("h1").inner_text() == activity.title
    for fact in (
        "Drempelvrij: ja. U kunt er ook met een rolstoel komen.",
        "Ringleiding: ja.",
        "De ingang voor rolstoelen is aan de achterkant.",
    ):
        assert page.get_by_text(fact).is_visible(), fact
    take_part = page.locator("section[aria-labelledby=meedoen]")
    assert take_part.get_by_role("link", name="Log in om u aan te melden").is_visible()
    assert take_part.get_by_role("link", name="noord@raadsplein.example").is_visible()
    assert page.get_by_role("button", name="Aanmelden").count() == 0
    assert page.get_by_text("bezet").count() == 0
    assert_accessible(page)

    # The public feed: its address to copy and the steps per calendar app.
    with page.expect_navigation():
        take_part.get_by_role("link", name="Zet alle openbare activiteiten").click()
    help_ = page.locator("section[aria-labelledby=in-uw-agenda]")
    field = help_.get_by_label("Adres van de agenda met openbare activiteiten")
    assert field.input_value() == settings.SITE_URL + "/agenda/openbaar.ics"
    assert field.get_attribute("readonly") is not None
    for app in ("Outlook", "Google Agenda", "Apple: iPhone of iPad", "Apple: Mac"):
        assert help_.get_by_role("heading", name=app, exact=True).is_visible(), app
    assert_accessible(page)

    feed = page.request.get("/agenda/openbaar.ics")
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    body = feed.text()
    assert activity.title in body and "Training voor leden" not in body


def test_visitor_walks_the_public_agenda_with_the_keyboard_alone(
    page, public_agenda, settings, assert_accessible
):
    webinar = public_agenda["webinar"]
    page.goto("/agenda/")

    # Region "Alleen landelijke activiteiten", chosen with the arrow keys; Enter on the button.
    tab_to(page, lambda element: element["name"] == "regio", limit=60)
    choose(page, "select[name=regio]", "landelijk")
    tab_to(page, _text_is("Toon activiteiten"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "regio=landelijk" in page.url
    assert page.get_by_role("main").get_by_role("status").inner_text() == "1 activiteit gevonden"

    # On to the webinar's page.
    tab_to(page, _href(webinar.get_absolute_url()))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == webinar.title
    assert page.get_by_text("Tolk gebarentaal: ja, er is een tolk.").is_visible()
    assert_accessible(page)

    # The link to the feed help; the address field is the next stop after the jump.
    tab_to(page, _text_is("Zet alle openbare activiteiten in uw eigen agenda"), limit=60)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/agenda/#in-uw-agenda")
    element = tab_to(page, lambda element: element["id"] == "public-feed-url", limit=3)
    assert element["text"] == settings.SITE_URL + "/agenda/openbaar.ics"
    # Selecting the address with the keyboard, to copy it.
    page.keyboard.press("Control+A")
    selected = page.evaluate(
        "() => { const el = document.activeElement;"
        " return el.value.slice(el.selectionStart, el.selectionEnd); }"
    )
    assert selected == element["text"]

    # The month view by keyboard, from the link at the top of the list.
    page.goto("/agenda/")
    link = tab_to(page, lambda element: (element["text"] or "").endswith("als kalender"), limit=60)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/agenda/maand/" in page.url and link["href"].startswith("/agenda/maand/")
    assert_accessible(page)
