"""Pieces of Raadsplein that another site shows in a frame (the latest news, the next public
activities, a "Meld een signaal" card), the public activities as a JSON feed, and the page
that tells webmasters how to paste them.

The embeds are rendered without the request: no context processor touches the session or the
user, so an anonymous visitor gets no cookie and a shared cache may keep the answer. Their links
open on our site in the whole window (``<base target="_top">``), see the README ("Embedding")."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from common.pagecache import mark_public, public_cache
from common.pagecache_time import until_first_ends
from common.site import absolute_url
from councils.models import Council
from meetings.selectors_activities import upcoming_public_activities

from .embed import allowed_origins, embeddable, public_feed
from .selectors import BLOCK_LENGTH, news_items
from .selectors_embed import EMBED_ACTIVITIES, FEED_ACTIVITIES, news_index_url

# What a pasted frame may do: only follow a link the reader clicks, in the whole window (or in a
# new tab, which then is a normal page of ours). No scripts, forms or same-origin access.
SANDBOX = "allow-top-navigation-by-user-activation allow-popups allow-popups-to-escape-sandbox"


def _render(template: str, context: dict) -> HttpResponse:
    home_url = absolute_url(reverse("wagtail_serve", args=[""]))
    return HttpResponse(render_to_string(template, {**context, "home_url": home_url}))


def _activity_row(activity) -> dict:
    region = activity.council.name if activity.council else activity.get_scope_display()
    return {
        "title": activity.title,
        "url": absolute_url(activity.get_absolute_url()),
        "starts_at": activity.starts_at,
        "ends_at": activity.ends_at,
        "where": activity.location or (_("Online") if activity.online_url else ""),
        "region": region,
        "kind": activity.get_kind_display(),
    }


@require_GET
@public_cache("pages", "councils")
@embeddable
def embed_news(request):
    slug = request.GET.get("raad")
    council = get_object_or_404(Council, slug=slug) if slug else None
    return _render(
        "publishing/embed/news.html",
        {
            "items": news_items(locale=Locale.get_default(), council=council)[:BLOCK_LENGTH],
            "council": council,
            "all_url": news_index_url(),
        },
    )


@require_GET
@embeddable
def embed_activities(request):
    activities = list(upcoming_public_activities(limit=EMBED_ACTIVITIES))
    response = _render(
        "publishing/embed/activities.html",
        {"activities": [_activity_row(a) for a in activities]},
    )
    # Shared until the first one shown ends (the next takes its place), without a query.
    return mark_public(
        response, "pages", "councils", "activities", timeout=until_first_ends(activities)
    )


@require_GET
@public_cache("pages")
@embeddable
def embed_signal(request):
    return _render(
        "publishing/embed/signal.html", {"signal_url": absolute_url(reverse("signals:create"))}
    )


@public_feed
def activities_json(request):
    """JSON Feed 1.1 of the next public activities; each item's ``_event`` holds when and where
    (a JSON Feed extension: names starting with "_" are for the publisher's own fields)."""
    items = []
    activities = list(upcoming_public_activities(limit=FEED_ACTIVITIES))
    for activity in activities:
        row = _activity_row(activity)
        items.append(
            {
                "id": row["url"],
                "url": row["url"],
                "title": row["title"],
                "content_text": activity.description,
                "tags": [row["kind"], row["region"]],
                "_event": {
                    "starts_at": activity.starts_at.isoformat(),
                    "ends_at": activity.ends_at.isoformat(),
                    "location": activity.location,
                    "online": bool(activity.online_url),
                    "region": row["region"],
                },
            }
        )
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": _("Activiteiten van de cliëntenraden"),
        "home_page_url": absolute_url("/"),
        "feed_url": absolute_url(request.path),
        "language": "nl",
        "items": items,
    }
    response = JsonResponse(feed, content_type="application/feed+json")
    return mark_public(response, "activities", "councils", timeout=until_first_ends(activities))


def embed_pieces() -> list[dict]:
    """The embeds as the webmasters' page offers them: a heading, the frame's title and size,
    and the snippet to paste (which is also the page's live preview)."""
    pieces = [
        (
            "nieuws",
            _("Het laatste nieuws"),
            _("De vijf nieuwste berichten van de cliëntenraden."),
            _("Nieuws van de cliëntenraden"),
            "publishing:embed_news",
            (400, 640),
        ),
        (
            "activiteiten",
            _("De volgende activiteiten"),
            _("Bijeenkomsten waar iedereen naartoe kan, de eerstvolgende eerst."),
            _("Activiteiten van de cliëntenraden"),
            "publishing:embed_activities",
            (400, 560),
        ),
        (
            "signaal",
            _("Knop: Meld een signaal"),
            _("Een kaart met uitleg en een knop naar ons formulier voor signalen."),
            _("Meld een signaal bij de cliëntenraad"),
            "publishing:embed_signal",
            (400, 320),
        ),
    ]
    rows = []
    for key, heading, text, title, url_name, (width, height) in pieces:
        url = absolute_url(reverse(url_name))
        snippet = format_html(
            '<iframe src="{}" title="{}" width="{}" height="{}" sandbox="{}" loading="lazy">'
            "</iframe>",
            url,
            title,
            width,
            height,
            SANDBOX,
        )
        rows.append(
            {
                "key": key,
                "heading": heading,
                "text": text,
                "title": title,
                "url": url,
                "width": width,
                "height": height,
                "snippet": snippet,
            }
        )
    return rows


@require_GET
@public_cache("pages", "councils")
def webmasters(request):
    return render(
        request,
        "publishing/embed/webmasters.html",
        {
            "pieces": embed_pieces(),
            "origins": allowed_origins(),
            "news_json": absolute_url(reverse("publishing:news_json")),
            "activities_json": absolute_url(reverse("publishing:activities_json")),
        },
    )
