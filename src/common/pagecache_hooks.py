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
any model but          ``members``: every members' page (common.membercache), kept per person;
bookkeeping            sessions, the audit log, the outbox and a log-in leave them alone
(MEMBERS_IGNORED)
=====================  ==========================================================================

A transaction's changes bump their tags once, when it commits (``invalidate``).

Derived data that a page's rendering itself writes (image renditions, oEmbed results) changes
nothing a page shows and is left out: otherwise a page's first build would make itself stale.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import pagecache
from .pagecache import TAGS

MEMBERS = "members"  # every members' page (common.membercache)

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


# Written by nearly every request, or bookkeeping that no members' page shows: these leave the
# members' pages as they are (common.membercache). Everything else counts.
MEMBERS_IGNORED = IGNORED | {
    "sessions.session",
    "common.auditentry",
    "common.outboxmessage",
    "admin.logentry",
    "contenttypes.contenttype",
}


def _is_login_write(sender, update_fields) -> bool:
    from django.contrib.auth import get_user_model

    return (
        sender is get_user_model()
        and bool(update_fields)
        and set(update_fields) <= USER_PRIVATE_FIELDS
    )


def tags_for(sender, update_fields=None) -> tuple[str, ...]:
    """The public pages' tags (common.pagecache.TAGS) a change to ``sender`` touches."""
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.label_lower in IGNORED or _is_login_write(sender, update_fields):
        return ()
    from django.contrib.auth import get_user_model

    if sender is get_user_model():
        return ("councils",)
    return BY_APP.get(meta.app_label, ())


def touches_members(sender, update_fields=None) -> bool:
    """Whether a change to ``sender`` may change a members' page (common.membercache): any
    model but bookkeeping. Broad on purpose: a members' page shows nearly everything."""
    meta = getattr(sender, "_meta", None)
    return (
        meta is not None
        and meta.label_lower not in MEMBERS_IGNORED
        and not _is_login_write(sender, update_fields)
    )


class PendingBump:
    """The bump one transaction owes at its commit: the tags of all its changes, once."""

    def __init__(self):
        self.tags: set[str] = set()

    def __call__(self):
        pagecache.bump(*sorted(self.tags))


def invalidate(*tags: str) -> None:
    """Gives ``tags`` new versions when the transaction commits, once per transaction however
    many changes it holds (never before the commit: a request in between would store the old
    data under the new version; a rollback drops the bump with the change). Outside a
    transaction at once.

    With ``PAGE_CACHE_BUMP_AT_ONCE`` (the tests' settings) also at once: a test runs in a
    transaction that never commits, and must see a change on its next request. In production
    that would be a cache write (with Redis: over the network) inside the transaction."""
    connection = transaction.get_connection()
    if getattr(settings, "PAGE_CACHE_BUMP_AT_ONCE", False) or not connection.in_atomic_block:
        pagecache.bump(*tags)
        if not connection.in_atomic_block:
            return
    pending = getattr(connection, "_pagecache_bump", None)
    # Still waiting for this transaction's commit? (A commit or rollback empties the list; a
    # rolled-back savepoint drops the callbacks registered inside it.)
    if pending is None or not any(entry[1] is pending for entry in connection.run_on_commit):
        pending = PendingBump()
        connection._pagecache_bump = pending
        transaction.on_commit(pending, robust=True)
    pending.tags.update(tags)


def _changed(sender, **kwargs):
    update_fields = kwargs.get("update_fields")
    tags = tags_for(sender, update_fields)
    if touches_members(sender, update_fields):
        tags = (*tags, MEMBERS)
    if tags:
        invalidate(*tags)


def _m2m_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        _changed(sender)


def _page_event(sender, **kwargs):
    invalidate(*PAGES, MEMBERS)


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
