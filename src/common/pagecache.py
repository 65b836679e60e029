"""The public pages' cache (issue 18): an anonymous visitor's GET of a public page is answered
from a shared cache, and a change to what the page shows makes the next request build it anew.

How it works
------------
- A view (or a Wagtail page's ``serve``) says its response may be shared and what it shows, as
  *tags*: ``mark_public(response, "pages", "councils")`` or the ``@public_cache(...)``
  decorator. Nothing is cached that did not say so.
- ``PublicPageCacheMiddleware`` sits near the top of the middleware. For a GET without any
  cookie (a visitor who never logged in, never sent a form and has no message waiting), not
  from htmx and without an Authorization header, it looks up the path and query in the
  ``pages`` cache. An entry holds the response and the version of each tag it was built with;
  it is served only while every one of those versions is still current.
- Each tag has a version: a random token in the cache. ``invalidate(tag, ...)`` gives the tag a
  new token once the transaction commits, so every entry built before is stale at once, on every
  worker. The versions a response is stored with are read *before* its view runs, so a page built
  from data read before a change can never be stored under the version after it.
- A response is stored only when it is a 200 with no cookie set, no CSRF token used, no
  ``Cache-Control: private/no-store/no-cache``, not streamed, and in the language its path names
  (``/en/…`` English, anything else Dutch). It keeps its headers (CSP, X-Frame-Options,
  Content-Language, Vary), and gets ``X-Page-Cache: hit`` or ``miss``.

Why our own and not a package: wagtail-cache (the kept page cache for Wagtail) clears by
flushing its whole cache backend or by a keyring of URLs, and serves from the end of the
middleware chain. We need to drop exactly the pages a change touches, also for changes that are
not pages (a vacancy, a proposal made public, a council's data), with Redis at scale where a flush
would take the other caches with it; and answering before the session and CSRF middleware is
what makes a hit cost about as much as the bare floor page.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

ALIAS = "pages"
HEADER = "X-Page-Cache"
# What a page can show. A tag that is not here is an error, so that every tag someone marks a
# page with has a place where it is invalidated (see common/pagecache_hooks.py).
TAGS = frozenset(
    {
        "pages",  # Wagtail pages, their images and documents, site settings and snippets
        "councils",  # councils, their members as shown publicly, contact data
        "vacancies",  # recruitment: vacancies and the recruitment page's figures
        "proposals",  # plans and proposals (public status, /resultaten/)
        "advices",  # advices and the agency's answers (/resultaten/)
        "activities",  # activities and meetings on the public agenda and its feed
        "reports",  # annual reports
        "surveys",  # questionnaires' public summaries
    }
)
DEFAULT_TIMEOUT = 60 * 60  # an hour: a page that depends on time alone says its own
MAX_BYTES = 2 * 1024 * 1024
_ATTR = "_public_cache"
_STORED_HEADERS_SKIP = {"set-cookie", HEADER.lower()}


def _cache():
    return caches[ALIAS]


def enabled() -> bool:
    return getattr(settings, "PUBLIC_PAGE_CACHE", True)


def _version_key(tag: str) -> str:
    return f"pc:v:{tag}"


def check_tags(tags: Iterable[str]) -> tuple[str, ...]:
    tags = tuple(sorted(set(tags)))
    unknown = set(tags) - TAGS
    if unknown:
        raise ValueError(f"unknown page cache tags: {sorted(unknown)}")
    return tags


# --- marking a response -----------------------------------------------------------------------


def mark_public(response, *tags: str, timeout: int | None = None):
    """Say that ``response`` may be shared with every anonymous visitor, and what it shows."""
    setattr(response, _ATTR, (check_tags(tags or ("pages",)), timeout))
    return response


def public_cache(*tags: str, timeout: int | None = None):
    """Decorator for a view whose anonymous GET response may be shared (see ``mark_public``)."""
    checked = check_tags(tags or ("pages",))

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            return mark_public(response, *checked, timeout=timeout)

        return wrapped

    return decorator


# --- versions and invalidation ----------------------------------------------------------------


def bump(*tags: str) -> None:
    """Give each tag a new version now (``invalidate`` waits for the commit: use that one for a
    change in a transaction). Tags here are any names: the public pages' (``TAGS``) and the
    members' pages' (``common.membercache``)."""
    _cache().set_many({_version_key(t): uuid.uuid4().hex for t in tags}, timeout=None)


def invalidate(*tags: str) -> None:
    """Every cached page that shows one of ``tags`` is built anew on its next request. Inside a
    transaction this happens when it commits (never before: a request in between would store
    the old data under the new version); a rolled-back change invalidates nothing."""
    checked = check_tags(tags)
    transaction.on_commit(functools.partial(bump, *checked), robust=True)


def invalidate_all() -> None:
    invalidate(*TAGS)


def tag_versions(*tags: str) -> dict[str, str]:
    """The current version of each tag; a tag without one (new, or evicted) gets one now. Read
    them before reading the data a cached thing is built from."""
    keys = {_version_key(t): t for t in tags}
    found = _cache().get_many(list(keys))
    missing = [k for k in keys if k not in found]
    for key in missing:
        _cache().add(key, uuid.uuid4().hex, timeout=None)
    if missing:
        found.update(_cache().get_many(missing))
    return {keys[k]: v for k, v in found.items()}


def cached(key: str, tags: Iterable[str], build, timeout: int = DEFAULT_TIMEOUT):
    """``build()``'s value, kept in the default cache under ``key`` and the current versions of
    ``tags`` (read before ``build`` runs), so a change to what it shows makes the next call build
    it anew. For parts that are the same on many pages (the menu, the handbook panel), and what
    every request asks (a person's global roles, under the members' tag)."""
    versions = tag_versions(*tags)
    full_key = key + ":" + ":".join(versions[t] for t in sorted(versions))
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, timeout)
    return value


# --- the middleware ---------------------------------------------------------------------------


def _path_language(path: str) -> str:
    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE and (path == f"/{code}/" or path.startswith(f"/{code}/")):
            return code
    return settings.LANGUAGE_CODE


def _entry_key(request) -> str:
    target = request.path + (
        "?" + request.META["QUERY_STRING"] if request.META.get("QUERY_STRING") else ""
    )
    return "pc:e:" + hashlib.sha256(target.encode("utf-8", "surrogateescape")).hexdigest()


def request_is_eligible(request) -> bool:
    """A GET that any anonymous visitor could have sent: no cookie at all (no session, no CSRF
    token, no message waiting), not an htmx request, no credentials."""
    return (
        enabled()
        and request.method == "GET"
        and not request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and "HTTP_HX_REQUEST" not in request.META
    )


# Query parameters a public page may be stored for (pagination, the news and agenda filters).
# Any other parameter is answered as usual but not stored, so ``/?x=<random>`` cannot fill the
# cache with copies of one page.
QUERY_KEYS = frozenset({"page", "pagina", "raad", "regio", "soort", "maand", "jaar"})
MAX_QUERY_LENGTH = 200


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    query = request.META.get("QUERY_STRING", "")
    if query and (len(query) > MAX_QUERY_LENGTH or not set(request.GET) <= QUERY_KEYS):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False  # a CSRF token was rendered into the page: it belongs to one visitor
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    language = response.get("Content-Language")
    if language and language != _path_language(request.path):
        return False
    return len(response.content) <= MAX_BYTES


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_is_eligible(request):
            return self.get_response(request)
        key = _entry_key(request)
        entry = _cache().get(key)
        if entry is not None:
            tags_versions, status, headers, content = entry
            if tag_versions(*tags_versions) == tags_versions:
                response = HttpResponse(content, status=status)
                for name, value in headers:
                    response[name] = value
                response[HEADER] = "hit"
                # A conditional GET (a calendar app or feed reader polling with the ETag it
                # has) gets the 304 the view would have given.
                response = get_conditional_response(
                    request,
                    etag=response.get("ETag"),
                    last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
                    response=response,
                )
                response[HEADER] = "hit"
                return response
        seen = tag_versions(*TAGS)  # read before the view reads its data
        response = self.get_response(request)
        marked = getattr(response, _ATTR, None)
        if marked is None:
            return response
        tags, timeout = marked
        if _storable(request, response):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in _STORED_HEADERS_SKIP
            ]
            stored = ({t: seen[t] for t in tags}, response.status_code, headers, response.content)
            _cache().set(key, stored, timeout=timeout or DEFAULT_TIMEOUT)
            response[HEADER] = "miss"
        return response
