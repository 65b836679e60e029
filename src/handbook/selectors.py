"""Reads for the handbook pages: the chapters with their "changed since you read it" mark,
what changed in one chapter, its neighbours, its earlier versions, and the live handbook
itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Max
from wagtail.models import PageLogEntry

from .diff import ChapterChanges, compare
from .models import HandbookChapter, HandbookIndexPage, HandbookRead, HandbookVisit


def live_index() -> HandbookIndexPage | None:
    return HandbookIndexPage.objects.live().order_by("path").first()


def live_chapters(index: HandbookIndexPage):
    return HandbookChapter.objects.child_of(index).live().order_by("path")


def chapter_list(index: HandbookIndexPage, *, user) -> list[HandbookChapter]:
    """The live chapters in order, each with ``read`` (marked read, any version) and
    ``changed`` (a newer version than the one marked read)."""
    chapters = list(live_chapters(index).defer("body"))
    read = dict(
        HandbookRead.objects.filter(user=user, chapter__in=[c.pk for c in chapters]).values_list(
            "chapter_id", "revision_id"
        )
    )
    for chapter in chapters:
        chapter.read = chapter.pk in read
        chapter.changed = chapter.read and read[chapter.pk] != chapter.live_revision_id
    return chapters


def chapter_read(chapter: HandbookChapter, *, user) -> HandbookRead | None:
    """Which version of ``chapter`` the user marked read, and when; None when never."""
    if not user.is_authenticated:
        return None
    return HandbookRead.objects.filter(user=user, chapter=chapter).first()


def _as_chapter(revision, live: HandbookChapter) -> HandbookChapter:
    """The chapter as a revision stored it: its text only (title, intro, sections), without
    the queries ``Revision.as_object()`` makes for the page's place in the tree."""
    chapter = HandbookChapter.from_serializable_data(revision.content, check_fks=False)
    chapter.pk = chapter.id = live.pk
    return chapter


def chapter_changes(
    chapter: HandbookChapter, *, read: HandbookRead | None
) -> ChapterChanges | None:
    """What changed since the version the member marked read; None when they never marked it
    read or there is no newer version. Stays until they mark the newer version read."""
    if read is None or read.revision_id == chapter.live_revision_id:
        return None
    revision = read.revision  # one query, only when there is something to compare
    if revision is None:
        return ChapterChanges(since=read.at, unknown=True)
    changes = compare(_as_chapter(revision, chapter), chapter, since=read.at)
    return changes or None


@dataclass
class Version:
    """One published version of a chapter, with what changed since the version before it."""

    revision_id: int
    published_at: datetime
    chapter: HandbookChapter  # the chapter as it was then
    previous: HandbookChapter | None  # the version before, None for the first
    changes: ChapterChanges | None
    current: bool


def was_published(chapter: HandbookChapter, revision_id: int) -> bool:
    """Whether ``revision_id`` is a version of ``chapter`` that was published."""
    return PageLogEntry.objects.filter(
        page_id=chapter.pk, action="wagtail.publish", revision_id=revision_id
    ).exists()


def chapter_versions(chapter: HandbookChapter) -> list[Version]:
    """The versions of ``chapter`` that were published (never drafts), newest first. Two
    queries whatever their number: the publish log with its revisions."""
    entries = (
        PageLogEntry.objects.filter(
            page_id=chapter.pk, action="wagtail.publish", revision__isnull=False
        )
        .select_related("revision")
        .order_by("timestamp", "pk")
    )
    versions: list[Version] = []
    seen: set[int] = set()
    for entry in entries:
        revision = entry.revision
        # A revision published twice is one version; a purged revision is gone.
        if revision is None or revision.pk in seen:
            continue
        seen.add(revision.pk)
        text = _as_chapter(revision, chapter)
        previous = versions[-1].chapter if versions else None
        changes = compare(previous, text, since=entry.timestamp) if previous else None
        versions.append(
            Version(
                revision_id=revision.pk,
                published_at=entry.timestamp,
                chapter=text,
                previous=previous,
                changes=changes,
                current=revision.pk == chapter.live_revision_id,
            )
        )
    versions.reverse()
    return versions


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


def changed_since_read(user) -> list[HandbookChapter]:
    """Live chapters that have a newer version than the one ``user`` marked read."""
    reads = (
        HandbookRead.objects.filter(user=user, chapter__live=True)
        .exclude(chapter__live_revision=F("revision"))
        .select_related("chapter")
        .order_by("chapter__path")
    )
    return [read.chapter for read in reads]


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
