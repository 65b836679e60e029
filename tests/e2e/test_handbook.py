"""The handbook in the browser: the handbook page and a chapter that shows what changed since
the last visit have no axe-core violation of WCAG 2.2 A and AA, and no horizontal scroll at
320px; the table of contents takes the reader to the section."""

from __future__ import annotations

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOO_WIDE = """[...document.querySelectorAll("main *")]
    .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map((e) => `${e.tagName}.${e.className}#${e.id}`)
    .slice(0, 10)"""


@pytest.fixture
def handbook(public_site):
    from django.test import override_settings

    from handbook.services import handbook_load

    from .conftest import TASKS_NOT_RUN

    with override_settings(TASKS={"default": {"BACKEND": TASKS_NOT_RUN}}):
        return handbook_load()


def test_handbook_pages_are_accessible_and_show_what_changed(
    page, handbook, public_site, log_in, assert_accessible
):
    from handbook.models import HandbookChapter
    from handbook.tests.factories import edit_chapter

    member = public_site["member"]
    log_in(page, member, next_url="/handboek/")
    assert page.url.endswith("/handboek/")
    assert_accessible(page)

    chapter = HandbookChapter.objects.get(slug="hoe-een-vergadering-gaat")
    page.goto(chapter.url)
    raw = list(HandbookChapter.objects.get(pk=chapter.pk).body.raw_data)
    raw[0] = {
        **raw[0],
        "value": {
            **raw[0]["value"],
            "body": "<p>De secretaris stuurt nu twee weken vooraf een uitnodiging.</p>",
        },
    }
    edit_chapter(chapter, raw)
    page.reload()
    assert page.get_by_role("heading", name="Wat is er veranderd?").is_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="In dit hoofdstuk").get_by_role(
        "link", name="Na de vergadering: de notulen"
    ).click()
    assert page.url.endswith("#na-de-vergadering-de-notulen")

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(chapter.url)
    assert page.evaluate(TOO_WIDE) == []
