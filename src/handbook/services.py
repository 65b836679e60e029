"""Writes for the handbook: loading the first edition (idempotent, never overwriting a chapter
that exists), the moderation workflow on the handbook, remembering which version of a
chapter a member saw, and which version they marked read."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, Site, Workflow, WorkflowPage, WorkflowTask

from accounts.roles import ADMINISTRATORS, EDITORS

from .edition import read_edition
from .models import (
    HandbookChapter,
    HandbookIndexPage,
    HandbookRead,
    HandbookVisit,
    SecondEditorApprovalTask,
)

WORKFLOW_NAME = "Handboek: een tweede redacteur keurt goed"
TASK_NAME = "Goedkeuring door een tweede redacteur"


class HandbookLoadError(Exception):
    pass


def _chapter_body(chapter) -> list[dict]:
    return [
        {"type": "section", "value": {"title": s.title, "body": s.html}} for s in chapter.sections
    ]


def _home_page() -> Page:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    # Wagtail's own "Welcome" page (a plain Page) is replaced by the real home page later;
    # a handbook under it would go with it.
    if site is None or site.root_page.specific_class in (None, Page):
        raise HandbookLoadError(
            _("Er is nog geen homepagina. Maak die eerst (bijvoorbeeld met manage.py demo).")
        )
    return site.root_page


@transaction.atomic
def handbook_load() -> dict:
    """Create the handbook under the site's home page and publish every chapter of the first
    edition that is not there yet (by slug). Chapters that exist, edited or not, are left
    alone. Makes sure the handbook has its moderation workflow."""
    edition = read_edition()
    index = HandbookIndexPage.objects.order_by("path").first()
    created_index = index is None
    if index is None:
        index = HandbookIndexPage(title=edition.title, slug=edition.slug, intro=edition.intro)
        _home_page().add_child(instance=index)
        index.save_revision().publish()
    have = set(HandbookChapter.objects.child_of(index).values_list("slug", flat=True))
    created = []
    for chapter in edition.chapters:
        if chapter.slug in have:
            continue
        page = HandbookChapter(
            title=chapter.title, slug=chapter.slug, intro=chapter.intro, body=_chapter_body(chapter)
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        created.append(chapter.slug)
    workflow = handbook_workflow_ensure(index)
    return {
        "index": index,
        "created_index": created_index,
        "created": created,
        "workflow": workflow,
    }


def handbook_workflow_ensure(index: HandbookIndexPage | None = None) -> Workflow | None:
    """The workflow "an editor drafts, another approves" on the handbook. Idempotent: creates
    what is missing, never changes an assignment or groups an administrator chose."""
    index = index or HandbookIndexPage.objects.order_by("path").first()
    if index is None:
        return None
    with transaction.atomic():
        task = SecondEditorApprovalTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = SecondEditorApprovalTask.objects.create(name=TASK_NAME)
            task.groups.set(Group.objects.filter(name__in=[EDITORS, ADMINISTRATORS]))
        workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
        if created:
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def visit_record(*, user, chapter: HandbookChapter) -> HandbookVisit:
    """Remember the version of ``chapter`` that ``user`` just saw. Writes only when it is a
    newer version than the one they saw before, so "since" stays the day they first saw it."""
    visit, created = HandbookVisit.objects.get_or_create(
        user=user,
        chapter=chapter,
        defaults={"revision_id": chapter.live_revision_id, "at": timezone.now()},
    )
    if not created and visit.revision_id != chapter.live_revision_id:
        visit.revision_id = chapter.live_revision_id
        visit.at = timezone.now()
        visit.save(update_fields=["revision", "at"])
    return visit


def chapter_mark_read(*, user, chapter: HandbookChapter, revision_id: int) -> HandbookRead:
    """Remember that ``user`` read version ``revision_id`` of ``chapter`` ("Gelezen"). A mark
    never goes back to an older version (a second tab with an older version open)."""
    with transaction.atomic():
        read, created = HandbookRead.objects.select_for_update().get_or_create(
            user=user,
            chapter=chapter,
            defaults={"revision_id": revision_id, "at": timezone.now()},
        )
        if not created and (read.revision_id is None or read.revision_id < revision_id):
            read.revision_id = revision_id
            read.at = timezone.now()
            read.save(update_fields=["revision", "at"])
    return read
