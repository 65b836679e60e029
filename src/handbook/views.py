"""The handbook's own URLs beside its Wagtail pages: the way in (to wherever the handbook lives)
and the whole handbook as a PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from councils.selectors import viewer_for

from .pdf import handbook_pdf
from .permissions import can_read_handbook
from .selectors import live_index


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
