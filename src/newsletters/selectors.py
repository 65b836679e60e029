"""Which pages a news flash may link to. A flash goes to people without an account, so it offers
only pages that an anonymous visitor can open: live, without a view restriction on the page or
an ancestor (Wagtail's PageViewRestriction), not in the members' handbook, on the site, and in
the flash's language."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Q
from wagtail.models import Page, Site, get_page_models


def flash_language() -> str:
    """A flash is written in the site's default language (Dutch): subscribers choose no
    language, and the mail's own texts are Dutch."""
    return settings.LANGUAGE_CODE.split("-")[0]


def _members_only_types() -> list[type]:
    from handbook.models import MembersOnlyPage

    return [model for model in get_page_models() if issubclass(model, MembersOnlyPage)]


def _site_root(language: str) -> Page | None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    return (
        site.root_page.get_translations(inclusive=True)
        .filter(locale__language_code=language)
        .first()
    )


def flash_offerable_pages(*, language: str | None = None):
    """The pages a flash in ``language`` may link to, the newest first."""
    language = language or flash_language()
    root = _site_root(language)
    if root is None:
        return Page.objects.none()
    pages = (
        Page.objects.live()
        .public()
        .descendant_of(root)  # the home page itself is not news
        .filter(locale__language_code=language)
    )
    members_only = _members_only_types()
    if members_only:
        # The members' pages and anything that is ever placed below them.
        paths = sorted(
            Page.objects.type(*members_only).descendant_of(root).values_list("path", flat=True)
        )
        tops = [p for i, p in enumerate(paths) if not any(p.startswith(q) for q in paths[:i])]
        if tops:
            pages = pages.exclude(reduce(or_, (Q(path__startswith=p) for p in tops)))
    return pages.order_by("-last_published_at", "pk")


def flash_pages_not_offerable(flash, *, language: str | None = None) -> list[Page]:
    """The flash's chosen live pages that a flash may no longer link to (made private or moved
    into the handbook after the flash was composed). An unpublished page is left out of the
    mail (``services.flash_pages``): no reader meets a login wall for it."""
    offerable = flash_offerable_pages(language=language).filter(pk__in=flash.pages.all())
    return list(flash.pages.live().exclude(pk__in=offerable.values("pk")).order_by("title"))
