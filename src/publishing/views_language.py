"""Where the language link goes when there is no page in that language (issue 14).

Most pages (news, blogs, vlogs, handbook chapters) are only in Dutch. Their language link leads
to ``untranslated``: a page in the visitor's language that says so, and links to the page in its
own language and to the nearest pages that do exist in the visitor's language. We do not show the
Dutch text under an English address: that would tell search engines and screen readers it is
English."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Page

from common.pagecache import mark_public
from councils.selectors import viewer_for
from handbook.models import MembersOnlyPage
from handbook.permissions import can_read_handbook


def _nearest_translated(page, language: str):
    """The closest ancestor of ``page`` (not the tree's root) that is live in ``language``, in
    that language; None when there is none."""
    ancestors = list(page.get_ancestors().filter(depth__gt=1).order_by("-depth"))
    found = {
        p.translation_key: p
        for p in Page.objects.live().filter(
            locale__language_code=language,
            translation_key__in=[a.translation_key for a in ancestors],
        )
    }
    return next((found[a.translation_key] for a in ancestors if a.translation_key in found), None)


@require_GET
def untranslated(request, page_id: int):
    """ "This page is only in Dutch", in the language of the URL, for a live page that has no live
    version in that language. Who may not read the page itself gets what the page would give
    them: the login page for the members' handbook, a 404 for a page with a view restriction."""
    page = get_object_or_404(Page.objects.live().select_related("locale"), pk=page_id).specific
    members_only = isinstance(page, MembersOnlyPage)
    if members_only and not can_read_handbook(viewer_for(request.user)):
        return redirect_to_login(request.get_full_path())
    if any(not r.accept_request(request) for r in page.get_view_restrictions()):
        raise Http404
    language = translation.get_language()
    version = page.get_translations(inclusive=True).live().filter(locale__language_code=language)
    here = version.first()
    if here is not None and here.url:  # translated since the link was made
        return redirect(here.url)
    home_url = reverse("wagtail_serve", args=[""])
    nearest = _nearest_translated(page, language)
    info = translation.get_language_info(page.locale.language_code)
    response = render(
        request,
        "publishing/untranslated.html",
        {
            "language_page": page,  # the language links go to the page itself (common tag)
            "original": page,
            "original_language": info["code"],
            "original_language_name": info["name_translated"],
            "current_language_name": translation.get_language_info(language)["name_translated"],
            "nearest": nearest if nearest is not None and nearest.url != home_url else None,
            "home_url": home_url,
        },
    )
    if members_only:
        patch_cache_control(response, private=True)
    else:
        mark_public(response, "pages")
    return response
