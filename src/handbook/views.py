"""The handbook's own URLs beside its Wagtail pages: the way in (to wherever the handbook lives),
the whole handbook as a PDF, a chapter's earlier versions, and marking a chapter read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from councils.selectors import viewer_for

from .diff import marked
from .models import HandbookChapter
from .pdf import handbook_pdf
from .permissions import can_read_handbook
from .selectors import chapter_versions, live_chapters, live_index, was_published
from .services import chapter_mark_read


def _index_or_404(request):
    if not can_read_handbook(viewer_for(request.user)):
        raise Http404
    index = live_index()
    if index is None:
        raise Http404
    return index


@login_required
@require_GET
def home(request):
    return redirect(_index_or_404(request).get_url(request))


@login_required
@require_GET
def pdf(request):
    built = handbook_pdf(_index_or_404(request))
    response = HttpResponse(built.content, content_type="application/pdf")
    stamp = built.edition.strftime("%Y-%m-%d") if built.edition else "handboek"
    response["Content-Disposition"] = f'attachment; filename="handboek-{stamp}.pdf"'
    patch_cache_control(response, private=True)
    return response


def _chapter_or_404(request, slug: str) -> HandbookChapter:
    return get_object_or_404(live_chapters(_index_or_404(request)), slug=slug)


def _private(response):
    patch_cache_control(response, private=True)
    return response


@login_required
@require_GET
def versions(request, chapter):
    chapter = _chapter_or_404(request, chapter)
    context = {"chapter": chapter, "versions": chapter_versions(chapter)}
    return _private(render(request, "handbook/chapter_versions.html", context))


@login_required
@require_GET
def version(request, chapter, revision):
    chapter = _chapter_or_404(request, chapter)
    # Only versions that were published: a draft (maybe still in moderation) is not for readers.
    found = [v for v in chapter_versions(chapter) if v.revision_id == revision]
    if not found:
        raise Http404
    shown = found[0]
    context = {
        "chapter": chapter,
        "version": shown,
        "marked": marked(shown.previous, shown.chapter),
    }
    return _private(render(request, "handbook/chapter_version.html", context))


@login_required
@require_POST
def mark_read(request, chapter):
    chapter = _chapter_or_404(request, chapter)
    try:
        revision_id = int(request.POST.get("versie", ""))
    except ValueError:
        return HttpResponseBadRequest()
    # Any published version of this chapter: who read an older one marks that one.
    if not was_published(chapter, revision_id):
        return HttpResponseBadRequest()
    chapter_mark_read(user=request.user, chapter=chapter, revision_id=revision_id)
    messages.success(
        request,
        _("U heeft dit hoofdstuk gelezen. Verandert het, dan ziet u hier wat er anders is."),
    )
    return redirect(chapter.get_url(request))
