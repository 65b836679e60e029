"""Reads for the handbook pages: the chapters with their "changed since your last visit" mark,
what changed in one chapter, its neighbours, and the live handbook itself."""

from __future__ import annotations

from django.db.models import F, Max

from .diff import ChapterChanges, compare
from .models import HandbookChapter, HandbookIndexPage, HandbookVisit


def live_index() -> HandbookIndexPage | None:
    return HandbookIndexPage.objects.live().order_by("path").first()


def live_chapters(index: HandbookIndexPage):
    return HandbookChapter.objects.child_of(index).live().order_by("path")


def chapter_list(index: HandbookIndexPage, *, user) -> list[HandbookChapter]:
    """The live chapters in order, each with ``visited`` and ``changed`` (since the visit)."""
    chapters = list(live_chapters(index).defer("body"))
    seen = dict(
        HandbookVisit.objects.filter(user=user, chapter__in=[c.pk for c in chapters]).values_list(
            "chapter_id", "revision_id"
        )
    )
    for chapter in chapters:
        chapter.visited = chapter.pk in seen
        chapter.changed = chapter.visited and seen[chapter.pk] != chapter.live_revision_id
    return chapters


def chapter_changes(chapter: HandbookChapter, *, user) -> ChapterChanges | None:
    """What changed since the version ``user`` saw last; None on a first visit or no change."""
    visit = (
        HandbookVisit.objects.filter(user=user, chapter=chapter).select_related("revision").first()
    )
    if visit is None or visit.revision_id == chapter.live_revision_id:
        return None
    if visit.revision is None:
        return ChapterChanges(since=visit.at, unknown=True)
    changes = compare(visit.revision.as_object(), chapter, since=visit.at)
    return changes or None


def chapter_neighbours(chapter: HandbookChapter):
    """(previous, next) live chapter in the handbook's order, or None."""
    siblings = list(
        HandbookChapter.objects.sibling_of(chapter).live().order_by("path").defer("body")
    )
    ids = [s.pk for s in siblings]
    if chapter.pk not in ids:
        return None, None
    i = ids.index(chapter.pk)
    return (siblings[i - 1] if i > 0 else None), (siblings[i + 1] if i + 1 < len(ids) else None)


def changed_since_visit(user) -> list[HandbookChapter]:
    """Live chapters that have a newer version than the one ``user`` saw last."""
    visits = (
        HandbookVisit.objects.filter(user=user, chapter__live=True)
        .exclude(chapter__live_revision=F("revision"))
        .select_related("chapter")
        .order_by("chapter__path")
    )
    return [visit.chapter for visit in visits]


def has_visited(user) -> bool:
    return HandbookVisit.objects.filter(user=user).exists()


def latest_publish(index: HandbookIndexPage):
    """When the handbook (index or a live chapter) was last published: the edition's date."""
    chapters = live_chapters(index).aggregate(latest=Max("last_published_at"))["latest"]
    return max(filter(None, [chapters, index.last_published_at]), default=None)


START_SLUG = "startgids-voor-nieuwe-leden"


def start_chapter(index: HandbookIndexPage) -> HandbookChapter | None:
    """The start guide for new members, when it is there."""
    return live_chapters(index).filter(slug=START_SLUG).defer("body").first()
