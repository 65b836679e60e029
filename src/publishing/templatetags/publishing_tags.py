from django import template
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from common import pagecache
from common.site import absolute_url, page_full_url

register = template.Library()

DESCRIPTION_LENGTH = 300


def _page_description(page) -> str:
    """A page's own description: its search description, else its summary (a news item's intro,
    a content page's summary), as plain text."""
    if page is None:
        return ""
    text = getattr(page, "search_description", "") or getattr(page, "intro", "") or ""
    text = " ".join(strip_tags(str(text)).split())
    return Truncator(text).chars(DESCRIPTION_LENGTH)


@register.simple_tag(takes_context=True)
def meta_description(context) -> str:
    return _page_description(context.get("page")) or _(
        "De cliëntenraden: onafhankelijke raden van en voor cliënten van UWV."
    )


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The page's own address on SITE_URL, without a query string: a Wagtail page's URL, else
    the path that was asked for."""
    page = context.get("page")
    if page is not None and hasattr(page, "get_url_parts"):
        url = page_full_url(page)
        if url:
            return url
    request = context.get("request")
    return absolute_url(request.path) if request is not None else ""


@register.filter
def full_url(page) -> str:
    """``{{ page|full_url }}``: a page's absolute address on SITE_URL."""
    return page_full_url(page)


FOOTER_TIMEOUT = 60 * 60  # a change the "pages" tag misses shows within the hour


@register.simple_tag
def footer_pages():
    """Pages marked "show in menus" in the current language: the footer links, and the main
    menu's "Nieuws" (the news index among them, see ``news_index_in``). base.html asks once
    per page, so the menu costs no query of its own. The same on every page: kept in the cache
    under the version of the public page cache's "pages" tag, which a page's publishing, moving
    or deleting renews (common.pagecache_hooks), so no query at all on most pages (issue 18)."""
    language = translation.get_language()

    def build():
        try:
            locale = Locale.objects.get(language_code=language)
        except Locale.DoesNotExist:
            locale = Locale.get_default()
        pages = Page.objects.live().in_menu().filter(locale=locale).select_related("content_type")
        return list(pages.order_by("path"))

    pages = pagecache.cached(f"footer_pages:{language}", ["pages"], build, FOOTER_TIMEOUT)
    return pages


@register.filter
def news_index_in(pages):
    """The news index among the menu pages (None when it is not in the menu)."""
    return next(
        (
            p
            for p in pages
            if (p.content_type.app_label, p.content_type.model) == ("publishing", "newsindexpage")
        ),
        None,
    )


@register.inclusion_tag("publishing/_social_meta.html", takes_context=True)
def social_meta(context):
    """Open Graph and Twitter card tags for the page being shown (a news item gives its own
    image and summary; other pages their title and search description)."""
    og = context.get("og")
    if og is None:
        page = context.get("page")
        title = getattr(page, "seo_title", "") or getattr(page, "title", "") or "Raadsplein"
        og = {
            "title": title,
            "description": _page_description(page),
            "image": "",
            "url": canonical_url(context),
            "type": "website",
        }
    return {"og": og}


@register.inclusion_tag("publishing/_promotion_links.html")
def promotion_links():
    """The two calls to action of the promotion pages: report a signal, join a council (the
    recruitment app's /word-raadslid/)."""
    return {}
