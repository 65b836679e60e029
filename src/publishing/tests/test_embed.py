"""The site on other sites (issue 14): the embeds (news, next public activities, the signal card)
may be framed by our own pages and the origins in EMBED_ALLOWED_ORIGINS only; every other page
keeps frame-ancestors 'none'. The embeds set no cookie, are cacheable and link to SITE_URL in the
whole window. The JSON feeds may be read from any origin, GET only, without credentials."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.core import checks
from django.test import override_settings
from django.utils import timezone

from meetings.models import EventStatus
from meetings.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

EMBEDS = ["/inbedden/nieuws/", "/inbedden/activiteiten/", "/inbedden/signaal/"]
FEEDS = ["/nieuws/feed.json", "/agenda/openbaar.json"]
SITE = "https://raadsplein.test"
LISTED = ["https://www.werk.nl", "https://intranet.uwv.nl/"]


def _directive(response, name: str) -> str:
    policy = response["Content-Security-Policy"]
    found = [d.strip() for d in policy.split(";") if d.strip().startswith(name + " ")]
    assert len(found) == 1, policy
    return found[0].removeprefix(name + " ")


def _in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def activities():
    """Public and other activities: only the first three belong in the embed, soonest first."""
    return {
        "soon": ActivityFactory(
            title="Klantpanel brieven", visibility="public", starts_at=_in_days(2)
        ),
        "later": ActivityFactory(
            title="Webinar over de WW", visibility="public", starts_at=_in_days(20), location=""
        ),
        "national": ActivityFactory(
            title="Landelijke dag",
            visibility="public",
            scope="national",
            council=None,
            starts_at=_in_days(9),
        ),
        "cancelled": ActivityFactory(
            title="Afgelaste dag",
            visibility="public",
            starts_at=_in_days(3),
            status=EventStatus.CANCELLED,
        ),
        "past": ActivityFactory(
            title="Vorige maand",
            visibility="public",
            starts_at=_in_days(-30),
        ),
        "members": ActivityFactory(title="Alleen voor raden", starts_at=_in_days(4)),
    }


@override_settings(EMBED_ALLOWED_ORIGINS=LISTED)
def test_embeds_may_be_framed_by_our_pages_and_listed_origins_only(client, site_pages):
    for path in EMBEDS:
        response = client.get(path)
        assert response.status_code == 200, path
        ancestors = _directive(response, "frame-ancestors").split()
        assert ancestors == ["'self'", "https://www.werk.nl", "https://intranet.uwv.nl"], path
        assert "https://www.evil.example" not in response["Content-Security-Policy"]
        assert "X-Frame-Options" not in response, path
        # The rest of the policy stays as strict as on every page.
        assert _directive(response, "script-src") == "'self'"
        assert _directive(response, "form-action") == "'self'"


def test_without_listed_origins_only_our_own_pages_may_frame_the_embeds(client, site_pages):
    for path in EMBEDS:
        response = client.get(path)
        assert _directive(response, "frame-ancestors") == "'self'", path
        assert "X-Frame-Options" not in response, path


@override_settings(EMBED_ALLOWED_ORIGINS=LISTED)
def test_every_other_page_still_refuses_every_frame(client, site_pages):
    for path in ["/", "/voor-webmasters/", "/signaal/", "/nieuws/", "/nieuws/blok/", *FEEDS]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert _directive(response, "frame-ancestors") == "'none'", path
        assert response["X-Frame-Options"] == "DENY", path


@override_settings(EMBED_ALLOWED_ORIGINS=["https://www.werk.nl", "werk.nl; script-src *", "*"])
def test_a_malformed_origin_is_left_out_and_named_by_the_system_check(client, site_pages):
    response = client.get("/inbedden/signaal/")
    assert _directive(response, "frame-ancestors") == "'self' https://www.werk.nl"
    assert _directive(response, "script-src") == "'self'"
    warnings = [m for m in checks.run_checks() if m.id == "raadsplein.W010"]
    assert len(warnings) == 1
    assert "werk.nl; script-src *" in warnings[0].msg and "'*'" in warnings[0].msg


def test_embeds_set_no_cookie_hold_no_script_and_are_cacheable(client, site_pages, activities):
    for path in EMBEDS:
        response = client.get(path)
        html = response.content.decode()
        assert not response.cookies, path
        cache = {p.strip() for p in response["Cache-Control"].split(",")}
        assert {"public", "max-age=300"} <= cache, path
        assert "<script" not in html and "<form" not in html and "style=" not in html, path
        assert '<html lang="nl">' in html and "<title>" in html and "<main>" in html, path
        assert '<base target="_top">' in html, path
        assert 'name="robots" content="noindex"' in html, path


@override_settings(SITE_URL=SITE)
def test_every_link_in_an_embed_is_absolute_on_site_url(client, site_pages, activities):
    for path in EMBEDS:
        # The request comes in on another name (a proxy, the container's own address).
        html = client.get(path, HTTP_HOST="127.0.0.1:8000").content.decode()
        links = re.findall(r'<a [^>]*href="([^"]+)"', html)
        assert len(links) >= 2, path
        assert all(link.startswith(SITE + "/") for link in links), (path, links)
    signal = client.get("/inbedden/signaal/").content.decode()
    assert f'href="{SITE}/signaal/"' in signal
    news = client.get("/inbedden/nieuws/").content.decode()
    assert f'href="{SITE}/nieuws/"' in news  # "Al het nieuws"
    assert "Brieven van UWV worden duidelijker" in news


def test_the_news_embed_shows_one_councils_news_and_404s_for_an_unknown_one(
    client, roles, site_pages
):
    assert client.get("/inbedden/nieuws/?raad=noord").status_code == 200
    assert "Nieuws van" in client.get("/inbedden/nieuws/?raad=noord").content.decode()
    assert client.get("/inbedden/nieuws/?raad=bestaat-niet").status_code == 404


@override_settings(SITE_URL=SITE)
def test_the_activities_embed_shows_the_next_public_activities_soonest_first(
    client, site_pages, activities
):
    html = client.get("/inbedden/activiteiten/").content.decode()
    titles = re.findall(r'class="raadsplein-activities__link" href="[^"]+">([^<]+)</a>', html)
    assert titles == ["Klantpanel brieven", "Landelijke dag", "Webinar over de WW"]
    soon = activities["soon"]
    assert f'href="{SITE}{soon.get_absolute_url()}"' in html
    assert "UWV-kantoor, Groningen" in html and soon.council.name in html
    assert "Landelijk" in html  # the national activity's region


def test_the_activities_embed_says_so_when_nothing_is_planned(client, site_pages):
    html = client.get("/inbedden/activiteiten/").content.decode()
    assert "Er zijn nu geen activiteiten gepland." in html


@override_settings(SITE_URL=SITE)
def test_the_activities_json_feed_lists_the_same_activities(client, site_pages, activities):
    response = client.get("/agenda/openbaar.json")
    assert response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == f"{SITE}/agenda/openbaar.json"
    assert [i["title"] for i in feed["items"]] == [
        "Klantpanel brieven",
        "Landelijke dag",
        "Webinar over de WW",
    ]
    item = feed["items"][0]
    assert item["url"] == item["id"] == SITE + activities["soon"].get_absolute_url()
    assert datetime.datetime.fromisoformat(item["_event"]["starts_at"]) == (
        activities["soon"].starts_at
    )
    assert item["_event"]["location"] == "UWV-kantoor, Groningen"
    assert "online_url" not in json.dumps(feed)


@pytest.mark.parametrize("path", FEEDS)
def test_json_feeds_may_be_read_from_any_origin_with_get_only(client, site_pages, path):
    response = client.get(path, HTTP_ORIGIN="https://www.werk.nl")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert {"public", "max-age=300"} <= {p.strip() for p in response["Cache-Control"].split(",")}
    assert not response.cookies

    preflight = client.options(
        path,
        HTTP_ORIGIN="https://www.werk.nl",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET"
    assert "Access-Control-Allow-Credentials" not in preflight

    assert client.post(path).status_code == 405


def test_the_embeds_and_the_html_block_refuse_other_methods(client, site_pages):
    for path in EMBEDS:
        assert client.post(path).status_code == 405, path
        assert "Access-Control-Allow-Origin" not in client.get(path), path


def test_queries_do_not_grow_with_the_number_of_activities(
    client, site_pages, django_assert_num_queries
):
    ActivityFactory(visibility="public")
    with django_assert_num_queries(1) as small:
        client.get("/agenda/openbaar.json")
    ActivityFactory.create_batch(4, visibility="public")
    with django_assert_num_queries(len(small.captured_queries)):
        client.get("/agenda/openbaar.json")
    with django_assert_num_queries(1):
        client.get("/inbedden/activiteiten/")


@override_settings(EMBED_ALLOWED_ORIGINS=LISTED, SITE_URL=SITE)
def test_the_webmasters_page_offers_a_snippet_and_a_preview_of_each_embed(client, site_pages):
    response = client.get("/voor-webmasters/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Raadsplein op uw website</h1>" in html
    assert "EMBED_ALLOWED_ORIGINS" in html
    assert "<code>https://www.werk.nl</code>" in html
    for path in EMBEDS:
        url = SITE + path
        # The live preview is the snippet itself.
        frames = re.findall(rf'<iframe src="{re.escape(url)}" title="[^"]+" [^>]*>', html)
        assert len(frames) == 1, path
        assert "sandbox=" in frames[0] and 'width="' in frames[0] and 'height="' in frames[0]
        # And the snippet to copy, as text in a read-only field.
        assert f"&lt;iframe src=&quot;{url}&quot;" in html, path
    assert html.count("<textarea") == html.count("readonly") == 3
    assert f'href="{SITE}/nieuws/feed.json"' in html
    assert f'href="{SITE}/agenda/openbaar.json"' in html


def test_every_page_links_to_the_webmasters_page_in_its_footer(client, site_pages):
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert '<a href="/voor-webmasters/">Raadsplein op uw website</a>' in footer
