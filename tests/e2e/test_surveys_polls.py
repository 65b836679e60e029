"""A date poll in a browser, by keyboard alone, with axe on every page: noord's secretary
proposes dates for an introduction session with limburg (one more row asked from the server, a
mistake shown in the error summary), limburg's member answers from "Mijn overzicht", and the
secretary chooses the best date, after which the meeting is on the meetings page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.e2e.keyboard import focused, tab_to

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _by_name(name):
    return lambda el: el["name"] == name


def _by_text(text):
    return lambda el: text in el["text"]


def _type_date(page, day: datetime.date, start: str, end: str):
    """With a row's day field focused: the day, then its start and end time."""
    page.keyboard.type(day.strftime("%d-%m-%Y"))
    page.keyboard.press("Tab")
    page.keyboard.type(start)
    page.keyboard.press("Tab")
    page.keyboard.type(end)


def test_a_secretary_polls_two_councils_and_the_chosen_date_becomes_a_meeting(
    page, roles, log_in, assert_accessible
):
    secretary, invitee = roles["secretary"], roles["member_other"]
    days = [timezone.localdate() + datetime.timedelta(days=n) for n in (20, 21, 22, 23)]

    # --- the secretary proposes four dates ---------------------------------------------------
    log_in(page, secretary, next_url="/prikpeilingen/")
    assert_accessible(page)
    tab_to(page, _by_text("Nieuwe prikpeiling"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Nieuwe prikpeiling"
    assert_accessible(page)

    tab_to(page, _by_name("title"))
    page.keyboard.type("Kennismaking Noord en Limburg")
    tab_to(page, _by_name("meeting_kind"))  # the first kind: the introduction session
    page.keyboard.press("Space")
    tab_to(page, _by_name("location"))
    page.keyboard.type("Utrecht, Stadskantoor")
    limburg = str(roles.other_council.pk)
    tab_to(page, lambda el: el["name"] == "invited_councils" and el["text"] == limburg)
    page.keyboard.press("Space")
    for i, day in enumerate(days[:3]):
        tab_to(page, _by_name(f"day_{i}"))
        _type_date(page, day, "14:00", "16:00")
    tab_to(page, _by_text("Nog een datum toevoegen"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # The new row has the focus; what was typed is still there.
    assert focused(page)["name"] == "day_3"
    assert page.locator("#id_title").input_value() == "Kennismaking Noord en Limburg"
    assert_accessible(page)
    page.keyboard.type(days[3].strftime("%d-%m-%Y"))  # no times yet: a mistake
    tab_to(page, _by_text("Prikpeiling versturen"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert focused(page)["id"] == "foutmeldingen"
    assert "Vul in hoe laat het begint." in page.locator("#foutmeldingen").inner_text()
    assert page.locator("#id_location").input_value() == "Utrecht, Stadskantoor"
    assert_accessible(page)
    tab_to(page, _by_name("start_3"), limit=60)
    page.keyboard.type("10:00")
    page.keyboard.press("Tab")
    page.keyboard.type("12.00")
    tab_to(page, _by_text("Prikpeiling versturen"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Kennismaking Noord en Limburg"
    assert_accessible(page)
    poll_url = page.url

    # --- limburg's member answers from "Mijn overzicht" ----------------------------------------
    page.context.clear_cookies()
    log_in(page, invitee, next_url="/mijn/")
    assert_accessible(page)
    tab_to(
        page,
        lambda el: el["tag"] == "a" and el["text"] == "Kennismaking Noord en Limburg",
        limit=60,
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("#")[0] == poll_url
    # Date 1: yes. Date 2: if need be. Date 3: no. Date 4: yes.
    for arrows in (0, 1, 2, 0):
        tab_to(
            page, lambda el: (el["name"] or "").startswith("option_") and el["id"].endswith("_0")
        )
        page.keyboard.press("Space")
        for _ in range(arrows):
            page.keyboard.press("ArrowDown")
    tab_to(page, _by_text("Antwoord bewaren"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Uw antwoord is bewaard" in page.locator(".messages").inner_text()
    table = page.locator("#tabel-datums").locator("xpath=..")
    assert invitee.get_full_name() in table.inner_text()
    assert_accessible(page)

    # --- the secretary chooses the best date -------------------------------------------------
    page.context.clear_cookies()
    log_in(page, secretary, next_url=poll_url)
    assert_accessible(page)
    best = page.locator("tbody tr").first.locator("a").inner_text()
    assert days[0].strftime("%-d") in best  # yes from limburg and an earlier date than day 4
    tab_to(page, lambda el: el["tag"] == "a" and el["text"] == best, limit=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text().startswith("Datum kiezen")
    assert_accessible(page)
    tab_to(page, _by_text("Ja, deze datum kiezen"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "De datum is gekozen" in page.content()
    assert page.locator("form", has_text="Antwoord bewaren").count() == 0
    assert_accessible(page)
    tab_to(page, lambda el: el["tag"] == "a" and "Naar het overleg" in el["text"], limit=60)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Kennismaking Noord en Limburg"
    assert_accessible(page)

    page.goto("/overleg/")
    assert page.locator("h1").inner_text() == "Overleg"
    assert (
        "Kennismaking Noord en Limburg" in page.locator("#komend").locator("xpath=..").inner_text()
    )
    assert_accessible(page)
