from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache


@never_cache
def health(request):
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# --- error pages (issue 14) ------------------------------------------------------------------
# Each in the site's layout and the visitor's language (LocaleMiddleware has chosen it by the
# time these run): what happened and where to go. Should the layout itself fail (it asks the
# database for the footer's pages and the host for Open Graph), the same text comes in a simple
# page that needs neither; the 500 page is always that simple page.

ABOUT_PAGE_SLUG = "wie-zijn-wij"  # the "Wie zijn wij" page (publishing.demo), in any language

logger = logging.getLogger(__name__)


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return "/"


def _about_url(request) -> str:
    from wagtail.models import Page

    page = Page.objects.live().filter(slug=ABOUT_PAGE_SLUG).order_by("depth").first()
    if page is None:
        return ""
    return page.localized.get_url(request) or ""


def _links() -> dict:
    return {
        "home_url": _url("wagtail_serve", ""),
        "search_url": _url("sitesearch:search"),
        "lookup_url": _url("councils:postcode_lookup"),
    }


def _simple(status: int, body: str, title: str, context: dict | None = None) -> HttpResponse:
    """The page without the database or the request: a template and the URLconf only."""
    context = {
        **_links(),
        "LANGUAGE_CODE": translation.get_language() or settings.LANGUAGE_CODE,
        "body": body,
        "title": title,
        **(context or {}),
    }
    try:
        html = loader.get_template("errors/simple.html").render(context)
    except Exception:  # the last resort must answer whatever else is broken
        logger.exception("The simple error page %s could not be rendered", status)
        html = f"<!DOCTYPE html><title>{escape(title)}</title><h1>{escape(title)}</h1>"
    return HttpResponse(html, status=status)


def _error_page(request, status: int, body: str, title: str, context: dict | None = None):
    context = {**_links(), "body": body, "title": title, **(context or {})}
    try:
        context["about_url"] = _about_url(request)
        return render(request, "errors/page.html", context, status=status)
    except Exception:
        logger.exception("The error page %s could not be rendered in the site's layout", status)
        return _simple(status, body, title, context)


def bad_request(request, exception=None):
    body, title = "errors/_400.html", gettext("Deze vraag kan de website niet lezen")
    if isinstance(exception, DisallowedHost):
        # The layout needs the host (Open Graph's absolute URL); robots send wrong ones often.
        return _simple(400, body, title)
    return _error_page(request, 400, body, title)


def permission_denied(request, exception=None):
    user = getattr(request, "user", None)
    logged_in = bool(user and user.is_authenticated)
    context = {"logged_in": logged_in, "dashboard_url": _url("accounts:dashboard")}
    if not logged_in:
        query = urlencode({"next": request.get_full_path()})
        context["login_url"] = f"{_url('account_login')}?{query}"
    return _error_page(
        request, 403, "errors/_403.html", gettext("U mag deze pagina niet zien"), context
    )


def page_not_found(request, exception=None):
    return _error_page(request, 404, "errors/_404.html", gettext("Deze pagina bestaat niet"))


def server_error(request):
    return _simple(500, "errors/_500.html", gettext("Er ging iets mis bij ons"))


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: the form's security check failed (mostly an old page or no
    cookies)."""
    return _error_page(
        request, 403, "errors/_csrf.html", gettext("Het formulier is niet verstuurd")
    )
