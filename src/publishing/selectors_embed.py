"""Reads for the embeds and the public activities feed: a fixed number of queries each."""

from __future__ import annotations

from django.utils.translation import get_language

from common.site import page_full_url

EMBED_ACTIVITIES = 5
FEED_ACTIVITIES = 20


def news_index_url() -> str:
    """The absolute address of the news overview in the current language, else in any language
    ("" when the site has none). One query."""
    from .models import NewsIndexPage

    pages = NewsIndexPage.objects.live().public().order_by("path")
    index = pages.filter(locale__language_code=get_language()).first() or pages.first()
    return page_full_url(index) if index else ""
