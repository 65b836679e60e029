"""One address for everything (issue 14): every absolute URL the site emits is built from
SITE_URL, whatever host the request came in on and whatever the Wagtail Site record says; the
Site record follows SITE_URL; the public pages carry their canonical address and their own
description; robots.txt points to the sitemap, which lists every public page."""

from __future__ import annotations

import html
import io
import re
import zipfile
from urllib.parse import unquote, urlsplit

import pytest
from defusedxml import ElementTree as ET
from django.core.management import call_command
from wagtail.models import Site

from publishing.models import NewsIndexPage, NewsItem

pytestmark = pytest.mark.django_db

SITE = "https://raadsplein.test"

# Hosts that are not ours and that a page may name: the share services, the XML namespaces of
# feeds, sitemaps and DOCX files, the JSON Feed version and the demo vlog's video site.
FOREIGN = {
    "bsky.app",
    "www.linkedin.com",
    "www.facebook.com",
    "x.com",
    "www.w3.org",
    "www.sitemaps.org",
    "jsonfeed.org",
    "video.example",
    "schemas.openxmlformats.org",
    "schemas.microsoft.com",
    "purl.org",
    "www.youtube.com",
}
ABSOLUTE = re.compile(r"(?:https?:)?//[A-Za-z0-9.\-\[\]:]+(?=[/\"'<>\s?#]|$)")


@pytest.fixture
def site_url(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.SITE_URL = SITE
    return SITE


@pytest.fixture
def news(site_url, roles, site_pages):
    return NewsIndexPage.objects.get(pk=site_pages["news_index"])


def _hosts(text: str) -> set[str]:
    """The hosts of every absolute URL in a response, also inside share links (URL-encoded)
    and HTML attributes (entity-encoded)."""
    text = unquote(html.unescape(text))
    return {
        urlsplit(m if m.startswith("http") else "https:" + m).netloc for m in ABSOLUTE.findall(text)
    }


def _wrong_hosts(text: str) -> set[str]:
    return {h for h in _hosts(text) if h and h != "raadsplein.test" and h not in FOREIGN}


def _docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as docx:
        return "".join(
            docx.read(name).decode() for name in docx.namelist() if name.endswith(".xml")
        )


def test_every_absolute_url_the_site_emits_uses_site_url(client, news, roles):
    item = NewsItem.objects.live().exclude(image=None).first()
    assert item is not None  # the demo news has items with an image (enclosures, og:image)
    public = [
        "/",
        "/en/",
        "/wie-zijn-wij/",
        "/raden/noord/",
        "/en/councils/noord/",
        "/nieuws/",
        item.url,
        "/nieuws/feed/rss/",
        "/nieuws/feed/atom/",
        "/nieuws/feed/noord/rss/",
        "/nieuws/feed.json",
        "/nieuws/blok/",
        "/sitemap.xml",
        "/robots.txt",
        "/signaal/",
        "/toegankelijkheid/",
        "/voor-webmasters/",
        "/inbedden/nieuws/",
        "/inbedden/activiteiten/",
        "/inbedden/signaal/",
        "/agenda/openbaar.ics",
        "/agenda/openbaar.json",
    ]
    wrong = {}
    seen = set()
    for path in public:
        # The request comes in on another name (a proxy, the container's own address).
        response = client.get(path, HTTP_HOST="127.0.0.1:8000")
        if response.status_code != 200:
            wrong[path] = {f"status {response.status_code}"}
            continue
        text = response.content.decode()
        # An iCalendar PRODID ("-//Raadsplein//Agenda//NL") is a name, not an address.
        text = re.sub(r"^PRODID:.*$", "", text, flags=re.M)
        seen |= _hosts(text)
        if bad := _wrong_hosts(text):
            wrong[path] = bad
    client.force_login(roles["editor"])
    for path in (f"/nieuws/export/{item.pk}.html", f"/sociale-media/nieuw/?pagina={item.pk}"):
        response = client.get(path, HTTP_HOST="127.0.0.1:8000")
        assert response.status_code == 200, path
        if bad := _wrong_hosts(response.content.decode()):
            wrong[path] = bad
    response = client.get(f"/nieuws/export/{item.pk}.docx", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    docx = _docx_text(response.content)
    if f"{SITE}{item.url}" not in docx:
        wrong["docx source line"] = {"missing"}
    if bad := _wrong_hosts(docx):
        wrong["docx"] = bad
    assert not wrong, f"absolute URLs on another host than {SITE}: {wrong}"
    assert "raadsplein.test" in seen


def test_news_item_links_in_feeds_are_on_site_url(client, news):
    item = NewsItem.objects.live().order_by("-date").first()
    rss = ET.fromstring(client.get("/nieuws/feed/rss/").content)
    links = [e.text for e in rss.iter("link")]
    assert f"{SITE}{item.url}" in links
    assert all(link.startswith(SITE + "/") for link in links)
    feed = client.get("/nieuws/feed.json").json()
    assert feed["home_page_url"] == f"{SITE}/"
    assert feed["feed_url"] == f"{SITE}/nieuws/feed.json"
    assert all(i["url"].startswith(SITE + "/") for i in feed["items"])


def test_the_wagtail_site_record_follows_site_url_on_migrate(settings, site_url):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", 80
    site.save()
    call_command("migrate", verbosity=0)
    site.refresh_from_db()
    assert (site.hostname, site.port, site.root_url) == ("raadsplein.test", 443, SITE)


def test_the_site_record_keeps_a_port_that_is_not_the_schemes_own(settings, db):
    from common.site import site_record_sync

    settings.SITE_URL = "http://raadsplein.test:8000"
    site_record_sync()
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "http://raadsplein.test:8000"


def test_the_demo_sets_the_site_record_from_site_url(site_url, roles):
    from publishing.demo import load

    Site.objects.all().delete()
    load()
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == SITE


def test_a_check_warns_when_the_site_record_differs_from_site_url(site_url, db):
    from common.site import check_site_record

    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    warnings = check_site_record(app_configs=None, databases=["default"])
    assert [w.id for w in warnings] == ["raadsplein.W001"]
    Site.objects.filter(is_default_site=True).update(hostname="raadsplein.test", port=443)
    assert check_site_record(app_configs=None, databases=["default"]) == []


# --- Canonical address and description (issue 14) ----------------------------------------------


def _head(response) -> str:
    return response.content.decode().split("</head>")[0]


def test_public_pages_name_their_canonical_address(client, news):
    item = NewsItem.objects.live().first()
    for path in ("/", "/wie-zijn-wij/", "/nieuws/", item.url, "/signaal/"):
        head = _head(client.get(path + "?utm_source=x"))
        assert f'<link rel="canonical" href="{SITE}{path}">' in head, path


def test_a_news_item_describes_itself_in_its_meta_description(client, news):
    item = NewsItem.objects.live().first()
    head = _head(client.get(item.url))
    assert f'<meta name="description" content="{html.escape(item.intro)}">' in head
    assert head.count('name="description"') == 1
    item.search_description = "Eigen beschrijving voor zoekmachines."
    item.save_revision().publish()
    head = _head(client.get(item.url))
    assert '<meta name="description" content="Eigen beschrijving voor zoekmachines.">' in head


def test_a_content_page_describes_itself_with_its_summary(client, news):
    head = _head(client.get("/wie-zijn-wij/"))
    assert '<meta name="description" content="De cliëntenraden zijn onafhankelijk.' in head


# --- robots.txt and the sitemap (issue 14) -----------------------------------------------------


def test_robots_txt_points_to_the_sitemap_on_site_url(client, site_url):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert "User-agent: *" in lines
    assert "Disallow: /beheer/" in lines


NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def _sitemap(client) -> dict[str, dict[str, str]]:
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def test_the_sitemap_lists_every_public_page_with_its_languages(client, news):
    urls = _sitemap(client)
    item = NewsItem.objects.live().first()
    for path in (
        "/",
        "/nieuws/",
        item.url,
        "/raden/",
        "/raden/noord/",
        "/signaal/",
        "/word-raadslid/",
        "/resultaten/",
        "/jaarverslag/",
        "/nieuwsflits/",
        "/raden/zoek/",
        "/agenda/",
        "/toegankelijkheid/",
        "/voor-webmasters/",
    ):
        assert f"{SITE}{path}" in urls, path
    assert not any("/inbedden/" in url for url in urls)  # pieces for other sites, not pages
    assert urls[f"{SITE}/raden/noord/"] == {
        "nl": f"{SITE}/raden/noord/",
        "en": f"{SITE}/en/councils/noord/",
    }
    assert urls[f"{SITE}/en/councils/noord/"]["nl"] == f"{SITE}/raden/noord/"
    assert urls[f"{SITE}/signaal/"] == {"nl": f"{SITE}/signaal/", "en": f"{SITE}/en/signaal/"}
    assert "en" not in urls[f"{SITE}{item.url}"]  # the news is in Dutch only
    assert not [u for u in urls if "/mijn/" in u or "/beheer/" in u or "handboek" in u]


def test_the_sitemap_lists_questionnaire_results_only_once_an_editor_made_them_public(
    client, site_url
):
    import datetime

    from django.utils import timezone

    from surveys.tests.factories import SurveyFactory

    closed = {
        "opens_at": timezone.now() - datetime.timedelta(days=30),
        "closes_at": timezone.now() - datetime.timedelta(days=2),
    }
    public = SurveyFactory(public_summary="Wat wij leerden.", public_at=timezone.now(), **closed)
    private = SurveyFactory(**closed)
    urls = _sitemap(client)
    assert f"{SITE}/uitkomsten-vragenlijsten/" in urls
    assert f"{SITE}/uitkomsten-vragenlijsten/{public.pk}/" in urls
    assert f"{SITE}/uitkomsten-vragenlijsten/{private.pk}/" not in urls
