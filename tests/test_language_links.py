"""Every language link on every page leads to a page (issue 14).

On the demo data (``manage.py demo``), a visitor walks the site from both homes and a member
from "Mijn overzicht", following every link within the site. On each page the header's language
links (one per other language, with ``hreflang`` and ``lang`` of that language) must answer 200.

The walk is bounded: a query string is dropped (filters, ``?next=``, paging lead to the same
view), and each view is walked at most ``PER_VIEW`` times in each language, so a calendar's
"next month" does not go on for ever. Every Wagtail page counts as a view of its own: whether it
has a translation is a property of the page, not of the view."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import Resolver404, resolve
from django.utils import translation

pytestmark = pytest.mark.django_db

PER_VIEW = 3
MAX_PAGES = 600
# Not pages of the site (the admin, files) or not pages at all (downloads, feeds, exports).
SKIP_PREFIXES = ("/beheer/", "/documenten/", "/media/", "/static/", "/account/logout/", "/i18n/")
SKIP_SUFFIXES = (".pdf", ".docx", ".ics", ".csv", ".json", ".xml", ".html", ".txt", "/rss/")
SKIP_PARTS = ("/feed/", "/export/")
WAGTAIL_VIEW = "wagtail_serve"
TASKS_NOT_RUN = "django_tasks.backends.dummy.DummyBackend"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.language_links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        href = attrs.get("href")
        if tag != "a" or not href:
            return
        self.links.append(href)
        if "lang-link" in (attrs.get("class") or "").split():
            self.language_links.append(attrs)


def _local_path(base: str, href: str) -> str | None:
    """The path (without query or fragment) of a link within the site, else None."""
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("http", "https") or parts.netloc not in ("testserver", ""):
        return None
    path = parts.path
    if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
        return None
    if any(part in path for part in SKIP_PARTS):
        return None
    return path


def _view_of(path: str) -> tuple[str, str]:
    """What the walk counts as one view: the view's name and the language (a Wagtail page: its
    path)."""
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):  # resolve() matches the active language's prefix
            match = resolve(path)
    except Resolver404:
        return (path, language)
    if match.view_name in (WAGTAIL_VIEW, "untranslated"):
        return (path, language)
    return (match.view_name, language)


def walk(client: Client, start: list[str]) -> tuple[int, dict]:
    """Walk the site from ``start``; returns the number of pages seen and, per language link
    that does not answer 200, its status and the page it was on."""
    queue, seen, per_view = list(start), set(), Counter()
    targets: dict[str, int] = {}
    wrong: dict[str, tuple] = {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        view = _view_of(path)
        if path in seen or per_view[view] >= PER_VIEW:
            continue
        seen.add(path)
        per_view[view] += 1
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        current = view[1]
        expected = sorted(code for code, _ in settings.LANGUAGES if code != current)
        found = sorted(link.get("hreflang") for link in parser.language_links)
        if found != expected:
            wrong[path] = ("language links", found, "expected", expected)
        for link in parser.language_links:
            if link.get("lang") != link.get("hreflang"):
                wrong[path] = ("lang and hreflang differ", link)
            target = link["href"]
            if target not in targets:
                targets[target] = client.get(target).status_code
            if targets[target] != 200:
                wrong[target] = (targets[target], "the language link on", path)
            queue.append(urlsplit(target).path)
        for href in parser.links:
            local = _local_path(f"http://testserver{path}", href)
            if local and local not in seen:
                queue.append(local)
    return len(seen), wrong


@pytest.fixture
def demo(settings, tmp_path):
    """The demo data, as ``manage.py demo`` loads it (search indexes are not needed here). The
    walk leaves the language of its last page active; the next test gets the default again."""
    settings.MEDIA_ROOT = str(tmp_path)
    with override_settings(TASKS={"default": {"BACKEND": TASKS_NOT_RUN}}):
        call_command("demo", stdout=StringIO())
    yield
    translation.deactivate()


def test_every_language_link_a_visitor_sees_answers_200(demo):
    pages, wrong = walk(Client(), ["/", "/en/"])
    assert 40 < pages < MAX_PAGES  # it went through the site, and to its end
    assert not wrong, wrong


def test_every_language_link_a_member_sees_answers_200(demo):
    from django.contrib.auth import get_user_model

    from councils.demo.data import DOMAIN

    client = Client()
    client.force_login(get_user_model().objects.get(email=f"lid@{DOMAIN}"))
    pages, wrong = walk(client, ["/mijn/", "/en/mijn/"])
    assert 80 < pages < MAX_PAGES
    assert not wrong, wrong
