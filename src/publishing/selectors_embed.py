"""Reads for the embeds and the public activities feed: a fixed number of queries each."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import get_language

from common.models import Visibility
from common.site import page_full_url
from meetings.models import Activity, EventStatus

EMBED_ACTIVITIES = 5
FEED_ACTIVITIES = 20


def next_public_activities(*, limit: int = EMBED_ACTIVITIES) -> list[Activity]:
    """Public activities that have not started yet, soonest first; cancelled ones left out.
    One query (the region's council comes along)."""
    return list(
        Activity.objects.filter(visibility=Visibility.PUBLIC, starts_at__gte=timezone.now())
        .exclude(status=EventStatus.CANCELLED)
        .select_related("council")
        .order_by("starts_at", "id")[:limit]
    )


def news_index_url() -> str:
    """The absolute address of the news overview in the current language, else in any language
    ("" when the site has none). One query."""
    from .models import NewsIndexPage

    pages = NewsIndexPage.objects.live().public().order_by("path")
    index = pages.filter(locale__language_code=get_language()).first() or pages.first()
    return page_full_url(index) if index else ""
