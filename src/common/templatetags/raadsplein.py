from __future__ import annotations

from django import template
from django.conf import settings
from django.forms import BaseForm, BaseFormSet
from django.urls import reverse, translate_url
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """Links to this page in the other languages, each to a page that exists (issue 14).

    A Wagtail page links to its live translation. Without one it links to the "not translated"
    page in that language (``untranslated``), which says so and links to the page itself: the
    other language's address of an untranslated page would be a 404. Any other view exists in
    every language, so it links to the same URL in the other language. A view that stands in
    for a page (the "not translated" page itself) names that page ``language_page``."""
    request = context.get("request")
    page = context.get("language_page") or context.get("page")
    if page is not None and not hasattr(page, "get_translations"):
        page = None
    if page is not None and page.pk is None:
        return []  # an editor's preview of a page not saved yet: no other language to go to
    current = translation.get_language()
    translations = {}
    if page is not None:
        translations = {
            p.locale.language_code: p
            for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        if page is not None:
            found = translations.get(code)
            url = found.url if found is not None else None
            if not url:
                with translation.override(code):
                    url = reverse("untranslated", args=[page.pk])
        else:
            url = translate_url(request.get_full_path(), code) if request is not None else None
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
