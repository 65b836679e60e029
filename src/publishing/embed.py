"""What makes a page embeddable on another site (werk.nl, uwv.nl, an agency intranet), and what
lets another site's script read our public JSON feeds.

Framing: every page of ours sends ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``
(settings), so no site can put our forms under a transparent layer. The embeds alone (the news,
the next public activities, the signal button) may be framed, and only by our own pages and the
origins in ``EMBED_ALLOWED_ORIGINS``. They hold no form and set no cookie.

Cross-origin reads: the JSON feeds are public and read-only, so any origin may read them
(``Access-Control-Allow-Origin: *``), with GET only and never with credentials; see the README
("Embedding") for why this is ``*`` and not the framing list."""

from __future__ import annotations

import re
from functools import wraps

from csp.decorators import csp_replace
from django.conf import settings
from django.core import checks
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.cache import patch_cache_control
from django.views.decorators.clickjacking import xframe_options_exempt

# Short: a news item or a changed activity shows on the other site within minutes.
EMBED_MAX_AGE = 300
# A CSP host-source: scheme://host[:port], where the host may start with "*." (all subdomains).
ORIGIN = re.compile(r"^https?://(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$", re.I)


def allowed_origins() -> list[str]:
    """The origins that may frame the embeds, as the setting lists them (a trailing slash is
    dropped, so "https://www.werk.nl/" works too). Malformed entries are left out: the system
    check below names them."""
    origins = (o.strip().rstrip("/") for o in settings.EMBED_ALLOWED_ORIGINS)
    return [o for o in origins if ORIGIN.match(o)]


def frame_ancestors() -> list[str]:
    return ["'self'", *allowed_origins()]


def embeddable(view):
    """The view's response may be framed by our own pages and the allowed origins (read at
    request time, so a changed setting needs no restart of the code that decorates), and
    shared caches may keep it for a few minutes."""

    @wraps(view)
    @xframe_options_exempt
    def wrapped(request, *args, **kwargs):
        replace = csp_replace({"frame-ancestors": frame_ancestors()})
        response = replace(view)(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=EMBED_MAX_AGE)
        return response

    return wrapped


def public_feed(view):
    """CORS for a public, read-only feed: any origin may GET it, without credentials (no
    Access-Control-Allow-Credentials, so browsers send no cookies). A preflight (OPTIONS) gets
    the same answer; every other method is refused. Cached like the embeds."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET"
            response["Access-Control-Max-Age"] = "86400"
        elif request.method in ("GET", "HEAD"):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, public=True, max_age=EMBED_MAX_AGE)
        else:
            return HttpResponseNotAllowed(["GET", "HEAD", "OPTIONS"])
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


def check_embed_origins(app_configs=None, **kwargs):
    """Name the entries of EMBED_ALLOWED_ORIGINS that are no origin (they are left out)."""
    bad = [o for o in settings.EMBED_ALLOWED_ORIGINS if not ORIGIN.match(o.strip().rstrip("/"))]
    if not bad:
        return []
    return [
        checks.Warning(
            f"EMBED_ALLOWED_ORIGINS has entries that are no origin, left out: {bad}",
            hint="List origins as scheme://host[:port], e.g. https://www.werk.nl.",
            id="raadsplein.W010",
        )
    ]
