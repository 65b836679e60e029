"""Keep the search index in step with the handbook: Wagtail tells us when a page is published,
unpublished or deleted (from the admin, the workflow or code alike)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_migrate
from wagtail.signals import page_published, page_unpublished

from .models import HandbookChapter, HandbookIndexPage
from .search_index import KIND


def _chapter_changed(sender, instance, **kwargs):
    from sitesearch.index import update

    update(KIND, instance)


def _chapter_gone(sender, instance, **kwargs):
    from sitesearch.index import remove

    remove(KIND, instance.pk)


def _index_published(sender, instance, **kwargs):
    # The handbook's slug is part of every chapter's address.
    from sitesearch.index import update

    for chapter in HandbookChapter.objects.child_of(instance):
        update(KIND, chapter)


def _ensure_workflow(sender, **kwargs):
    from .services import handbook_workflow_ensure

    handbook_workflow_ensure()


def connect(app_config):
    page_published.connect(_chapter_changed, sender=HandbookChapter)
    page_unpublished.connect(_chapter_changed, sender=HandbookChapter)
    post_delete.connect(_chapter_gone, sender=HandbookChapter)
    page_published.connect(_index_published, sender=HandbookIndexPage)
    post_migrate.connect(_ensure_workflow, sender=app_config)
