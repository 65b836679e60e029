from __future__ import annotations

from common.site import absolute_url, page_full_url
from councils.models import Membership
from councils.selectors import council_active_memberships

from .models import CouncilPage


def home_context(home) -> dict:
    """The council pages linked from home, in the page's own language (one query)."""
    pages = (
        CouncilPage.objects.live()
        .filter(locale=home.locale)
        .select_related("council")
        .order_by("council__kind", "title")
    )
    from .models import NewsIndexPage

    news_index = NewsIndexPage.objects.live().filter(locale=home.locale).first()
    return {"council_pages": pages, "news_index": news_index}


def council_page_members(council) -> list[dict]:
    """Members for the public council page: name and role always; photo and bio only with the
    member's consent. Aspirant members are not listed publicly."""
    rows = []
    for membership in council_active_memberships(council):
        if membership.role == Membership.Role.ASPIRANT:
            continue
        user = membership.user
        consent = user.public_profile
        rows.append(
            {
                "name": user.get_full_name() or "",
                "role": membership.get_role_display(),
                "bio": user.bio if consent else "",
                "photo": user.photo if consent and user.photo else None,
            }
        )
    return rows


# --- News (issue 7) -----------------------------------------------------------------------------

NEWS_PER_PAGE = 10
FEED_LENGTH = 20
BLOCK_LENGTH = 5


def news_items(*, locale=None, council=None, parent=None, parents=None):
    """Live news items, blog posts and vlogs, newest first, with their image and councils:
    all of them, or those under ``parent`` (or under any of ``parents``)."""
    from functools import reduce
    from operator import or_

    from wagtail.models import Page

    from .models import NEWS_TYPES

    pages = Page.objects.live().public().type(*NEWS_TYPES)
    if parent is not None:
        pages = pages.child_of(parent)
    if parents:
        pages = pages.filter(reduce(or_, (Page.objects.child_of_q(p) for p in parents)))
    if locale is not None:
        pages = pages.filter(locale=locale)
    ids = list(pages.values_list("pk", flat=True))
    rows = []
    for model in NEWS_TYPES:
        qs = (
            model.objects.filter(pk__in=ids)
            .select_related("image", "locale")
            .prefetch_related("councils")
        )
        if council is not None:
            qs = qs.filter(councils=council)
        rows.extend(qs)
    rows.sort(key=lambda p: (p.date, p.pk), reverse=True)
    return rows


def news_index_context(index, request) -> dict:
    from django.core.paginator import Paginator

    from councils.models import Council

    councils = list(Council.objects.order_by("kind", "name"))
    slug = request.GET.get("raad", "")
    council = next((c for c in councils if c.slug == slug), None)
    items = news_index_items(index, council=council)
    page_obj = Paginator(items, NEWS_PER_PAGE).get_page(request.GET.get("pagina"))
    return {
        "news_page": page_obj,
        "councils": councils,
        "council": council,
        "some_in_other_language": any(item.other_language for item in page_obj),
    }


def news_index_items(index, *, council=None) -> list:
    """What a news index lists (issue 14): every item under it or under its translations (the
    news index in another language), each once: in the index's language where it has that
    version, else in its own language. So the English news lists the Dutch items that have no
    English version. ``other_language`` on each item is its language code when that is not the
    index's language, else ""."""
    indexes = list(index.get_translations(inclusive=True).live())
    language = index.locale.language_code
    rows = news_items(parents=indexes, council=council)
    own = {p.translation_key for p in rows if p.locale_id == index.locale_id}
    listed = []
    for item in rows:
        if item.locale_id != index.locale_id and item.translation_key in own:
            continue
        code = item.locale.language_code
        item.other_language = "" if code == language else code
        listed.append(item)
    return listed


def share_links(url: str, title: str, page_id: int | None = None) -> list[dict]:
    """Plain links to share a page: no scripts, no buttons of the platforms. Mastodon has no
    one address, so its link goes to our own page that asks for the reader's server."""
    from urllib.parse import quote, urlencode

    from django.urls import reverse

    text = f"{title} {url}"
    mastodon = (
        [{"name": "Mastodon", "url": reverse("publishing:share_mastodon", args=[page_id])}]
        if page_id
        else []
    )
    return [
        *mastodon,
        {"name": "Bluesky", "url": "https://bsky.app/intent/compose?" + urlencode({"text": text})},
        {
            "name": "LinkedIn",
            "url": "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        },
        {
            "name": "Facebook",
            "url": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        },
        {
            "name": "X",
            "url": "https://x.com/intent/post?" + urlencode({"text": title, "url": url}),
        },
        {
            "name": "E-mail",
            "url": f"mailto:?subject={quote(title)}&body={quote(url)}",
        },
    ]


def absolute_image_url(page, spec: str = "fill-1200x630") -> str:
    if not page.image:
        return ""
    return absolute_url(page.image.get_rendition(spec).url)


def news_item_context(page, request) -> dict:
    url = page_full_url(page) or absolute_url(request.path)
    return {
        "share_links": share_links(url, page.title, page.pk),
        "og": {
            "title": page.seo_title or page.title,
            "description": page.search_description or page.intro,
            "image": absolute_image_url(page),
            "image_alt": page.alt_text,
            "url": url,
            "type": "article",
        },
        "page_councils": list(page.councils.all()),
        "can_export": _can_export(request),
    }


def _can_export(request) -> bool:
    from councils.selectors import viewer_for

    from .permissions import can_export_news

    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and can_export_news(viewer_for(user)))


def article_datetime(page):
    """A news item's date as a moment (its date field is a day)."""
    import datetime

    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(page.date, datetime.time(9)))
