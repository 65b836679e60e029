from __future__ import annotations

from django import template
from django.conf import settings
from django.forms import BaseForm, BaseFormSet
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


# Context names under which a view lists what went wrong when it has no form to say so.
PAGE_ERROR_NAMES = ("page_errors", "errors", "error")


@register.simple_tag(takes_context=True)
def submit_failed(context) -> bool:
    """Whether the page shows what was wrong with what was just sent (base.html then starts the
    title with "Fout:"): a bound form or formset that the view validated and found errors in, or
    a list of errors under one of ``PAGE_ERROR_NAMES``. Looks at types only, so lazy values
    (``user``, ``csrf_token``) stay unevaluated, and never validates a form itself."""
    for name, value in context.flatten().items():
        kind = type(value)
        if issubclass(kind, BaseForm | BaseFormSet):
            if value.is_bound and value._errors is not None and _has_errors(value):
                return True
        elif name in PAGE_ERROR_NAMES and kind in (str, list, tuple, dict) and value:
            return True
    return False


def _has_errors(form) -> bool:
    if isinstance(form, BaseFormSet):
        return form.total_error_count() > 0
    return bool(form.errors)
