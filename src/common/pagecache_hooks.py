"""What invalidates the public pages' cache (common.pagecache): every change to data that a
cached public page shows bumps the tags of those pages, once the change commits.

One rule for every model, by its app, rather than a list of models: a new model in one of these
apps is covered the day it is added, and a broad tag never shows a stale page (an extra rebuild is
cheap). Saves, deletes and many-to-many changes all count; Wagtail's own actions (publish,
unpublish, move, a revision published by the scheduler or the admin) too.

=====================  ==========================================================================
a change in           invalidates
=====================  ==========================================================================
any Wagtail page,      ``pages`` (every page shows the menu and the language links), ``reports``
its revisions, view    (an annual report counts news items)
restrictions, locale,
site; images,
documents, tags,
redirects
councils (councils,    every tag: councils, their names and regions, are on nearly every page
memberships, regions,
postcodes …)
a user                 ``councils``: name, bio and photo on the council pages (not a log-in)
recruitment            ``vacancies``, ``reports``
proposals              ``proposals``, ``advices``, ``reports``
meetings               ``activities``, ``reports``
reports                ``reports``
surveys                ``surveys``, ``reports``
signals, newsletters,  ``reports`` (the annual reports' figures count them)
social
=====================  ==========================================================================

Derived data that a page's rendering itself writes (image renditions, oEmbed results) changes
nothing a page shows and is left out: otherwise a page's first build would make itself stale.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from . import pagecache
from .pagecache import TAGS

PAGES = ("pages", "reports")
BY_APP: dict[str, tuple[str, ...]] = {
    "wagtailcore": PAGES,
    "wagtailimages": PAGES,
    "wagtaildocs": PAGES,
    "wagtailredirects": PAGES,
    "taggit": PAGES,
    "publishing": PAGES,
    "handbook": PAGES,  # handbook pages may be in the menu
    "councils": tuple(sorted(TAGS)),
    "recruitment": ("vacancies", "reports"),
    "proposals": ("proposals", "advices", "reports"),
    "meetings": ("activities", "reports"),
    "reports": ("reports",),
    "surveys": ("surveys", "reports"),
    "signals": ("reports",),
    "newsletters": ("reports",),
    "social": ("reports",),
}
# Written while a page is rendered, or bookkeeping that shows on no public page.
IGNORED = {
    "wagtailimages.rendition",
    "wagtailembeds.embed",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.referenceindex",
    "wagtailcore.pagesubscription",
    "wagtailcore.uploadedfile",
}
# A user's fields that no public page shows: a log-in writes last_login.
USER_PRIVATE_FIELDS = {"last_login", "password"}


def tags_for(sender, update_fields=None) -> tuple[str, ...]:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.label_lower in IGNORED:
        return ()
    from django.contrib.auth import get_user_model

    if sender is get_user_model():
        if update_fields and set(update_fields) <= USER_PRIVATE_FIELDS:
            return ()
        return ("councils",)
    return BY_APP.get(meta.app_label, ())


def invalidate(*tags: str) -> None:
    """At once, and again when the transaction commits (``pagecache.invalidate``). The first
    makes the change show on the next request inside the same transaction (a test never
    commits); the second drops whatever another request built from the old data in between.
    A change rolled back costs a rebuild, nothing more."""
    pagecache._bump(pagecache._check(tags))
    pagecache.invalidate(*tags)


def _changed(sender, **kwargs):
    tags = tags_for(sender, kwargs.get("update_fields"))
    if tags:
        invalidate(*tags)


def _m2m_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        _changed(sender)


def _page_event(sender, **kwargs):
    invalidate(*PAGES)


def connect() -> None:
    """Called once from CommonConfig.ready."""
    from wagtail.signals import (
        page_published,
        page_slug_changed,
        page_unpublished,
        post_page_move,
        published,
        unpublished,
    )

    post_save.connect(_changed, dispatch_uid="pagecache.post_save")
    post_delete.connect(_changed, dispatch_uid="pagecache.post_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="pagecache.m2m_changed")
    # A move changes url_path with a queryset update (no save per descendant); publishing and
    # unpublishing save too, but say so once more for models that do it with an update.
    signals = {
        "page_published": page_published,
        "page_unpublished": page_unpublished,
        "post_page_move": post_page_move,
        "page_slug_changed": page_slug_changed,
        "published": published,
        "unpublished": unpublished,
    }
    for name, signal in signals.items():
        signal.connect(_page_event, dispatch_uid=f"pagecache.{name}")
