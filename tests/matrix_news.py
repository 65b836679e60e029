"""Permission matrix rows for the news (issue 7): the public news pages and feeds, and the
exports for the agency's staff (editors and administrators only)."""

from __future__ import annotations

from tests.matrix import DENY, LOGIN, Case, everyone, logged_in

_READY = "news_ready"


def extend_context(context: dict) -> dict:
    if context.get(_READY):
        return context
    from publishing.models import NewsItem

    context["news_item"] = NewsItem.objects.live().order_by("pk").first()
    context[_READY] = True
    return context


def _item(context) -> int:
    return extend_context(context)["news_item"].pk


EXPORT = {**logged_in(DENY), "visitor": LOGIN, "editor": 200, "administrator": 200}

CASES = [
    Case("news index", lambda c: "/nieuws/", everyone(200)),
    Case("news index (council filter)", lambda c: "/nieuws/?raad=noord", everyone(200)),
    Case("news item", lambda c: "/nieuws/brieven-van-uwv-worden-duidelijker/", everyone(200)),
    Case("blog post", lambda c: "/nieuws/mijn-eerste-jaar-in-de-raad/", everyone(200)),
    Case("vlog", lambda c: "/nieuws/vlog-zo-werkt-een-clientenraad/", everyone(200)),
    Case("word raadslid", lambda c: "/word-raadslid/", everyone(200)),
    Case("publishing:news_rss", lambda c: "/nieuws/feed/rss/", everyone(200)),
    Case("publishing:news_atom", lambda c: "/nieuws/feed/atom/", everyone(200)),
    Case("publishing:council_news_rss", lambda c: "/nieuws/feed/noord/rss/", everyone(200)),
    Case("publishing:council_news_atom", lambda c: "/nieuws/feed/limburg/atom/", everyone(200)),
    Case(
        "publishing:council_news_rss (unknown council)",
        lambda c: "/nieuws/feed/bestaat-niet/rss/",
        everyone(404),
    ),
    Case("publishing:news_json", lambda c: "/nieuws/feed.json", everyone(200)),
    Case("publishing:news_block", lambda c: "/nieuws/blok/", everyone(200)),
    Case(
        "publishing:share_mastodon",
        lambda c: f"/nieuws/delen/mastodon/{_item(c)}/",
        everyone(200),
    ),
    Case(
        "publishing:share_mastodon (post)",
        lambda c: f"/nieuws/delen/mastodon/{_item(c)}/",
        everyone(200),  # a link to the reader's server, not a redirect (CSP form-action)
        method="post",
        data=lambda c: {"server": "@lezer@mastodon.nl"},
    ),
    Case(
        "publishing:share_mastodon (bad server)",
        lambda c: f"/nieuws/delen/mastodon/{_item(c)}/",
        everyone(400),
        method="post",
        data=lambda c: {"server": "geen server"},
    ),
    Case(
        "publishing:news_export_html",
        lambda c: f"/nieuws/export/{_item(c)}.html",
        EXPORT,
    ),
    Case(
        "publishing:news_export_docx",
        lambda c: f"/nieuws/export/{_item(c)}.docx",
        EXPORT,
    ),
    Case(
        "publishing:news_export_html (not a news item)",
        lambda c: "/nieuws/export/1.html",
        {**EXPORT, "editor": 404, "administrator": 404},
    ),
]
