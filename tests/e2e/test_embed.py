"""The site on other sites (issue 14), in Chromium: a page on a second origin (a small HTTP server
of the test's own) pastes the webmasters' snippets, and each piece shows inside its frame, styled,
with a link that opens our site in the whole window. The same page on an origin that is not in
EMBED_ALLOWED_ORIGINS gets empty frames. The webmasters' page and each embed pass axe, fit 320 px
and work by keyboard."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from .keyboard import focused, tab_to

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADINGS = {
    "Nieuws van de cliëntenraden": "Nieuws van de cliëntenraden",
    "Activiteiten van de cliëntenraden": "Activiteiten van de cliëntenraden",
    "Meld een signaal bij de cliëntenraad": "Meld een signaal",
}


@pytest.fixture
def other_site():
    """An HTTP server on another port than the live server: reached as http://127.0.0.1:<port>
    and as http://localhost:<port>, which are two origins other than the live server's. It
    serves ``other_site.body`` as the page of a webmaster who pasted our snippets."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = server.body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.body = ""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def public_activity(public_site):
    from django.utils import timezone

    from meetings.tests.factories import ActivityFactory

    return ActivityFactory(
        title="Klantpanel over brieven",
        visibility="public",
        council=public_site.council,
        starts_at=timezone.now() + timezone.timedelta(days=5),
    )


def _host_page(snippets: list[str]) -> str:
    return (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Werk</title></head>'
        "<body><h1>Een andere website</h1>" + "".join(f"<div>{s}</div>" for s in snippets)
    ) + "</body></html>"


def test_each_piece_shows_in_a_frame_on_a_listed_origin_and_not_on_another(
    page, live_server, other_site, public_activity
):
    from publishing.views_embed import embed_pieces

    port = other_site.server_address[1]
    listed, unlisted = f"http://127.0.0.1:{port}", f"http://localhost:{port}"
    assert not live_server.url.startswith((listed, unlisted))
    with override_settings(EMBED_ALLOWED_ORIGINS=[listed], SITE_URL=live_server.url):
        pieces = embed_pieces()
        other_site.body = _host_page([p["snippet"] for p in pieces])

        page.goto(listed + "/")
        for title, heading in HEADINGS.items():
            frame = page.frame_locator(f'iframe[title="{title}"]')
            page.locator(f'iframe[title="{title}"]').scroll_into_view_if_needed()
            expect(frame.get_by_role("heading", name=heading)).to_be_visible()
        news = page.frame_locator('iframe[title="Nieuws van de cliëntenraden"]')
        expect(news.get_by_role("link", name="Brieven van UWV worden duidelijker")).to_be_visible()
        activities = page.frame_locator('iframe[title="Activiteiten van de cliëntenraden"]')
        expect(activities.get_by_role("link", name="Klantpanel over brieven")).to_be_visible()
        assert not [e for e in page.console_errors if "frame-ancestors" in e]

        # Our stylesheet loads in the sandboxed frame (its CSP allows it), and the button opens
        # the signal form in the whole window, not in the small frame.
        signal = page.frame_locator('iframe[title="Meld een signaal bij de cliëntenraad"]')
        button = signal.get_by_role("link", name="Meld een signaal")
        colour = button.evaluate("el => getComputedStyle(el).backgroundColor")
        assert colour == "rgb(0, 80, 140)"
        with page.expect_navigation():
            button.click()
        assert page.url == live_server.url + "/signaal/"
        assert page.get_by_role("heading", level=1).inner_text() == "Meld een signaal"

        # The same page on an origin that is not listed: the browser refuses every frame.
        page.console_errors.clear()
        page.goto(unlisted + "/")
        page.wait_for_load_state("load")
        for title in HEADINGS:
            page.locator(f'iframe[title="{title}"]').scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        for title in HEADINGS:
            frame = page.frame_locator(f'iframe[title="{title}"]')
            expect(frame.locator("h2")).to_have_count(0)
        ours = [f for f in page.frames if f.url.startswith(live_server.url)]
        assert not [f for f in ours if f.locator("h2").count()]
        refused = [e for e in page.console_errors if "frame-ancestors" in e]
        assert len(refused) == len(HEADINGS), page.console_errors


def test_the_webmasters_page_and_each_embed_are_accessible_and_fit_320px(
    page, live_server, public_activity, assert_accessible
):
    with override_settings(SITE_URL=live_server.url):
        page.goto("/voor-webmasters/")
        assert page.get_by_role("heading", level=1).inner_text() == "Raadsplein op uw website"
        for title, heading in HEADINGS.items():
            page.locator(f'iframe[title="{title}"]').scroll_into_view_if_needed()
            frame = page.frame_locator(f'iframe[title="{title}"]')
            expect(frame.get_by_role("heading", name=heading)).to_be_visible()
        assert_accessible(page)
        for path in ["/inbedden/nieuws/", "/inbedden/activiteiten/", "/inbedden/signaal/"]:
            page.goto(path)
            assert_accessible(page)

        page.set_viewport_size({"width": 320, "height": 640})
        for path in [
            "/voor-webmasters/",
            "/inbedden/nieuws/",
            "/inbedden/activiteiten/",
            "/inbedden/signaal/",
        ]:
            page.goto(path)
            width = page.evaluate("document.scrollingElement.scrollWidth")
            assert width <= 320, f"{path} is {width}px wide at a 320px viewport"


def test_the_webmasters_page_works_by_keyboard(page, live_server, public_site):
    with override_settings(SITE_URL=live_server.url):
        page.goto("/voor-webmasters/")
        code = tab_to(page, lambda e: e["id"] == "code-nieuws", limit=60)
        assert code["tag"] == "textarea"
        # Select the snippet to copy it.
        page.keyboard.press("Control+A")
        selected = page.evaluate(
            "() => { const el = document.activeElement;"
            " return el.value.slice(el.selectionStart, el.selectionEnd); }"
        )
        assert selected.startswith(f'<iframe src="{live_server.url}/inbedden/nieuws/"')
        # The next Tab goes into the live preview, to its first news link; Enter opens it in
        # the whole window. The preview may still be loading (a busy machine): wait for its
        # first link, without moving the focus.
        preview = page.frame_locator(f'iframe[src="{live_server.url}/inbedden/nieuws/"]').first
        preview.get_by_role("link").first.wait_for()
        page.keyboard.press("Tab")
        # The frame is sandboxed, so Chromium may run it in a process of its own and hand the
        # focus over asynchronously: for a moment the focus is on neither side. Wait for it to
        # land on the frame (and fail if it lands anywhere else).
        page.wait_for_function(
            "() => document.activeElement && document.activeElement.tagName !== 'BODY'",
            timeout=5000,
        )
        assert focused(page)["tag"] == "iframe"
        frame = page.frame(url=f"{live_server.url}/inbedden/nieuws/")
        frame.wait_for_function("() => document.activeElement.tagName === 'A'", timeout=5000)
        href = frame.evaluate("document.activeElement.getAttribute('href')")
        assert href.startswith(live_server.url + "/nieuws/")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == href
