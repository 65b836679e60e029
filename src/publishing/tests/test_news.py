"""News, blog posts and vlogs (issue 7): validation, the public pages, feeds, exports for the
agency's staff, search and scheduled publishing."""

from __future__ import annotations

import datetime
import io
import json
import re

import pytest
from defusedxml import ElementTree as ET
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page

from publishing.demo_news import demo_image
from publishing.models import NewsItem, Vlog

pytestmark = pytest.mark.django_db


def _item(index, *, title="Nieuw bericht", councils=(), publish=True, **fields):
    page = NewsItem(title=title, intro="Een korte samenvatting.", live=publish, **fields)
    page.councils.set(list(councils))
    index.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def news_council():
    from councils.models import Council

    return Council.objects.get(slug="noord")


def _document(name: str, content: bytes = b"x"):
    return get_document_model().objects.create(title=name, file=ContentFile(content, name=name))


# --- Validation -------------------------------------------------------------------------------


def test_an_image_without_alt_text_is_refused(news):
    image = demo_image()
    image.description = ""
    image.save()
    page = NewsItem(title="Zonder alt", intro="x", image=image)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "image_alt" in error.value.message_dict
    assert "alt-tekst" in error.value.message_dict["image_alt"][0]
    page.image_alt = "Twee mensen aan tafel"
    page.clean()  # an alt text on the page is enough
    assert page.alt_text == "Twee mensen aan tafel"


def test_the_images_own_description_serves_as_alt_text(news):
    page = NewsItem(title="Met beschrijving", intro="x", image=demo_image())
    page.clean()
    assert page.alt_text == demo_image().description


def test_a_vlog_needs_a_video_or_a_link(news):
    with pytest.raises(ValidationError) as error:
        Vlog(title="Leeg", intro="x").clean()
    assert "video" in error.value.message_dict


def test_an_uploaded_video_needs_a_vtt_captions_file(news):
    video = _document("uitleg.mp4")
    vlog = Vlog(title="Video", intro="x", video=video)
    with pytest.raises(ValidationError) as error:
        vlog.clean()
    assert "ondertitel" in error.value.message_dict["captions"][0]
    vlog.captions = _document("uitleg.srt")
    with pytest.raises(ValidationError) as error:
        vlog.clean()
    assert ".vtt" in error.value.message_dict["captions"][0]
    vlog.captions = _document("uitleg.vtt", b"WEBVTT\n")
    vlog.clean()


def test_a_video_must_be_mp4_or_webm(news):
    vlog = Vlog(
        title="Video",
        intro="x",
        video=_document("uitleg.avi"),
        captions=_document("uitleg.vtt", b"WEBVTT\n"),
    )
    with pytest.raises(ValidationError) as error:
        vlog.clean()
    assert "mp4" in error.value.message_dict["video"][0]


def test_a_linked_video_needs_a_transcript(news):
    vlog = Vlog(title="Link", intro="x", embed_url="https://video.example/v/1")
    with pytest.raises(ValidationError) as error:
        vlog.clean()
    assert "uitgeschreven tekst" in error.value.message_dict["transcript"][0]
    vlog.transcript = "Welkom bij de raad."
    vlog.clean()


def test_a_vlog_cannot_have_both_a_file_and_a_link(news):
    vlog = Vlog(
        title="Allebei",
        intro="x",
        video=_document("a.mp4"),
        captions=_document("a.vtt", b"WEBVTT\n"),
        embed_url="https://video.example/v/1",
        transcript="Tekst",
    )
    with pytest.raises(ValidationError) as error:
        vlog.clean()
    assert "embed_url" in error.value.message_dict


def test_an_uploaded_vlog_shows_the_video_with_its_captions(news, client):
    vlog = Vlog(
        title="Eigen video",
        slug="eigen-video",
        intro="x",
        video=_document("eigen.mp4"),
        captions=_document("eigen.vtt", b"WEBVTT\n"),
    )
    news.add_child(instance=vlog)
    vlog.save_revision().publish()
    html = client.get(vlog.url).content.decode()
    assert "<video" in html
    assert re.search(r'<track kind="captions" src="[^"]+"', html)


# --- Public pages -----------------------------------------------------------------------------


def test_the_index_lists_newest_first_and_filters_by_council(news, client, roles):
    old = _item(news, title="Oud bericht", date=datetime.date(2020, 1, 1), councils=[roles.council])
    new = _item(news, title="Vers bericht", date=timezone.localdate(), councils=[roles.council])
    html = client.get(news.url).content.decode()
    assert html.index(new.title) < html.index(old.title)
    assert "Brieven van UWV worden duidelijker" in html  # demo item of the central council

    filtered = client.get(news.url, {"raad": "noord"}).content.decode()
    assert new.title in filtered
    assert "Brieven van UWV worden duidelijker" not in filtered
    limburg = client.get(news.url, {"raad": "limburg"}).content.decode()
    assert new.title not in limburg


def test_the_index_pages(news, client):
    for n in range(12):
        _item(news, title=f"Bericht {n:02d}", date=timezone.localdate() + datetime.timedelta(n))
    first = client.get(news.url).content.decode()
    second = client.get(news.url, {"pagina": 2}).content.decode()
    assert "Bericht 11" in first and "Bericht 00" not in first
    assert "Bericht 00" in second


def test_the_index_query_count_does_not_grow(news, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        client.get(news.url)  # renditions are made on the first view
        with CaptureQueriesContext(connection) as queries:
            assert client.get(news.url).status_code == 200
        return len(queries)

    before = count()
    for n in range(4):
        _item(news, title=f"Bericht {n}", image=demo_image(), councils=[news_council()])
    assert count() <= before + 2


def test_promotion_pages_link_to_signal_and_joining(news, client):
    for url in ("/", news.url):
        html = client.get(url).content.decode()
        assert 'href="/signaal/"' in html
        assert "Word raadslid" in html and 'href="/word-raadslid/"' in html


def test_an_item_shows_date_councils_image_with_alt_and_share_links(news, client, roles):
    page = _item(
        news,
        title="Met beeld",
        image=demo_image(),
        councils=[roles.council],
        date=datetime.date(2026, 3, 2),
    )
    html = client.get(page.url).content.decode()
    assert "2026-03-02" in html
    assert roles.council.name in html
    assert f'alt="{demo_image().description}"' in html
    for host in ("linkedin.com", "facebook.com", "x.com/intent", "bsky.app/intent", "mailto:"):
        assert host in html
    # No third-party scripts, styles or images: everything loaded comes from us.
    assert not re.search(r"<script[^>]+src=\"https?://", html)
    for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
        for value in re.findall(rf"<{tag}\b[^>]*\b{attr}=\"([^\"]+)\"", html):
            if tag == "link" and "alternate" in value:
                continue
            if value.startswith(settings.SITE_URL + "/"):  # our own address (rel=canonical)
                continue
            assert not value.startswith(("http://", "https://", "//")), (tag, value)


def test_open_graph_and_twitter_card(news, client, roles):
    page = _item(news, title="Delen maar", image=demo_image(), councils=[roles.council])
    html = client.get(page.url).content.decode()

    def meta(key):
        found = re.search(rf'<meta (?:property|name)="{key}" content="([^"]*)"', html)
        return found and found.group(1)

    assert meta("og:title") == "Delen maar"
    assert meta("og:description") == "Een korte samenvatting."
    assert meta("og:url") == settings.SITE_URL + page.url  # the site's own address
    assert meta("og:url").startswith("http") and meta("og:url").endswith(page.url)
    assert meta("og:image").startswith(settings.SITE_URL + "/")
    assert meta("twitter:card") == "summary_large_image"
    assert client.get(meta("og:image").removeprefix(settings.SITE_URL)).status_code in (200, 404)
    home = client.get("/").content.decode()
    assert 'property="og:title"' in home and 'name="twitter:card" content="summary"' in home


def test_the_sitemap_lists_the_news(news, client):
    body = client.get("/sitemap.xml").content.decode()
    assert "/nieuws/" in body
    assert "/nieuws/brieven-van-uwv-worden-duidelijker/" in body


# --- Feeds ------------------------------------------------------------------------------------


def _feed_titles(response, atom=False):
    root = ET.fromstring(response.content)
    if atom:
        ns = {"a": "http://www.w3.org/2005/Atom"}
        return [e.text for e in root.findall("a:entry/a:title", ns)]
    return [e.text for e in root.findall("channel/item/title")]


def test_rss_and_atom_feeds_of_all_news(news, client, roles):
    _item(news, title="In de feed", councils=[roles.council])
    _item(news, title="Nog concept", publish=False)
    rss = client.get("/nieuws/feed/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    titles = _feed_titles(rss)
    assert "In de feed" in titles and "Nog concept" not in titles
    assert "Brieven van UWV worden duidelijker" in titles
    atom = client.get("/nieuws/feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "In de feed" in _feed_titles(atom, atom=True)


def test_feeds_per_council(news, client, roles):
    _item(news, title="Alleen Noord", councils=[roles.council])
    _item(news, title="Alleen Limburg", councils=[roles.other_council])
    noord = _feed_titles(client.get("/nieuws/feed/noord/rss/"))
    assert "Alleen Noord" in noord and "Alleen Limburg" not in noord
    limburg = _feed_titles(client.get("/nieuws/feed/limburg/atom/"), atom=True)
    assert "Alleen Limburg" in limburg and "Alleen Noord" not in limburg
    assert client.get("/nieuws/feed/bestaat-niet/rss/").status_code == 404


def test_feeds_read_as_validators_read_them(news, client, roles, settings):
    """Issue 14: RSS channel/link and Atom's alternate link are the web page, not the feed;
    each Atom feed has its own id and an author; /en/ does not make Dutch news English."""
    site = settings.SITE_URL
    ns = {"a": "http://www.w3.org/2005/Atom"}
    rss = ET.fromstring(client.get("/nieuws/feed/rss/").content)
    assert rss.findtext("channel/link") == f"{site}/nieuws/"
    assert rss.findtext("channel/language") == "nl"
    noord_rss = ET.fromstring(client.get("/nieuws/feed/noord/rss/").content)
    assert noord_rss.findtext("channel/link") == f"{site}/nieuws/?raad=noord"

    ids = set()
    for path, page in (
        ("/nieuws/feed/atom/", f"{site}/nieuws/"),
        ("/nieuws/feed/noord/atom/", f"{site}/nieuws/?raad=noord"),
        ("/nieuws/feed/limburg/atom/", f"{site}/nieuws/?raad=limburg"),
    ):
        atom = ET.fromstring(client.get(path).content)
        ids.add(atom.findtext("a:id", namespaces=ns))
        alternate = atom.find("a:link[@rel='alternate']", ns)
        assert alternate.get("href") == page
        assert atom.find("a:link[@rel='self']", ns).get("href") == site + path
        assert atom.findtext("a:author/a:name", namespaces=ns)
        assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == "nl"
    assert len(ids) == 3

    english = ET.fromstring(client.get("/en/nieuws/feed/rss/").content)
    assert english.findtext("channel/language") == "nl"


def test_every_page_points_to_the_feeds(news, client):
    html = client.get("/").content.decode()
    assert 'rel="alternate" type="application/rss+xml"' in html
    assert 'href="/nieuws/feed/atom/"' in html


# --- For the agency's staff -------------------------------------------------------------------


def test_export_html_is_standalone_with_absolute_image(news, client, roles):
    page = _item(news, title="Voor het personeelsblad", image=demo_image())
    client.force_login(roles["editor"])
    response = client.get(f"/nieuws/export/{page.pk}.html")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith("<!DOCTYPE html>")
    assert "<h1>Voor het personeelsblad</h1>" in html
    assert re.search(rf'<img src="{re.escape(settings.SITE_URL)}/[^"]+" alt="[^"]+"', html)
    assert "<script" not in html and "stylesheet" not in html


def test_export_docx_has_title_and_image(news, client, roles):
    from docx import Document

    page = _item(news, title="Artikel in Word", image=demo_image())
    client.force_login(roles["administrator"])
    response = client.get(f"/nieuws/export/{page.pk}.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    assert doc.paragraphs[0].text == "Artikel in Word"
    assert len(doc.inline_shapes) == 1
    assert any("Een korte samenvatting." in p.text for p in doc.paragraphs)


@pytest.mark.parametrize("suffix", ["html", "docx"])
def test_only_editors_and_administrators_export(news, client, roles, suffix):
    page = _item(news, title="Geheim is het niet")
    url = f"/nieuws/export/{page.pk}.{suffix}"
    assert client.get(url).status_code == 302
    for role in ("member", "secretary", "liaison"):
        client.force_login(roles[role])
        assert client.get(url).status_code == 403, role
    client.force_login(roles["editor"])
    assert client.get(url).status_code == 200
    other = Page.objects.filter(slug="privacy").first()
    assert client.get(f"/nieuws/export/{other.pk}.{suffix}").status_code == 404


def test_json_feed(news, client, roles):
    _item(news, title="In JSON", councils=[roles.council], image=demo_image())
    _item(news, title="Concept", publish=False)
    response = client.get("/nieuws/feed.json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and feed["home_page_url"].startswith("http")
    titles = [item["title"] for item in feed["items"]]
    assert "In JSON" in titles and "Concept" not in titles
    item = feed["items"][titles.index("In JSON")]
    assert item["id"] == item["url"]
    assert item["url"].startswith("http") and item["url"].endswith("/nieuws/in-json/")
    assert item["image"].startswith(settings.SITE_URL + "/")
    assert roles.council.name in item["tags"]
    datetime.datetime.fromisoformat(item["date_published"])
    noord = json.loads(client.get("/nieuws/feed.json", {"raad": "limburg"}).content)
    assert "In JSON" not in [i["title"] for i in noord["items"]]


def test_html_block_has_no_script_and_no_cors(news, client):
    response = client.get("/nieuws/blok/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
    assert "<script" not in html and "<img" not in html and "style=" not in html
    assert 'class="raadsplein-news"' in html
    assert 'href="http://' in html  # absolute links, for another site
    assert "Brieven van UWV worden duidelijker" in html


# --- Search and scheduling --------------------------------------------------------------------


def test_news_is_found_in_search_under_its_own_kind(news, client):
    from sitesearch.models import SearchEntry

    page = _item(news, title="Zoekbaar nieuwsbericht over keuringen")
    entry = SearchEntry.objects.get(kind="news", key=str(page.pk))
    assert entry.audience == "public"
    html = client.get("/zoeken/", {"q": "keuringen", "soort": "news"}).content.decode()
    assert "Zoekbaar nieuwsbericht" in html
    page.unpublish()
    assert not SearchEntry.objects.filter(kind="news", key=str(page.pk)).exists()


def test_a_concept_is_not_in_search(news):
    from sitesearch.models import SearchEntry

    page = _item(news, title="Nog niet klaar", publish=False)
    assert not SearchEntry.objects.filter(kind="news", key=str(page.pk)).exists()


def test_scheduled_publishing_through_the_task(news, client):
    from publishing.tasks import publish_scheduled_pages

    page = _item(news, title="Komt later", publish=False)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()  # with a future go_live_at this schedules, not publishes
    page.refresh_from_db()
    assert not page.live
    publish_scheduled_pages.call_local()
    page.refresh_from_db()
    assert not page.live  # not yet

    # The moment comes: the scheduled revision's go-live time is now in the past.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.refresh_from_db()
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    publish_scheduled_pages.call_local()
    page.refresh_from_db()
    assert page.live
    assert "Komt later" in client.get(news.url).content.decode()


def test_only_editors_see_the_export_links_on_an_item(news, client, roles):
    page = _item(news, title="Met exportlinks")
    export = f"/nieuws/export/{page.pk}.docx"
    assert export not in client.get(page.url).content.decode()
    client.force_login(roles["member"])
    assert export not in client.get(page.url).content.decode()
    client.force_login(roles["editor"])
    assert export in client.get(page.url).content.decode()


def test_news_pages_fall_under_the_default_moderation_workflow(news):
    page = _item(news, title="Ter goedkeuring", publish=False)
    workflow = page.get_workflow()
    assert workflow is not None and workflow.active


def test_mastodon_share_asks_for_the_readers_server_and_sends_them_there(news, client):
    page = _item(news, title="Delen maar")
    html = client.get(page.url).content.decode()
    share = f"/nieuws/delen/mastodon/{page.pk}/"
    assert f'href="{share}"' in html
    assert client.get(share).status_code == 200

    # Not a redirect: browsers hold a form's redirect to our CSP's form-action 'self' (see
    # tests/e2e/test_news.py). The reader gets a link to their server's share page instead.
    response = client.post(share, {"server": "https://Mastodon.nl/@iemand"})
    assert response.status_code == 200
    html = response.content.decode()
    links = re.findall(r'href="(https://mastodon\.nl/share\?[^"]+)"', html)
    assert len(links) == 1
    assert links[0].startswith("https://mastodon.nl/share?text=Delen+maar+")
    assert "delen-maar" in links[0]
    assert "Naar mastodon.nl om te delen" in html

    refused = client.post(share, {"server": "javascript:alert(1)"})
    assert refused.status_code == 400
    assert "Vul het adres van uw Mastodon-server in" in refused.content.decode()
    assert 'value="javascript:alert(1)"' in refused.content.decode()  # what was typed stays
    # Only a form post makes the link: a crafted address cannot put another server on our page.
    crafted = client.get(share + "?server=evil.example")
    assert crafted.status_code == 200 and "https://evil.example" not in crafted.content.decode()


def test_feeds_carry_the_items_image_as_an_enclosure(news, client):
    _item(news, title="Met plaatje", image=demo_image())
    _item(news, title="Zonder plaatje")
    rss = client.get("/nieuws/feed/rss/").content.decode()
    items = {
        re.search(r"<title>([^<]+)</title>", block).group(1): block
        for block in re.findall(r"<item>(.*?)</item>", rss, re.S)
    }
    enclosures = re.findall(
        r'<enclosure length="(\d+)" type="image/jpeg" url="([^"]+)"', items["Met plaatje"]
    )
    assert len(enclosures) == 1
    length, url = enclosures[0]
    assert int(length) > 0 and url.startswith(settings.SITE_URL + "/") and url.endswith(".jpg")
    assert "<enclosure" not in items["Zonder plaatje"]
    atom = client.get("/nieuws/feed/atom/").content.decode()
    entries = {
        re.search(r"<title>([^<]+)</title>", block).group(1): block
        for block in re.findall(r"<entry>(.*?)</entry>", atom, re.S)
    }
    assert 'rel="enclosure"' in entries["Met plaatje"]
    assert 'rel="enclosure"' not in entries["Zonder plaatje"]


def test_feeds_and_the_block_carry_the_dutch_items_only(news, client):
    """An English translation of an item is not a second item in the (Dutch) feeds."""
    from wagtail.models import Locale

    item = _item(news, title="Alleen eenmaal")
    english_index = news.get_translations().filter(locale__language_code="en").first()
    if english_index is None:
        news.copy_for_translation(Locale.objects.get(language_code="en")).save_revision().publish()
    translated = item.copy_for_translation(Locale.objects.get(language_code="en"))
    translated.title = "Only once"
    translated.save_revision().publish()
    for path in ("/nieuws/feed/rss/", "/nieuws/feed/atom/", "/nieuws/feed.json", "/nieuws/blok/"):
        text = client.get(path).content.decode()
        assert "Alleen eenmaal" in text and "Only once" not in text, path
