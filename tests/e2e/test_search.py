"""Search in the browser: from the header's search box to a result, by keyboard alone; the
search page (start, results, nothing found, a refused query) has no axe-core violation of WCAG
2.2 A and AA, and no horizontal scroll at 320px."""

from __future__ import annotations

import pytest

from .keyboard import focused, tab_to

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOO_WIDE = """[...document.documentElement.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map((e) => `${e.tagName}.${e.className}#${e.id}`)
    .slice(0, 10)"""


def test_a_visitor_searches_from_the_header_and_opens_a_result_by_keyboard(
    page, public_site, assert_accessible
):
    page.goto("/")
    tab_to(page, lambda e: e["id"] == "site-search-q")
    page.keyboard.type("onafhankelijk")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/zoeken/?q=onafhankelijk" in page.url
    heading = page.get_by_role("heading", level=2).first.inner_text()
    assert "resultaten voor ‘onafhankelijk’" in heading or "resultaat voor" in heading
    assert page.locator(".search-result mark").count() > 0
    assert_accessible(page)

    link = tab_to(page, lambda e: e["href"] == "/wie-zijn-wij/")
    assert link["text"] == "Wie zijn wij"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/wie-zijn-wij/")
    assert page.get_by_role("heading", level=1).inner_text() == "Wie zijn wij"


def test_a_member_finds_a_meeting_of_their_council_and_opens_it(
    page, public_site, log_in, assert_accessible
):
    from meetings.tests.factories import MeetingFactory, MeetingInvitationFactory
    from sitesearch.index import rebuild

    meeting = MeetingFactory(council=public_site.council, title="Overleg over wachttijden")
    MeetingInvitationFactory(meeting=meeting, user=public_site["member"])
    rebuild(["meeting"])
    log_in(page, public_site["member"])
    page.goto("/zoeken/")
    page.get_by_label("Waar zoekt u naar?").fill("wachttijd")
    page.get_by_label("Waar zoekt u naar?").press("Enter")
    page.wait_for_url("**/zoeken/?*")
    assert page.get_by_role("navigation", name="Soort resultaat").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Overleg over wachttijden").focus()
    assert focused(page)["href"] == meeting.get_absolute_url()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Overleg over wachttijden")


@pytest.mark.parametrize(
    "path",
    ["/zoeken/", "/zoeken/?q=zeppelin&raad=noord", "/zoeken/?q=a", "/zoeken/?q=raad"],
    ids=["start", "niets", "geweigerd", "resultaten"],
)
def test_the_search_page_is_accessible_and_fits_a_phone(page, public_site, assert_accessible, path):
    page.goto(path)
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(path)
    assert page.evaluate(TOO_WIDE) == []
