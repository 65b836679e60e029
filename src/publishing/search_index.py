"""Public pages of the site in the search index: live pages without a view restriction (on the
page or above it), for everyone, in the page's own language.

Wagtail publishes, unpublishes, moves and deletes pages in its own admin, so the index follows
Wagtail's signals here rather than a service of ours."""

from __future__ import annotations

from html import unescape

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from sitesearch.index import Document, register, remove, update
from sitesearch.models import Audience

from .models import NEWS_TYPES, ContentPage, CouncilIndexPage, CouncilPage, HomePage, NewsIndexPage

KIND = "page"
NEWS_KIND = "news"
PAGE_TYPES = (HomePage, ContentPage, CouncilIndexPage, CouncilPage, NewsIndexPage)


def _texts(value):
    """Every piece of text in a StreamField's raw data (headings, rich text, callouts)."""
    if isinstance(value, str):
        yield unescape(strip_tags(value))
    elif isinstance(value, dict):
        if "type" in value and "value" in value:  # a block: only its value holds text
            yield from _texts(value["value"])
        else:
            for item in value.values():
                yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def page_text(page) -> str:
    parts = [page.search_description]
    intro = getattr(page, "intro", "")
    if intro:
        parts.append(unescape(strip_tags(str(intro))))
    body = getattr(page, "body", None)
    if body is not None:
        parts.extend(_texts(list(body.raw_data)))
    return "\n".join(p.strip() for p in parts if p and p.strip())


def build_page(page: Page) -> Document | None:
    page = page.specific
    if not isinstance(page, PAGE_TYPES) or not page.live or page.get_view_restrictions().exists():
        return None
    url = page.get_url()
    if not url:
        return None
    return Document(
        title=page.title,
        body=page_text(page),
        url=url,
        date=page.last_published_at,
        council_id=getattr(page, "council_id", None),
        audience=Audience.PUBLIC,
        language=page.locale.language_code[:2],
    )


def public_pages():
    return Page.objects.type(*PAGE_TYPES).live().select_related("locale")


register(
    KIND,
    label=_("Pagina’s"),
    item_label=_("Pagina"),
    queryset=public_pages,
    build=build_page,
)


def build_news(page: Page) -> Document | None:
    """A news item, blog post or vlog: public once live and not behind a view restriction."""
    page = page.specific
    if not isinstance(page, NEWS_TYPES) or not page.live or page.get_view_restrictions().exists():
        return None
    url = page.get_url()
    if not url:
        return None
    council_ids = [c.pk for c in page.councils.all()]
    body = page_text(page)
    if getattr(page, "transcript", ""):
        body = f"{body}\n{page.transcript}"
    return Document(
        title=page.title,
        body=body,
        url=url,
        date=page.last_published_at,
        council_id=council_ids[0] if len(council_ids) == 1 else None,
        audience=Audience.PUBLIC,
        language=page.locale.language_code[:2],
    )


def public_news():
    return Page.objects.type(*NEWS_TYPES).live().select_related("locale")


register(
    NEWS_KIND,
    label=_("Nieuws"),
    item_label=_("Nieuws"),
    queryset=public_news,
    build=build_news,
)


def update_tree(page: Page) -> None:
    """A page and the pages under it (a change of slug, place or restriction reaches them)."""
    tree = Page.objects.descendant_of(page, inclusive=True)
    for each in tree.type(*PAGE_TYPES):
        update(KIND, each)
    for each in tree.type(*NEWS_TYPES):
        update(NEWS_KIND, each)


@receiver(page_published, dispatch_uid="sitesearch_page_published")
@receiver(page_unpublished, dispatch_uid="sitesearch_page_unpublished")
def _page_changed(sender, instance, **kwargs):
    if issubclass(instance.specific_class or Page, PAGE_TYPES + NEWS_TYPES):
        update_tree(instance)


@receiver(post_page_move, dispatch_uid="sitesearch_page_moved")
def _page_moved(sender, instance, **kwargs):
    update_tree(instance)


@receiver(post_delete, sender=Page, dispatch_uid="sitesearch_page_deleted")
def _page_deleted(sender, instance, **kwargs):
    remove(KIND, instance.pk)
    remove(NEWS_KIND, instance.pk)


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="sitesearch_restriction_saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="sitesearch_restriction_gone")
def _restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        update_tree(page)
