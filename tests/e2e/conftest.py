"""Browser tests: one headless Debian Chromium for the suite, a fresh context and page per test.

Nothing is downloaded: Playwright drives /usr/bin/chromium and axe-core comes bundled in the
axe-playwright-python package. The pages are served by pytest-django's live server."""

from __future__ import annotations

import os

import pytest

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# The WCAG 2.2 A and AA rules of axe-core (2.0, 2.1 and 2.2 each only add rules).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TASKS_NOT_RUN = "django_tasks.backends.dummy.DummyBackend"


@pytest.fixture(autouse=True)
def _member_page_cache_on(settings):
    """The browser walks use the members' page cache as production does (issue 18); the tests'
    settings keep it off for the query-count tests."""
    settings.MEMBER_PAGE_CACHE = True


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """One Chromium for the whole e2e suite. Package scope: it closes right after the last
    browser test, so the tests that pytest-django runs after these do not share the thread with
    Playwright's event loop."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        # Playwright's sync API leaves its event loop running in this thread. Django's connection
        # handler (an asgiref Local) then hands out new connection objects, which lack the copy
        # of the migrated data that serialized_rollback restores before each test.
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A page in a fresh context (no cookies) whose relative URLs go to the live server. It
    records what the browser reports as a broken Content Security Policy or a failed script."""
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []  # Content Security Policy violations are reported here
    page.script_errors = []
    page.on(
        "console",
        lambda message: (
            page.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture
def public_site(roles):
    """The users per role and the public pages, as the root conftest's ``roles`` and
    ``site_pages`` make them (the roles first, so that the councils' pages such as /raden/noord/
    exist too). Wagtail's search and reference indexes are not needed in the browser: leaving
    those tasks undone halves the time it takes to make the pages."""
    from django.test import override_settings

    from publishing.demo import load

    with override_settings(TASKS={"default": {"BACKEND": TASKS_NOT_RUN}}):
        load()
    return roles


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def accessibility_problems(axe):
    """What is wrong with the page: axe-core's WCAG 2.2 A/AA violations, what the browser
    blocked under the Content Security Policy, script errors. An empty string when nothing."""

    def check(page) -> str:
        problems = []
        results = axe.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
        if results.violations_count:
            problems.append(results.generate_report())
        csp = [e for e in page.console_errors if "Content Security Policy" in e]
        if csp:
            problems.append(f"Blocked by the Content Security Policy: {csp}")
        if page.script_errors:
            problems.append(f"Script errors: {page.script_errors}")
        return "\n".join(problems)

    return check


@pytest.fixture
def assert_accessible(accessibility_problems):
    def check(page):
        problems = accessibility_problems(page)
        assert not problems, f"{page.url}\n{problems}"

    return check


@pytest.fixture
def log_in():
    """Log in through the login form, filled in by Playwright (test_keyboard.py covers doing it
    with the keyboard alone). Returns the page after the form was sent."""
    from accounts.tests.factories import PASSWORD

    def do(page, user, *, next_url: str = ""):
        page.goto("/account/login/" + (f"?next={next_url}" if next_url else ""))
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.press("input[name=password]", "Enter")
        return page

    return do


@pytest.fixture(scope="session")
def _classifier_blob():
    """Train the theme model once for the session (about a second)."""
    from signals.classification.model import load_seed_examples, train

    return train(load_seed_examples()).dumps()


@pytest.fixture
def signal_intake(public_site, _classifier_blob):
    """The public site, a trained theme model, and postcodes 9000-9999 routed to "noord"."""
    from django.utils import timezone

    from councils.tests.factories import PostcodeRangeFactory
    from signals.models import ClassifierModel

    ClassifierModel.objects.create(
        version="e2e-1",
        trained_at=timezone.now(),
        n_examples=1,
        blob=_classifier_blob,
        is_active=True,
    )
    PostcodeRangeFactory(council=public_site.council, start=9000, end=9999)
    return public_site
