"""The handbook in the browser, as a member: the handbook page and a chapter that shows what
changed since the member marked it read have no axe-core violation of WCAG 2.2 A and AA, and no
horizontal scroll at 320px; what changed stays until "Gelezen"; the table of contents takes the
reader to the section; earlier versions with the changed words marked; the handbook's own
search box finds chapters only. All by keyboard alone: Tab, Enter and typing, never a click."""

from __future__ import annotations

import pytest

from tests.e2e.keyboard import enter, tab_to, to_content

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOO_WIDE = """[...document.querySelectorAll("main *")]
    .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map((e) => `${e.tagName}.${e.className}#${e.id}`)
    .slice(0, 10)"""


def _gelezen(element) -> bool:
    return element["tag"] == "button" and element["text"] == "Gelezen"


@pytest.fixture
def handbook(public_site):
    from django.test import override_settings

    from handbook.services import handbook_load

    from .conftest import TASKS_NOT_RUN

    with override_settings(TASKS={"default": {"BACKEND": TASKS_NOT_RUN}}):
        return handbook_load()


def _rewrite_first_section(chapter, text: str):
    from handbook.models import HandbookChapter
    from handbook.tests.factories import edit_chapter

    raw = list(HandbookChapter.objects.get(pk=chapter.pk).body.raw_data)
    raw[0] = {**raw[0], "value": {**raw[0]["value"], "body": f"<p>{text}</p>"}}
    return edit_chapter(chapter, raw)


def test_what_changed_stays_until_the_member_marks_the_chapter_read(
    page, handbook, public_site, log_in, assert_accessible
):
    from handbook.models import HandbookChapter

    member = public_site["member"]
    log_in(page, member, next_url="/handboek/")
    assert page.url.endswith("/handboek/")
    assert_accessible(page)

    chapter = HandbookChapter.objects.get(slug="hoe-een-vergadering-gaat")
    page.goto(chapter.url)
    to_content(page)
    tab_to(page, _gelezen, limit=60)
    enter(page)
    page.get_by_text("U heeft dit hoofdstuk gelezen.").wait_for()
    _rewrite_first_section(chapter, "De secretaris stuurt nu twee weken vooraf een uitnodiging.")

    changed = page.get_by_role("heading", name="Wat is er veranderd?")
    for _visit in range(2):  # it stays, visit after visit
        page.reload()
        assert changed.is_visible()
    assert_accessible(page)

    to_content(page)
    toc = page.get_by_role("navigation", name="In dit hoofdstuk")
    tab_to(page, lambda e: e["href"] == "#na-de-vergadering-de-notulen", limit=60)
    assert toc.locator("a:focus").inner_text() == "Na de vergadering: de notulen"
    page.keyboard.press("Enter")
    page.wait_for_url("**#na-de-vergadering-de-notulen")

    tab_to(page, _gelezen)  # from the section the link went to
    enter(page)
    page.get_by_text("U heeft deze versie gelezen op").wait_for()
    assert changed.count() == 0

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(chapter.url)
    assert page.evaluate(TOO_WIDE) == []


def test_a_member_opens_an_earlier_version_with_the_changed_words_marked(
    page, handbook, public_site, log_in, assert_accessible
):
    from handbook.models import HandbookChapter

    chapter = HandbookChapter.objects.get(slug="hoe-een-vergadering-gaat")
    _rewrite_first_section(chapter, "De secretaris stuurt twee weken vooraf een uitnodiging.")
    log_in(page, public_site["member"], next_url=chapter.url)
    to_content(page)
    tab_to(page, lambda e: e["tag"] == "a" and e["text"] == "Eerdere versies")
    enter(page)
    page.get_by_role("heading", level=1, name="Eerdere versies").wait_for()
    assert page.locator(".handbook-versions > li").count() == 2
    assert_accessible(page)

    newest = page.locator(".handbook-versions > li").first.get_by_role("link")
    to_content(page)
    tab_to(page, lambda e: e["href"] == newest.get_attribute("href"))
    enter(page)
    page.locator("article section ins").first.wait_for()
    assert "[toegevoegd:]" in page.locator("article section ins").first.text_content()
    assert "twee weken vooraf" in page.locator("article section ins").first.text_content()
    assert page.locator("article section del").count() > 0
    assert_accessible(page)


def test_a_member_searches_the_handbook_only_from_its_search_box(
    page, handbook, public_site, log_in, assert_accessible
):
    from sitesearch.index import rebuild

    rebuild(["handbook"])
    log_in(page, public_site["member"], next_url="/handboek/")
    box = page.get_by_role("search", name="Zoeken in het handboek").get_by_label(
        "Zoeken in het handboek"
    )
    assert box.is_visible()
    to_content(page)
    tab_to(page, lambda e: e["id"] == "handboek-zoeken")
    page.keyboard.type("notulen")
    enter(page)
    assert "soort=handbook" in page.url
    hits = page.locator(".search-result")
    assert hits.count() > 0
    assert hits.count() == hits.filter(has_text="Hoofdstuk van het handboek").count()
    assert_accessible(page)
