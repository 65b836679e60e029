"""A client follows their signal (issue 14): a visitor sends a signal, keeps the link from the
confirmation page, follows it, and later sees the council's answer. Every page on the way has no
axe-core violation of WCAG 2.2 A and AA."""

from __future__ import annotations

import re

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BSN = "111222333"  # passes the elfproef, so the redaction finds it
EMAIL = "volger@voorbeeld.example"
TEXT = (
    f"Ik wacht al zes weken op een beslissing over mijn WW. Mijn BSN is {BSN}. "
    "Niemand neemt bij UWV de telefoon op."
)
ANSWER = "Wij hebben dit met UWV besproken. UWV belt u deze maand terug."


def test_visitor_follows_the_link_from_the_confirmation_page(
    page, signal_intake, assert_accessible
):
    from signals.models import Signal, SignalStatus
    from signals.services import signal_transition

    page.goto("/signaal/")
    page.locator("textarea[name=text]").fill(TEXT)
    page.locator("input[name=postcode]").fill("9711 AB")
    page.get_by_label("Ik wil een antwoord").check()
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=consent]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Verstuur mijn signaal").click()

    assert page.url.endswith("/signaal/ontvangen/")
    keep = page.get_by_role("region", name="Volg uw signaal: bewaar deze link")
    assert keep.is_visible()
    link = keep.get_by_role("link")
    shown = link.inner_text().strip()
    assert re.search(r"/signaal/status/[\w-]{40,}/$", shown), shown
    assert_accessible(page)

    with page.expect_navigation():
        link.click()
    assert re.search(r"/signaal/status/[\w-]{40,}/$", page.url), page.url
    assert shown.endswith(page.url.split("/", 3)[3])  # the page it shows is the page it opens
    signal = Signal.objects.get()
    assert page.locator("h1").inner_text() == f"Uw signaal {signal.reference}"
    main = page.locator("main").inner_text()
    assert "Districtscliëntenraad Noord" in main
    assert "Wij hebben uw signaal ontvangen." in main
    assert EMAIL not in main and BSN not in main and "[BSN]" in main
    assert_accessible(page)

    # The secretary answers; the client's page shows the answer with its date.
    secretary = signal_intake["secretary"]
    signal_transition(actor=secretary, signal=signal, to_status=SignalStatus.IN_PROGRESS)
    signal_transition(
        actor=secretary, signal=signal, to_status=SignalStatus.ANSWERED, reason=ANSWER
    )
    page.reload()
    timeline = page.locator("ol.timeline > li")
    assert timeline.count() == 3
    assert "De raad heeft uw signaal beantwoord." in timeline.nth(2).inner_text()
    assert page.get_by_role("heading", name="Antwoord van de raad").is_visible()
    assert ANSWER in page.locator("main").inner_text()
    assert_accessible(page)


def test_a_wrong_link_explains_itself(page, signal_intake, assert_accessible):
    response = page.goto("/signaal/status/dit-is-geen-goede-link/")
    assert response.status == 404
    assert response.headers["x-robots-tag"].startswith("noindex")
    assert page.locator("h1").inner_text() == "Deze link werkt niet"
    assert_accessible(page)
