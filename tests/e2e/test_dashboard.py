"""Mijn overzicht in the browser, one test per role (issue 15, "each role's own work first"): the
liaison, the secretary and the administrator log in and find what waits on them first, without
"U bent (nog) geen lid van een raad" where that makes no sense, with axe; and no card's title
breaks a word ("Districtscliëntenraa d"), at 320 px and on a wide screen. The links in what waits
are followed by keyboard alone (Tab and Enter)."""

from __future__ import annotations

import pytest

from tests.dashboard_work import add_work
from tests.e2e.keyboard import enter, second_step, tab_to, to_content

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOT_A_MEMBER = "U bent (nog) geen lid van een raad."
# Every word of every card heading whose letters lie on more than one line.
SPLIT_WORDS = """() => {
  const split = [];
  const range = document.createRange();
  for (const heading of document.querySelectorAll("main .card :is(h2, h3, h4)")) {
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set(
          [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))
        );
        if (tops.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""


def _log_in(page, log_in, user):
    log_in(page, user)
    second_step(page)
    assert page.url.endswith("/mijn/"), page.url
    return page


def _first_section(page):
    heading = page.locator("main h2").first
    assert heading.inner_text() == "Dit wacht op u"
    return page.locator("main section").first


@pytest.fixture
def work(public_site):
    add_work(public_site, 2)
    return public_site


def test_the_liaison_finds_her_activities_and_queue_first(page, work, log_in, assert_accessible):
    _log_in(page, log_in, work["liaison"])
    first = _first_section(page)
    assert first.get_by_role("heading", name="Activiteiten die u organiseert").is_visible()
    assert first.get_by_text("1 persoon vraagt iets:").first.is_visible()
    assert first.get_by_role(
        "link", name="Wie komen er naar Klantpanel van de contactpersoon 0"
    ).is_visible()
    to_content(page)
    who = "Wie komen er naar Klantpanel van de contactpersoon 0"
    tab_to(page, lambda e: " ".join(e["text"].split()) == who)
    enter(page)
    assert page.locator("h1").is_visible() and "/deelnemers/" in page.url
    page.go_back()
    assert NOT_A_MEMBER not in page.locator("main").inner_text()
    assert page.get_by_role("heading", name="Mijn raden").count() == 0
    assert page.get_by_role("link", name="Inloggen in twee stappen instellen").count() == 0
    assert_accessible(page)


def test_the_secretary_finds_new_applications_minutes_and_needs_first(
    page, work, log_in, assert_accessible
):
    _log_in(page, log_in, work["secretary"])
    first = _first_section(page)
    assert first.get_by_text("2 nieuwe aanmeldingen wachten op antwoord.").is_visible()
    assert first.get_by_text("2 dagen te laat").is_visible()  # past the promised 14 days
    assert first.get_by_role("link", name="Notulen van Vergadering van vorige maand 0").is_visible()
    assert first.get_by_role("link", name="Komende vergadering 0").is_visible()
    # No second factor yet: the prompt is there.
    assert page.get_by_role("link", name="Inloggen in twee stappen instellen").is_visible()
    assert_accessible(page)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate(SPLIT_WORDS) == [], width
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    assert page.get_by_role("link", name="Districtscliëntenraad Noord").is_visible()
    assert first.get_by_role("link", name="Aanmelder 0").is_visible()
    to_content(page)
    tab_to(page, lambda e: e["tag"] == "a" and e["text"] == "Aanmelder 0")
    enter(page)
    assert page.locator("h1").is_visible() and "/mijn/aanmeldingen/" in page.url


def test_the_administrator_sees_no_vacancies_of_your_council(page, work, log_in, assert_accessible):
    _log_in(page, log_in, work["administrator"])
    first = _first_section(page)
    assert first.get_by_text("2 nieuwe aanmeldingen wachten op antwoord.").is_visible()
    main = page.locator("main").inner_text()
    assert NOT_A_MEMBER not in main and "Vacatures van uw raad" not in main
    assert page.get_by_role("link", name="Vacatures van alle raden").is_visible()
    assert page.get_by_role("link", name="Inloggen in twee stappen beheren").is_visible()
    assert_accessible(page)
