"""The public pages' cache (common.pagecache): what it stores, what it serves, and that a change
shows up on the very next request."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from common import pagecache
from common.pagecache import HEADER, PublicPageCacheMiddleware, invalidate, mark_public

pytestmark = pytest.mark.django_db


class View:
    """A view that counts its calls and answers with what ``self.body`` holds now."""

    def __init__(self, *tags, **kwargs):
        self.calls, self.tags, self.body, self.kwargs = 0, tags, "eerste", kwargs
        self.before = lambda request, response: None

    def __call__(self, request):
        self.calls += 1
        response = HttpResponse(self.body)
        self.before(request, response)
        return mark_public(response, *self.tags, **self.kwargs)


def _get(middleware, path="/nieuws/", **extra):
    return middleware(RequestFactory().get(path, **extra))


def test_an_anonymous_get_is_served_from_the_cache_until_its_tag_changes(
    django_capture_on_commit_callbacks,
):
    view = View("pages")
    middleware = PublicPageCacheMiddleware(view)
    first = _get(middleware)
    assert first[HEADER] == "miss" and first.content == b"eerste"
    second = _get(middleware)
    assert second[HEADER] == "hit" and second.content == b"eerste"
    assert view.calls == 1

    view.body = "tweede"
    with django_capture_on_commit_callbacks(execute=True):
        invalidate("pages")
    third = _get(middleware)
    assert third.content == b"tweede" and third[HEADER] == "miss"
    assert view.calls == 2


def test_another_tag_changing_leaves_the_page_alone(django_capture_on_commit_callbacks):
    view = View("councils")
    middleware = PublicPageCacheMiddleware(view)
    _get(middleware)
    with django_capture_on_commit_callbacks(execute=True):
        invalidate("vacancies")
    assert _get(middleware)[HEADER] == "hit"


def test_an_invalidation_waits_for_the_commit(django_capture_on_commit_callbacks):
    """Before the commit, a request still reads the old data: the old page stays valid. A
    rolled-back change invalidates nothing."""
    view = View("pages")
    middleware = PublicPageCacheMiddleware(view)
    _get(middleware)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invalidate("pages")
        assert _get(middleware)[HEADER] == "hit"
    assert len(callbacks) == 1
    callbacks[0]()
    assert _get(middleware)[HEADER] == "miss"


def test_a_page_built_while_its_data_changed_is_not_kept():
    """The versions are read before the view: a change committed while the view ran makes the
    page it built stale at once, so the next request builds it again."""
    view = View("pages")
    view.before = lambda request, response: pagecache.bump("pages")
    middleware = PublicPageCacheMiddleware(view)
    _get(middleware)
    view.before = lambda request, response: None
    assert _get(middleware)[HEADER] == "miss"
    assert _get(middleware)[HEADER] == "hit"


@pytest.mark.parametrize(
    "extra",
    [
        {"HTTP_COOKIE": "sessionid=abc"},
        {"HTTP_COOKIE": "csrftoken=abc"},
        {"HTTP_COOKIE": "messages=abc"},
        {"HTTP_HX_REQUEST": "true"},
        {"HTTP_AUTHORIZATION": "Bearer x"},
    ],
)
def test_a_request_with_cookies_or_credentials_never_gets_the_shared_page(extra):
    view = View("pages")
    middleware = PublicPageCacheMiddleware(view)
    _get(middleware)
    response = _get(middleware, **extra)
    assert HEADER not in response
    assert view.calls == 2


def test_a_head_or_post_is_not_served_from_the_cache():
    view = View("pages")
    middleware = PublicPageCacheMiddleware(view)
    _get(middleware)
    middleware(RequestFactory().post("/nieuws/"))
    middleware(RequestFactory().head("/nieuws/"))
    assert view.calls == 3


def _set_cookie(request, response):
    response.set_cookie("iets", "van-mij")


def _csrf(request, response):
    get_token(request)


def _private(request, response):
    response["Cache-Control"] = "private"


def _english(request, response):
    response["Content-Language"] = "en"


@pytest.mark.parametrize("before", [_set_cookie, _csrf, _private, _english])
def test_a_response_for_one_visitor_is_never_stored(before):
    """A cookie, a CSRF token in the page, Cache-Control private, or a language other than the
    path's: the response is someone's own."""
    view = View("pages")
    view.before = before
    middleware = PublicPageCacheMiddleware(view)
    _get(middleware)
    _get(middleware)
    assert view.calls == 2


def test_an_unmarked_response_is_never_stored():
    calls = []

    def view(request):
        calls.append(1)
        return HttpResponse("van iemand")

    middleware = PublicPageCacheMiddleware(view)
    _get(middleware)
    _get(middleware)
    assert len(calls) == 2


def test_the_english_and_dutch_pages_and_query_strings_are_kept_apart():
    view = View("pages")
    middleware = PublicPageCacheMiddleware(view)
    _get(middleware, "/nieuws/")
    view.body = "page 2"
    assert _get(middleware, "/nieuws/?page=2").content == b"page 2"
    view.body = "english"
    english = View("pages")
    english.body = "english"
    english.before = _english
    en_middleware = PublicPageCacheMiddleware(english)
    assert _get(en_middleware, "/en/news/")[HEADER] == "miss"
    assert _get(en_middleware, "/en/news/").content == b"english"
    assert _get(middleware, "/nieuws/").content == b"eerste"


def test_headers_are_kept_but_not_cookies():
    view = View("pages")
    view.before = lambda request, response: response.__setitem__("Content-Security-Policy", "x")
    middleware = PublicPageCacheMiddleware(view)
    _get(middleware)
    hit = _get(middleware)
    assert hit[HEADER] == "hit"
    assert hit["Content-Security-Policy"] == "x"
    assert not hit.cookies


def test_a_conditional_get_of_a_cached_page_gets_a_304():
    """A feed reader or calendar app that polls with the ETag or date it has gets the 304 the
    view would give, not the whole response again."""
    view = View("pages")
    view.before = lambda request, response: (
        response.__setitem__("ETag", '"v1"'),
        response.__setitem__("Last-Modified", "Mon, 07 Dec 2026 08:00:00 GMT"),
    )
    middleware = PublicPageCacheMiddleware(view)
    _get(middleware)
    unchanged = _get(middleware, HTTP_IF_NONE_MATCH='"v1"')
    assert unchanged.status_code == 304 and unchanged["ETag"] == '"v1"'
    assert unchanged[HEADER] == "hit" and unchanged.content == b""
    since = _get(middleware, HTTP_IF_MODIFIED_SINCE="Mon, 07 Dec 2026 08:00:00 GMT")
    assert since.status_code == 304
    other = _get(middleware, HTTP_IF_NONE_MATCH='"v0"')
    assert other.status_code == 200 and other.content == b"eerste"
    assert view.calls == 1


def test_an_unknown_tag_is_refused():
    with pytest.raises(ValueError):
        mark_public(HttpResponse(), "nieuws")
    with pytest.raises(ValueError):
        invalidate("nieuws")


def test_the_cache_can_be_switched_off(settings):
    settings.PUBLIC_PAGE_CACHE = False
    view = View("pages")
    middleware = PublicPageCacheMiddleware(view)
    _get(middleware)
    _get(middleware)
    assert view.calls == 2


def test_a_page_with_an_unknown_query_parameter_is_not_stored():
    """``/?x=<random>`` would otherwise fill the cache with copies of one page."""
    view = View("pages")
    middleware = PublicPageCacheMiddleware(view)
    for n in range(3):
        assert HEADER not in _get(middleware, f"/nieuws/?x={n}")
    assert _get(middleware, "/nieuws/?page=2")[HEADER] == "miss"
    assert _get(middleware, "/nieuws/?page=2")[HEADER] == "hit"
    assert view.calls == 4
