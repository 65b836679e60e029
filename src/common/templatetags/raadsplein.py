from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """Links to this page in the other languages: a Wagtail page's translation if it has one,
    otherwise the same URL in the other language."""
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        url = None
        if page is not None and hasattr(page, "get_translations"):
            other = page.get_translations(inclusive=True).filter(locale__language_code=code)
            found = other.live().first()
            url = found.url if found else None
        if url is None and request is not None:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url})
    return links


@register.simple_tag(takes_context=True)
def viewer(context):
    from councils.selectors import viewer_for

    request = context.get("request")
    return viewer_for(request.user) if request else None
