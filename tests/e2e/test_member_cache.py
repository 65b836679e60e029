"""Members' pages kept per person (common.membercache, issue 18), walked in the browser with
real commits (the live server): a kept page is given again, another person's change shows on the
next load, and the member's own sign-up, sent by keyboard alone, shows on "Mijn overzicht" at
once. Cache versions are bumped only at commit here, as in production."""

from __future__ import annotations

import pytest
from django.db import transaction

from meetings.tests.factories import ActivityFactory, MeetingFactory
from tests.e2e.keyboard import enter, second_step, tab_to

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADER = "x-member-cache"


def _load(page, path: str) -> str:
    response = page.goto(path)
    assert response.status == 200, (path, response.status)
    return response.headers.get(HEADER, "")


def test_kept_pages_show_every_change_on_the_next_load(
    page, public_site, log_in, assert_accessible, settings
):
    settings.PAGE_CACHE_BUMP_AT_ONCE = False  # only the commit bumps, as in production
    council = public_site.council
    member = public_site["member"]
    activity = ActivityFactory(council=council, title="Klantpanel over brieven")
    log_in(page, member)
    second_step(page)

    # Mijn overzicht is kept: the second load comes from the cache, and passes axe as it is.
    _load(page, "/mijn/")
    assert _load(page, "/mijn/") == "hit"
    assert "Klantpanel over brieven" not in page.locator("main").inner_text()
    assert_accessible(page)

    # Another person schedules a meeting: it shows on the next load of the meetings list.
    _load(page, "/overleg/")
    assert _load(page, "/overleg/") == "hit"
    with transaction.atomic():
        MeetingFactory(council=council, title="Extra raadsvergadering")
    assert _load(page, "/overleg/") == "miss"
    assert page.get_by_text("Extra raadsvergadering").first.is_visible()

    # The member signs up by keyboard; Mijn overzicht, kept before, shows it at once.
    _load(page, "/mijn/")
    assert _load(page, "/mijn/") == "hit"
    _load(page, activity.get_absolute_url())
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Aanmelden", limit=80)
    enter(page)
    assert _load(page, "/mijn/") == "miss"
    assert page.get_by_role("link", name="Klantpanel over brieven").is_visible()
    assert_accessible(page)
