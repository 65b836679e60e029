"""The search page (/zoeken/): one search box over everything the viewer may open.

Privacy: what people search for is neither stored nor logged. The words travel in the URL (so a
search can be bookmarked and paged), so the response is never cached, and Django's request
log names the path only."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.safestring import SafeString
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from councils.models import Council
from councils.selectors import viewer_for

from .forms import SearchForm
from .index import kinds
from .query import search as run_search
from .text import snippet


@dataclass
class Hit:
    title: SafeString
    url: str
    kind: str
    council: str
    date: object
    snippet: SafeString


def _hits(page, text: str) -> list[Hit]:
    registry = kinds()
    return [
        Hit(
            title=snippet(entry.title, text, width=100),
            url=entry.url,
            kind=registry[entry.kind].singular if entry.kind in registry else entry.kind,
            council=entry.council.name if entry.council_id else "",
            date=entry.date,
            snippet=snippet(entry.body, text),
        )
        for entry in page
    ]


@require_GET
@never_cache
def search(request):
    viewer = viewer_for(request.user)
    councils = list(Council.objects.filter(is_active=True).order_by("kind", "name"))
    asked = "q" in request.GET
    form = SearchForm(request.GET if asked else None, councils=councils)
    context = {"form": form, "asked": asked, "viewer": viewer}
    if not asked:
        return render(request, "sitesearch/search.html", context)
    if not form.is_valid():
        return render(request, "sitesearch/search.html", context, status=400)
    filters = form.filters()
    text = form.cleaned_data["q"]
    results = run_search(viewer, text, filters, page=request.GET.get("pagina") or 1)
    registry = kinds()
    params = request.GET.copy()
    params.pop("pagina", None)
    without_kind = params.copy()
    without_kind.pop("soort", None)
    facets = [
        {
            "code": code,
            "label": registry[code].label if code in registry else code,
            "count": count,
            "query": _with(without_kind, soort=code),
        }
        for code, count in sorted(
            results.kind_counts.items(),
            key=lambda item: (
                -item[1],
                str(registry[item[0]].label if item[0] in registry else ""),
            ),
        )
    ]
    context.update(
        {
            "text": text,
            "results": results,
            "hits": _hits(results.page, text),
            "facets": facets,
            "all_count": sum(results.kind_counts.values()),
            "all_query": without_kind.urlencode(),
            "kind": filters.kind,
            "filtered": bool(
                filters.kind or filters.council_id or filters.onderwerp or filters.regeling
            ),
            "plain_query": urlencode({"q": text}),
            "query": params.urlencode(),
        }
    )
    return render(request, "sitesearch/search.html", context)


def _with(params, **values) -> str:
    params = params.copy()
    for key, value in values.items():
        params[key] = value
    return params.urlencode()
