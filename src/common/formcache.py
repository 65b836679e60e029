"""Public form pages for anonymous visitors, built once (issue 18).

A form page (the signal form, the application form) holds a CSRF token, which belongs to one
visitor, so the shared page cache (``common.pagecache``) never stores it. The rest of the page is
the same for every anonymous visitor in one language. ``form_page`` keeps that rest, rendered
once with ``PLACEHOLDER`` where the token goes, and on each GET puts in the visitor's own token
(``get_token``: CsrfViewMiddleware then sets or keeps their cookie as usual).

Only a plain GET is answered this way: not logged in, no message waiting, no text kept after an
expired session (``common.keep_typed``), not htmx, and with exactly the query string the view
names (anything else is built as usual, so the number of kept pages stays small). A POST, and
so every page with errors or with what was typed, takes the view's normal path.

A kept page is stale as soon as one of its tags has a new version: the page cache's own tags and
versions (``pagecache.invalidate``), read before the page is built, so a page built from data read
before a change is never kept under the version after it. It is kept in the worker's memory, not
in the shared cache: after a deploy that changes a form, a page kept from before would post
fields the new code does not know; a new process starts empty. Each worker builds each page once
per change, which costs one normal request.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from . import pagecache

# Where the visitor's token goes. Never a valid token (those are letters and digits only), so a
# page that somehow still held it would be refused on POST, not accepted.
PLACEHOLDER = "formcache-csrf-token-placeholder"
_PLACEHOLDER_BYTES = PLACEHOLDER.encode("ascii")
MAX_AGE = 60 * 60  # an hour at most, whatever the tags say
MAX_ENTRIES = 64
HEADER = "X-Form-Cache"  # "hit" or "miss", as the page cache's header
_SKIPPED_HEADERS = {"content-length", "set-cookie", HEADER.lower()}  # the token's length differs


@dataclass(frozen=True)
class _Entry:
    versions: dict[str, str]
    built_at: float
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes


_entries: OrderedDict[tuple, _Entry] = OrderedDict()
_lock = threading.Lock()


def usable(request, *, query: str = "") -> bool:
    """Whether this request may get the kept page: what any anonymous visitor could send."""
    if not pagecache.enabled() or request.method != "GET":
        return False
    if request.META.get("QUERY_STRING", "") != query:
        return False
    if "HTTP_HX_REQUEST" in request.META or "HTTP_AUTHORIZATION" in request.META:
        return False
    if getattr(request, "keep_typed", None):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    # len() loads the messages without marking them read: they stay for the normal page.
    return not len(messages.get_messages(request))


def form_page(
    request,
    *,
    name: str,
    tags: Iterable[str],
    build: Callable[[dict], HttpResponse],
    query: str = "",
) -> HttpResponse:
    """The page ``build(extra_context)`` renders, kept for anonymous GETs (see the module).

    ``build`` renders the page with ``extra_context`` added to its context; ``name`` and
    ``query`` (the exact query string this kept page answers) name the page; ``tags`` say what
    it shows (``pagecache.TAGS``)."""
    checked = pagecache.check_tags(tags)  # an unknown tag is an error, also when not kept
    if not usable(request, query=query):
        return build({})
    key = (name, query, translation.get_language(), request.get_host())
    versions = pagecache.tag_versions(*checked)  # before the page reads its data
    with _lock:
        entry = _entries.get(key)
    if entry is None or entry.versions != versions or time.monotonic() - entry.built_at > MAX_AGE:
        response = build({"csrf_token": PLACEHOLDER})
        if not _storable(request, response):
            response.content = _fill(request, response.content)
            return response
        entry = _Entry(
            versions=versions,
            built_at=time.monotonic(),
            status=response.status_code,
            headers=tuple((h, v) for h, v in response.items() if h.lower() not in _SKIPPED_HEADERS),
            content=response.content,
        )
        with _lock:
            _entries[key] = entry
            _entries.move_to_end(key)
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
        state = "miss"
    else:
        state = "hit"
    response = HttpResponse(_fill(request, entry.content), status=entry.status)
    for header, value in entry.headers:
        response[header] = value
    response[HEADER] = state
    return response


def clear() -> None:
    """Forget every kept page of this process."""
    with _lock:
        _entries.clear()


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_USED"):
        return False  # something put the visitor's real token in the page
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def _fill(request, content: bytes) -> bytes:
    if _PLACEHOLDER_BYTES not in content:
        return content
    return content.replace(_PLACEHOLDER_BYTES, get_token(request).encode("ascii"))
