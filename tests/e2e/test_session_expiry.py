"""Never lose typed text (issue 15), in the browser.

(a) Shortly before the idle timeout a dialog asks "Blijft u ingelogd?": focus is on "Ingelogd
    blijven", which keeps the session; left alone, the dialog says the member is logged out. A
    tab that asks while another tab renewed the session waits instead of warning.
(b) For minutes, a dossier note and an advice: type, the session ends, press save; the login
    page says the text is kept; after logging in the form holds the text again.
The dialog and the login page with the message have no axe-core violation."""

from __future__ import annotations

import datetime
import time

import pytest
from django.utils import timezone

from .keyboard import focused

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TIMEOUT = 12  # seconds of idle time in the tests of the dialog
WARN = 8  # the dialog opens this long before the end: 4 seconds after the page loaded
DIALOG = "#session-warning"
KEPT_MESSAGE = "Wat u typte is bewaard."
BACK_MESSAGE = "Wat u typte staat weer in het formulier."


@pytest.fixture
def short_idle(settings):
    settings.SESSION_COOKIE_AGE = TIMEOUT
    settings.SESSION_IDLE_WARNING_SECONDS = WARN


def _logged_in(page) -> bool:
    return page.locator("form[action='/account/logout/']").count() == 1


def test_warning_before_the_timeout_and_staying_logged_in_by_keyboard(
    page, roles, log_in, short_idle, assert_accessible
):
    log_in(page, roles["member"])
    loaded = time.monotonic()
    dialog = page.locator(DIALOG)
    assert not dialog.is_visible()

    dialog.wait_for(state="visible", timeout=(WARN + 4) * 1000)
    assert dialog.get_attribute("role") == "alertdialog"
    assert page.locator("#session-warning-title").inner_text() == "Blijft u ingelogd?"
    assert focused(page)["text"] == "Ingelogd blijven"
    assert_accessible(page)

    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Sluiten"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    dialog.wait_for(state="hidden")
    assert page.locator("#session-announce").inner_text() == "U blijft ingelogd."

    # Past the moment the session would have ended without the button.
    page.wait_for_timeout(max(0, (TIMEOUT + 1 - (time.monotonic() - loaded)) * 1000))
    page.reload()
    assert _logged_in(page)


def test_left_alone_the_dialog_says_the_member_is_logged_out(page, roles, log_in, short_idle):
    log_in(page, roles["member"])
    page.locator(DIALOG).wait_for(state="visible", timeout=(WARN + 4) * 1000)
    expired = page.locator("[data-session-state=expired]")

    expired.wait_for(state="visible", timeout=(WARN + 4) * 1000)
    assert not page.get_by_role("button", name="Ingelogd blijven").is_visible()
    assert focused(page)["text"] == "Sluiten"
    page.keyboard.press("Escape")
    page.locator(DIALOG).wait_for(state="hidden")
    page.wait_for_timeout(1000)  # the cookie's expiry counts in whole seconds
    page.reload()
    assert not _logged_in(page)


def test_a_session_renewed_in_another_tab_is_asked_before_warning(page, roles, log_in, short_idle):
    log_in(page, roles["member"])
    loaded = time.monotonic()
    page.wait_for_timeout(2500)
    other = page.context.new_page()
    other.goto("/mijn/")  # renews the session: the first tab's warning must wait

    page.wait_for_timeout(max(0, (TIMEOUT - WARN + 1.5 - (time.monotonic() - loaded)) * 1000))
    assert not page.locator(DIALOG).is_visible()
    page.locator(DIALOG).wait_for(state="visible", timeout=6000)
    other.close()


# --- (b) the text comes back ------------------------------------------------------------------


def _expire(page):
    """What the browser does at the idle timeout: the session cookie is gone."""
    page.context.clear_cookies(name="sessionid")


def _log_in_here(page, user):
    """Logs in on the login page the browser is on, keeping its ``next``."""
    from accounts.tests.factories import PASSWORD

    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")


def _type_expire_save_and_return(page, user, *, field, text, path, assert_accessible=None):
    page.fill(field, text)
    _expire(page)
    form = page.locator(field).locator("xpath=ancestor::form")
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()

    assert page.url.split("?")[0].endswith("/account/login/")
    assert KEPT_MESSAGE in page.locator("main").inner_text()
    if assert_accessible:
        assert_accessible(page)
    _log_in_here(page, user)

    assert page.url.split("#")[0].endswith(path)
    assert page.locator(field).input_value() == text
    assert BACK_MESSAGE in page.locator(".messages").inner_text()


def test_minutes_come_back_after_logging_in_again(page, roles, log_in, assert_accessible):
    from meetings.tests.factories import MeetingFactory

    now = timezone.now()
    meeting = MeetingFactory(
        council=roles.council,
        title="Vergadering Noord",
        starts_at=now - datetime.timedelta(hours=2),
        ends_at=now - datetime.timedelta(hours=1),
    )
    secretary = roles["secretary"]
    path = f"/overleg/{meeting.pk}/"
    log_in(page, secretary, next_url=path)

    _type_expire_save_and_return(
        page,
        secretary,
        field=f"form[action='/overleg/{meeting.pk}/notulen/'] textarea[name=text]",
        text="1. Opening. De voorzitter heet iedereen welkom.\n2. Rondvraag: geen.",
        path=path,
        assert_accessible=assert_accessible,
    )


def test_a_dossier_note_comes_back_and_can_then_be_saved(page, roles, log_in):
    from dossiers import services

    member = roles["member"]
    dossier = services.dossier_start(
        actor=member,
        council=roles.council,
        title="Wachttijden aan de telefoon",
        summary="Cliënten wachten lang.",
        regeling="ALGEMEEN",
        onderwerp="bereikbaarheid",
    )
    path = f"/dossiers/{dossier.pk}/"
    log_in(page, member, next_url=path)
    field = f"form[action='/dossiers/{dossier.pk}/notitie/'] textarea[name=text]"
    text = "Gesprek met UWV op 3 maart. Zij sturen de cijfers na."

    _type_expire_save_and_return(page, member, field=field, text=text, path=path)

    assert focused(page)["name"] == "text"
    with page.expect_navigation():
        page.locator(field).locator("xpath=ancestor::form").locator("button[type=submit]").click()
    assert "De notitie staat in de tijdlijn." in page.locator(".messages").inner_text()
    assert text in page.locator("main").inner_text()


def test_an_advice_comes_back_after_logging_in_again(page, roles, log_in):
    member = roles["member"]
    path = "/vinger-aan-de-pols/adviezen/nieuw/"
    log_in(page, member, next_url=path)
    page.fill("input[name=title]", "Advies over de bereikbaarheid")

    _type_expire_save_and_return(
        page,
        member,
        field="textarea[name=text]",
        text="De raad adviseert UWV om cliënten binnen twee dagen terug te bellen.",
        path=path,
    )
    assert page.locator("input[name=title]").input_value() == "Advies over de bereikbaarheid"


def test_only_logged_in_members_get_the_script(page, roles, log_in):
    script = "script[src$='raadsplein/js/session.js']"
    page.goto("/")
    assert page.locator(script).count() == 0
    assert page.locator(DIALOG).count() == 0

    log_in(page, roles["member"])
    assert page.locator(script).count() == 1
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
    assert page.script_errors == []
