"""Members' pages kept per person (issue 18).

A member's page ("Mijn overzicht", the agenda, a meeting, a dossier, the signal list, a plan, the
pulse overview) is the same on the next request unless something changed. ``member_page`` keeps
the response of a member's GET for ``TIMEOUT`` seconds (a minute) and gives it again, per person
and per browser, until one of these happens:

- **any change in the database that a page may show**: every save, delete or many-to-many change
  of any model except bookkeeping (sessions, the audit log, the outbox, a log-in) gives the
  ``members`` tag a new version when its transaction commits (``common.pagecache_hooks``);
- **the person sends anything** (a POST, PUT, PATCH or DELETE, also one that changes rows with a
  bulk update the hooks cannot see): ``MemberPageCacheMiddleware`` gives their own tag
  (``user:<pk>``) a new version after the response, so a member always sees their own change;
- **a minute passes** (what depends on the clock: "today", deadlines, an ending membership), or
  the day changes (the date is part of the key).

A page is kept under the versions read *before* its view ran, so a page built from data read
before a change is never kept under the version after it. The key holds the person, their
browser's CSRF secret (so the forms' tokens in a kept page are valid for the one browser that
gets it; a log-in makes a new secret), the language, the host and the full path. The view's own
checks run on every build; a kept page goes only to the person it was built for, and only as long
as nothing changed.

Only a plain GET is kept: logged in, with a CSRF cookie, not htmx, no message waiting, no typed
text to restore (``common.keep_typed``). A response is kept only when it is a 200, not streamed,
sets no cookie, says no ``no-store``/``no-cache``, did not change the session, and wrote no audit
entry (a page that logs who saw personal data is built, and logged, every time). The session
warning's time left (``data-timeout``) is filled in anew on every request. Responses carry
``X-Member-Cache: hit`` or ``miss``.

Why our own: Django's per-view cache (``cache_page``) keys on the URL and headers only, and
keeps a page for a fixed time; it cannot be invalidated by a change, nor told apart per person
and browser without varying on the whole Cookie header (which holds the session renewal).
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone, translation

from . import audit, pagecache
from .pagecache_hooks import MEMBERS

HEADER = "X-Member-Cache"
TIMEOUT = 60
MAX_BYTES = 2 * 1024 * 1024
MAX_QUERY_LENGTH = 200
_SKIPPED_HEADERS = {"set-cookie", "content-length", HEADER.lower()}
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
_TIMEOUT_ATTR = b'data-timeout="%d"'


def enabled() -> bool:
    return getattr(settings, "MEMBER_PAGE_CACHE", True)


def user_tag(pk) -> str:
    return f"user:{pk}"


def forget_user(pk) -> None:
    """Every kept page of this person is built anew on their next request."""
    pagecache.bump(user_tag(pk))


def _cache():
    return caches[pagecache.ALIAS]


def _usable(request) -> bool:
    if not enabled() or request.method != "GET":
        return False
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    meta = request.META
    if "HTTP_HX_REQUEST" in meta or "HTTP_AUTHORIZATION" in meta or "CSRF_COOKIE" not in meta:
        return False
    if len(meta.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH or getattr(request, "keep_typed", None):
        return False
    # len() loads the messages without marking them read: they stay for the page.
    return not len(messages.get_messages(request))


def _key(request, versions: dict[str, str]) -> str:
    parts = (
        str(request.user.pk),
        request.META["CSRF_COOKIE"],
        translation.get_language() or "",
        request.get_host(),
        request.get_full_path(),
        timezone.localdate().isoformat(),
        *(versions[t] for t in sorted(versions)),
    )
    digest = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return "mc:e:" + digest


def _seconds_left(request) -> int:
    from accounts.middleware import page_seconds_left  # the session warning's own rule

    return page_seconds_left(request)


def _storable(request, response, secret: str, session_changed: bool, audited: bool) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if session_changed or audited or request.META.get("CSRF_COOKIE") != secret:
        return False  # (a new CSRF secret: the page's tokens are for the cookie it sets)
    cache_control = response.get("Cache-Control", "").lower()
    if "no-store" in cache_control or "no-cache" in cache_control:
        return False
    return len(response.content) <= MAX_BYTES


def member_page(view):
    """Decorator: keep this view's GET responses per member (see the module)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _usable(request):
            return view(request, *args, **kwargs)
        versions = pagecache.tag_versions(MEMBERS, user_tag(request.user.pk))  # before the view
        key = _key(request, versions)
        entry = _cache().get(key)
        if entry is not None:
            status, headers, content, timeout = entry
            if timeout is not None:
                content = content.replace(
                    _TIMEOUT_ATTR % timeout, _TIMEOUT_ATTR % _seconds_left(request), 1
                )
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response[HEADER] = "hit"
            return response
        secret = request.META["CSRF_COOKIE"]
        session = getattr(request, "session", None)
        modified_before = session.modified if session is not None else False
        with audit.watch() as audited:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        session_changed = session is not None and session.modified and not modified_before
        if _storable(request, response, secret, session_changed, audited.written):
            timeout = _seconds_left(request)
            if _TIMEOUT_ATTR % timeout not in response.content:
                timeout = None
            headers = [(n, v) for n, v in response.items() if n.lower() not in _SKIPPED_HEADERS]
            _cache().set(key, (response.status_code, headers, response.content, timeout), TIMEOUT)
            response[HEADER] = "miss"
        return response

    return wrapped


class MemberPageCacheMiddleware:
    """After anything a logged-in person sends (not a GET), their kept pages are built anew:
    whatever it changed, also rows changed without a save, shows on their next page. Sits after
    the authentication middleware; a log-out or log-in counts for both persons."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in _UNSAFE or not enabled():
            return self.get_response(request)
        before = getattr(request, "user", None)
        before_pk = before.pk if before is not None and before.is_authenticated else None
        response = self.get_response(request)
        after = getattr(request, "user", None)
        after_pk = after.pk if after is not None and after.is_authenticated else None
        tags = {user_tag(pk) for pk in (before_pk, after_pk) if pk is not None}
        if tags:
            pagecache.bump(*tags)
        return response
