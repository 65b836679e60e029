"""Signals in the browser: a visitor reports one with the keyboard alone, members read and triage
them, and every page on the way has no axe-core violation of WCAG 2.2 A and AA."""

from __future__ import annotations

import datetime
import re

import pytest

from tests.e2e.keyboard import focused, fresh_totp, tab_to

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BSN = "111222333"  # passes the elfproef, so the redaction finds it
PHONE = "06 12345678"
TEXT = (
    f"Ik wacht al zes weken op een beslissing over mijn WW. Mijn BSN is {BSN}. "
    f"Bel mij gerust op {PHONE}, want niemand neemt bij UWV de telefoon op."
)
REFERENCE = re.compile(r"S-\d{4}-\d{6}")


def _signals(council, count, *, start=1, **kwargs):
    """``count`` signals for ``council``. The references are of an earlier year so that they never
    meet the ones ``signal_submit`` numbers for this year."""
    from signals.tests.factories import SignalFactory

    return [
        SignalFactory(council=council, reference=f"S-2000-{start + i:06d}", **kwargs)
        for i in range(count)
    ]


def _name(name):
    return lambda element: element["name"] == name


def _log_in_with_second_step(page, log_in, user):
    log_in(page, user)
    if "/account/2fa/authenticate/" in page.url:
        page.get_by_label("Code uit de app").fill(fresh_totp())
        with page.expect_navigation():
            page.get_by_label("Code uit de app").press("Enter")
    return page


def _off_screen(locator) -> bool:
    return locator.evaluate(
        """el => { const r = el.getBoundingClientRect();
                   return r.right <= 0 || r.bottom <= 0 || r.width * r.height <= 1; }"""
    )


def _page_width(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


# --- The public form ----------------------------------------------------------------------------


def test_visitor_reports_a_signal_with_the_keyboard_alone(page, signal_intake, assert_accessible):
    from signals.models import Signal

    page.goto("/")
    # The header's link comes first; the home page repeats it as a call to action.
    assert page.locator(".site-nav").get_by_role("link", name="Meld een signaal").is_visible()
    assert page.locator("main").get_by_role("link", name="Meld een signaal").is_visible()

    tab_to(page, lambda element: element["href"] == "/signaal/")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/signaal/")
    assert page.locator("h1").inner_text() == "Meld een signaal"
    assert_accessible(page)

    # Sent empty (Enter on the button): the errors are listed and tied to their fields.
    tab_to(page, lambda element: element["tag"] == "button" and "Verstuur" in element["text"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".error-summary").is_visible()
    text = page.locator("textarea[name=text]")
    assert text.get_attribute("aria-invalid") == "true"
    for id_ in text.get_attribute("aria-describedby").split():
        assert page.locator(f"#{id_}").count() == 1, f"aria-describedby names a missing #{id_}"
    assert_accessible(page)

    # Now filled in, with Tab, typing, arrows and Space. The focus starts on the error summary
    # (autofocus, issue 14); its link brings the keyboard to the text field.
    assert focused(page)["id"] == "foutmeldingen"
    tab_to(page, lambda element: element["tag"] == "a" and element["href"] == "#id_text")
    page.keyboard.press("Enter")
    assert _name("text")(focused(page))
    page.keyboard.type(TEXT)

    page.keyboard.press("Tab")
    assert _name("scheme")(focused(page))
    page.keyboard.press("ArrowDown")  # from "Weet ik niet" to the first scheme
    assert page.locator("select[name=scheme]").input_value() == "WW"

    page.keyboard.press("Tab")
    assert _name("postcode")(focused(page))
    page.keyboard.type("9711 AB")

    page.keyboard.press("Tab")
    assert _name("wants_answer")(focused(page))
    page.keyboard.press("Space")
    assert page.get_by_label("Ik wil een antwoord").is_checked()

    page.keyboard.press("Tab")
    assert _name("email")(focused(page))
    page.keyboard.type("melder@voorbeeld.example")

    page.keyboard.press("Tab")
    assert _name("phone")(focused(page))  # optional when there is an e-mail address
    page.keyboard.press("Tab")
    assert _name("consent")(focused(page))
    page.keyboard.press("Space")
    assert page.locator("input[name=consent]").is_checked()

    # The honeypot is skipped: the next stop is the button, which Space presses.
    page.keyboard.press("Tab")
    button = focused(page)
    assert button["tag"] == "button" and button["text"] == "Verstuur mijn signaal"
    with page.expect_navigation():
        page.keyboard.press("Space")

    assert page.url.endswith("/signaal/ontvangen/")
    assert page.locator("h1").inner_text() == "Dank u wel. Wij hebben uw signaal ontvangen."
    reference = page.locator(".reference").inner_text().strip()
    assert REFERENCE.fullmatch(reference), reference
    assert "Districtscliëntenraad Noord" in page.locator("main").inner_text()
    assert_accessible(page)

    signal = Signal.objects.get(reference=reference)
    assert "[BSN]" in signal.text
    assert BSN not in signal.text
    assert signal.council.slug == "noord"
    assert signal.scheme_hint == "WW"
    assert signal.answer_requested
    assert signal.private.email == "melder@voorbeeld.example"


def test_honeypot_is_hidden_and_out_of_the_tab_order(page, signal_intake, assert_accessible):
    page.goto("/signaal/")
    honeypot = page.locator("input[name=website]")

    assert honeypot.get_attribute("tabindex") == "-1"
    assert _off_screen(honeypot), "the honeypot is on the screen"

    # Tab through the whole page: the focus never lands on the honeypot.
    stops = []
    for _ in range(60):
        page.keyboard.press("Tab")
        element = focused(page)
        stops.append(element)
        if element["tag"] == "body" or (len(stops) > 1 and element == stops[0]):
            break
    assert all(stop["name"] != "website" for stop in stops), stops
    assert any(stop["tag"] == "button" for stop in stops)
    assert_accessible(page)


def test_filled_honeypot_is_shown_so_that_a_person_can_empty_it(
    page, signal_intake, assert_accessible
):
    """A browser's autofill may fill the hidden field. The form then says so, and the field is
    shown and reachable, so that a person can empty it and send the signal after all."""
    from signals.models import Signal

    page.goto("/signaal/")
    page.locator("textarea[name=text]").fill(TEXT)
    page.locator("input[name=website]").evaluate("el => { el.value = 'http://spam.example'; }")
    with page.expect_navigation():
        page.get_by_role("button", name="Verstuur mijn signaal").click()

    assert page.locator(".error-summary").is_visible()
    honeypot = page.get_by_label("Laat dit veld leeg")
    assert honeypot.is_visible() and not _off_screen(honeypot)
    assert honeypot.get_attribute("tabindex") is None
    assert honeypot.get_attribute("aria-invalid") == "true"
    assert page.locator("textarea[name=text]").input_value() == TEXT
    assert_accessible(page)

    tab_to(page, _name("website"), limit=60)
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.press("Enter")
    page.wait_for_url("**/signaal/ontvangen/")
    assert Signal.objects.count() == 1


def test_signal_form_has_no_horizontal_scroll_at_320px(page, signal_intake):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/signaal/")
    assert _page_width(page) <= 320, f"/signaal/ is {_page_width(page)}px wide"

    with page.expect_navigation():
        page.get_by_role("button", name="Verstuur mijn signaal").click()
    assert page.locator(".error-summary").is_visible()
    assert _page_width(page) <= 320, f"/signaal/ with errors is {_page_width(page)}px wide"


# --- Members ------------------------------------------------------------------------------------


@pytest.fixture
def triage_signals(roles):
    """A signal for "noord" as the form stores it (with contact details and history), signals
    like it, one grouped under it, and some for another council."""
    from councils.tests.factories import PostcodeRangeFactory
    from signals.services import signal_group, signal_submit

    PostcodeRangeFactory(council=roles.council, start=9000, end=9999)
    signal = signal_submit(
        text=TEXT,
        scheme_hint="WW",
        postcode="9711 AB",
        email="melder@voorbeeld.example",
        consent_text="Ja, u mag mij antwoorden.",
        regeling="WW",
        onderwerp="bereikbaarheid",
    )
    assert signal.council == roles.council
    similar = _signals(roles.council, 6)
    signal_group(actor=roles["secretary"], signal=similar[0], leader=signal)
    _signals(roles.other_council, 3, start=100, regeling="ZW", onderwerp="brieven")
    _signals(roles.council, 2, start=200, needs_theme=True)
    return signal


def test_signal_list_and_detail_have_no_wcag_violations(
    page, roles, triage_signals, log_in, assert_accessible
):
    log_in(page, roles["secretary"])
    response = page.goto("/mijn/signalen/")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Signalen"
    leader = page.locator("tbody tr").filter(has_text=triage_signals.reference)
    assert leader.get_by_text("+1 gelijk").is_visible()  # the grouped signal is listed under it
    assert page.locator("tbody tr").count() == 8
    assert_accessible(page)

    page.goto(f"/mijn/signalen/{triage_signals.reference}/")
    assert page.locator("h1").inner_text() == f"Signaal {triage_signals.reference}"
    for heading in [
        "Thema kiezen of verbeteren",
        "Status wijzigen",
        "Samenvoegen met een ander signaal",
        "Naar een andere raad sturen",
        "Lijkt op",
        "Geschiedenis",
    ]:
        assert page.get_by_role("heading", name=heading).is_visible(), heading
    assert page.get_by_role("link", name=re.compile("Contactgegevens bekijken")).is_visible()
    assert_accessible(page)


def test_secretary_changes_the_status_with_the_keyboard(
    page, roles, triage_signals, log_in, assert_accessible
):
    from signals.models import SignalStatus

    log_in(page, roles["secretary"])
    page.goto(f"/mijn/signalen/{triage_signals.reference}/")

    tab_to(page, _name("to_status"), limit=80)
    page.keyboard.press("Home")  # the first choice
    chosen = page.locator("select[name=to_status] option:checked").inner_text()
    assert chosen == "In behandeling"
    tab_to(page, lambda element: element["tag"] == "button" and element["text"] == "Status opslaan")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith(f"/mijn/signalen/{triage_signals.reference}/")
    assert page.locator(".message--success").inner_text() == "De status is aangepast."
    triage_signals.refresh_from_db()
    assert triage_signals.status == SignalStatus.IN_PROGRESS
    assert_accessible(page)


# --- Trends -------------------------------------------------------------------------------------


@pytest.fixture
def trend_signals(roles):
    """Signals over the past six months, with one topic rising last month."""
    from django.utils import timezone

    today = timezone.localdate()
    number = 1
    for months_ago, count, onderwerp in [
        (5, 2, "bereikbaarheid"),
        (4, 3, "brieven"),
        (3, 1, "betaling"),
        (2, 2, "bereikbaarheid"),
        (1, 8, "betaling"),
        (0, 2, "brieven"),
    ]:
        year, month = today.year, today.month - months_ago
        if month <= 0:
            year, month = year - 1, month + 12
        received_at = timezone.make_aware(datetime.datetime(year, month, 1, 12, 0))
        for council in (roles.council, roles.other_council):
            _signals(council, count, start=number, received_at=received_at, onderwerp=onderwerp)
            number += count


def test_trend_page_has_no_wcag_violations_and_no_horizontal_scroll_at_320px(
    page, roles, trend_signals, log_in, assert_accessible
):
    log_in(page, roles["member"])
    response = page.goto("/mijn/signalen/trends/")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Trends in signalen: landelijk"
    bars = page.locator(".chart__bar")
    assert bars.count() == 12
    # The bars are drawn: their coordinates have a decimal point, not the Dutch comma.
    widths = bars.evaluate_all("els => els.map(el => el.getBoundingClientRect().width)")
    assert max(widths) > 100, widths
    assert not page.console_errors, page.console_errors
    assert page.locator(".trend-table tbody tr").count() == 12
    assert page.get_by_role("heading", name="Dit onderwerp stijgt").is_visible()
    assert_accessible(page)

    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/mijn/signalen/trends/")
    assert _page_width(page) <= 320, f"the trend page is {_page_width(page)}px wide"
    assert_accessible(page)


# --- Mijn overzicht -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "links"),
    [
        ("member", ["Signalen", "2 nieuwe signalen", "0 signalen hebben een thema nodig"]),
        ("liaison", ["Trends in signalen"]),
    ],
)
def test_dashboard_shows_the_signals_panel(page, roles, log_in, assert_accessible, role, links):
    _signals(roles.council, 2)
    _log_in_with_second_step(page, log_in, roles[role])

    assert page.url.endswith("/mijn/")
    # Each panel is a card of its own, headed by an h3 (other apps add panels too).
    cards = page.locator("section[aria-labelledby=binnenkort] > ul.card-list > li.card")
    panel = cards.filter(has=page.get_by_role("heading", level=3, name=links[0], exact=True))
    assert panel.count() == 1
    assert panel.locator(".card").count() == 0  # no card drawn inside the card
    for name in links:
        assert panel.get_by_role("link", name=name, exact=True).is_visible(), name
    if role == "liaison":  # counts only: no way to the signals themselves
        assert page.locator("main a[href='/mijn/signalen/']").count() == 0
    assert_accessible(page)
