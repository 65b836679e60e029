"""Live chapters are in the search index for everyone who is logged in, and stay in step with
publishing, unpublishing and deleting."""

from __future__ import annotations

import pytest

from councils.selectors import viewer_for
from handbook.models import HandbookChapter
from handbook.search_index import KIND
from handbook.tests.factories import edit_chapter, make_handbook, section
from sitesearch.index import rebuild
from sitesearch.models import Audience, SearchEntry
from sitesearch.query import Filters, search, visible_entries

pytestmark = pytest.mark.django_db


def _entry(chapter):
    return SearchEntry.objects.filter(kind=KIND, key=str(chapter.pk)).first()


def test_a_published_chapter_is_indexed_for_logged_in_people_with_its_text(site_pages):
    _, (chapter,) = make_handbook(titles=["Vergaderen"])
    chapter = edit_chapter(
        chapter,
        [section("Notulen maken", "Schrijf <b>kort</b> op wat is besloten.")],
        intro="Hoe een vergadering gaat.",
    )
    entry = _entry(chapter)
    assert entry.title == "Vergaderen"
    assert entry.audience == Audience.LOGGED_IN
    assert entry.url == chapter.url == "/handboek/vergaderen/"
    assert "Hoe een vergadering gaat." in entry.body
    assert "Notulen maken" in entry.body
    assert "Schrijf kort op wat is besloten." in entry.body
    assert "<" not in entry.body


def test_visitors_never_find_the_handbook_and_members_do(site_pages, roles):
    _, (chapter,) = make_handbook(titles=["Signalen behandelen"])
    edit_chapter(chapter, [section("Thema kiezen", "Kies een regeling en een onderwerp.")])
    anonymous = viewer_for(None)
    assert not visible_entries(anonymous).filter(kind=KIND).exists()
    for role in ("member", "editor", "liaison", "administrator"):
        results = search(viewer_for(roles[role]), "regeling", Filters(kind=KIND))
        assert [e.title for e in results.page] == ["Signalen behandelen"], role
    assert search(anonymous, "regeling", Filters(kind=KIND)).total == 0


def test_unpublishing_and_deleting_take_the_chapter_out(site_pages):
    _, (kept, hidden, deleted) = make_handbook(3)
    assert all(_entry(c) for c in (kept, hidden, deleted))
    HandbookChapter.objects.get(pk=hidden.pk).unpublish()
    HandbookChapter.objects.get(pk=deleted.pk).delete()
    assert _entry(kept) and not _entry(hidden) and not _entry(deleted)
    # A rebuild gives the same.
    assert rebuild([KIND])[KIND] == 1
    assert list(SearchEntry.objects.filter(kind=KIND).values_list("key", flat=True)) == [
        str(kept.pk)
    ]


def test_a_new_slug_for_the_handbook_moves_every_chapter_address(site_pages):
    index, (chapter,) = make_handbook(1)
    index.slug = "werkwijzer"
    index.save_revision().publish()
    assert _entry(chapter).url.startswith("/werkwijzer/")
