"""News for the agency's staff: exports of one item (editors), a JSON feed and an HTML block
that an intranet or a website can include (public)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from common.pagecache import public_cache
from common.site import absolute_url, page_full_url
from councils.models import Council
from councils.selectors import viewer_for

from .embed import public_feed
from .exports import article_docx, article_html
from .models import NEWS_TYPES
from .permissions import can_export_news
from .selectors import BLOCK_LENGTH, FEED_LENGTH, absolute_image_url, article_datetime, news_items

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _article_for_export(request, page_id):
    if not can_export_news(viewer_for(request.user)):
        raise PermissionDenied
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, NEWS_TYPES):
        raise Http404
    return page


@login_required
@require_GET
def export_html(request, page_id):
    page = _article_for_export(request, page_id)
    response = HttpResponse(article_html(page, request), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(page.title)}.html"'
    return response


@login_required
@require_GET
def export_docx(request, page_id):
    page = _article_for_export(request, page_id)
    response = HttpResponse(article_docx(page, request), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{slugify(page.title)}.docx"'
    return response


def _council(request):
    slug = request.GET.get("raad")
    return get_object_or_404(Council, slug=slug) if slug else None


@public_feed
@public_cache("pages", "councils")
def json_feed(request):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of the latest public news."""
    council = _council(request)
    items = []
    for page in news_items(locale=Locale.get_default(), council=council)[:FEED_LENGTH]:
        url = page_full_url(page)
        item = {
            "id": url,
            "url": url,
            "title": page.title,
            "summary": page.intro,
            "content_text": page.intro,
            "date_published": article_datetime(page).isoformat(),
            "tags": [c.name for c in page.councils.all()],
        }
        if page.last_published_at:
            item["date_modified"] = page.last_published_at.isoformat()
        image = absolute_image_url(page, "max-1200x1200")
        if image:
            item["image"] = image
        items.append(item)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": (
            _("Nieuws van %(council)s") % {"council": council.name}
            if council
            else _("Nieuws van de cliëntenraden")
        ),
        "home_page_url": absolute_url("/"),
        "feed_url": absolute_url(request.get_full_path()),
        "language": "nl",
        "items": items,
    }
    return JsonResponse(feed, content_type="application/feed+json")


@require_GET
@public_cache("pages", "councils")
def news_block(request):
    """A small piece of HTML with the latest news for an intranet: no script, no tracking, only
    class names so the including site styles it."""
    council = _council(request)
    return render(
        request,
        "publishing/news_block.html",
        {
            "items": news_items(locale=Locale.get_default(), council=council)[:BLOCK_LENGTH],
            "council": council,
            "all_url": absolute_url(reverse("publishing:news_rss")),
        },
    )


MASTODON_SERVER = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def share_mastodon(request, page_id):
    """Share on Mastodon without a script: every Mastodon server has its own address, so we ask
    which one, then show a link to that server's share page that the reader follows.

    A redirect would be shorter, but our CSP says ``form-action 'self'`` and browsers apply that
    to where a form's answer redirects to: Chromium blocks the 303 and the reader stays on the
    form without a word. A link the reader clicks is not a form submission, so the policy stays
    strict and the reader sees where they go. Only a form post (with our CSRF token) makes that
    link, so a crafted address cannot put another server's link on our page."""
    page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
    if not isinstance(page, NEWS_TYPES):
        raise Http404
    server, error, share_url = "", "", ""
    if request.method == "POST":
        server = request.POST.get("server", "").strip().lower()
        server = server.removeprefix("https://").removeprefix("http://").split("/")[0]
        server = server.split("@")[-1]  # "@naam@mastodon.nl" → mastodon.nl
        if MASTODON_SERVER.match(server):
            text = f"{page.title} {page_full_url(page)}"
            share_url = f"https://{server}/share?" + urlencode({"text": text})
        else:
            error = _("Vul het adres van uw Mastodon-server in, bijvoorbeeld mastodon.nl.")
    return render(
        request,
        "publishing/share_mastodon.html",
        {
            "page": page,
            "server": request.POST.get("server", ""),
            "server_host": server,
            "share_url": share_url,
            "error": error,
        },
        status=400 if error else 200,
    )


# Paths that are not for search engines: the admin, the members' pages, log-in, exports.
ROBOTS_DISALLOW = ("/beheer/", "/mijn/", "/account/", "/nieuws/export/", "/zoeken/")


@require_GET
@public_cache("pages")
def robots_txt(request):
    """robots.txt: where the sitemap is (on SITE_URL), and what is not for search engines."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines += ["", f"Sitemap: {absolute_url('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
