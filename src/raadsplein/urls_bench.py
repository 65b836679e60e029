"""URLconf for benchmarks only (settings.bench): the project's URLs plus a floor page.

/bench/floor/ is the cheapest possible Django response (no database, no template) behind the
same middleware as every page: what the server, WSGI and middleware cost. Never in production.
"""

from django.http import HttpResponse
from django.urls import path

from .urls import urlpatterns as project_urlpatterns

FLOOR_HTML = (
    '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8"><title>Floor</title></head>'
    "<body><p>Floor.</p></body></html>\n"
)


def floor(request):
    return HttpResponse(FLOOR_HTML, content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *project_urlpatterns]
