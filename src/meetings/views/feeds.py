"""Views: feeds. Calendar feeds to subscribe to (personal, per council, public), one event as an
.ics download, and the page where members find and renew their personal feed address.

Calendar apps cannot log in, so the personal and council feeds carry a secret token in their
address instead; renewing it makes the old address stop working."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header, parse_etags
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.pagecache import public_cache
from councils.models import Council
from councils.selectors import viewer_for

from ..ical import TZID, event_ics, feed_ics
from ..models import Activity, Meeting
from ..permissions import can_view_activity, can_view_meeting
from ..selectors_feeds import (
    calendar_token_owner,
    can_view_council_feed,
    council_feed_events,
    feed_councils,
    is_invited,
    personal_feed_events,
    personal_feed_state,
    public_feed_events,
)
from ..services import calendar_token_get, calendar_token_renew

ICS_TYPE = "text/calendar; charset=utf-8"
# Each version of a feed is kept this long; its key names the version, so it is never stale.
FEED_CACHE_SECONDS = 3600
# Part of the personal feed's validator: raise it when the feed's text changes for the same data
# (the writer, the calendar's name), so apps fetch it anew and the cache holds no old text.
PERSONAL_FEED_FORMAT = 2


def _ics_response(
    content: bytes | str, *, filename: str, attachment: bool = False, cache: str
) -> HttpResponse:
    response = HttpResponse(content, content_type=ICS_TYPE)
    response["Content-Disposition"] = content_disposition_header(attachment, filename)
    response["Cache-Control"] = cache
    return response


def _token_user(token: str):
    user = calendar_token_owner(token)
    if user is None:
        raise Http404
    return user


def _etag_matches(request, etag: str) -> bool:
    """If-None-Match compared weakly (RFC 9110 13.1.2): a proxy that compresses the feed may
    send our ETag back as W/"…"."""
    sent = request.headers.get("If-None-Match", "")
    return sent.strip() == "*" or etag in (tag.removeprefix("W/") for tag in parse_etags(sent))


def _cached_content(request, fingerprint: str, build) -> tuple[bytes | None, str]:
    """The feed's bytes and ETag for ``fingerprint``: None when the app already has this
    version (a 304), else from the cache, built once per version."""
    etag = f'"{fingerprint}"'
    if _etag_matches(request, etag):
        return None, etag
    key = f"meetings:feed:{fingerprint}"
    content = cache.get(key)
    if content is None:
        content = build()
        cache.set(key, content, timeout=FEED_CACHE_SECONDS)
    return content, etag


def _fingerprint(*parts) -> str:
    return hashlib.sha256(
        "|".join(map(str, [translation.get_language() or "", settings.SITE_URL, *parts])).encode()
    ).hexdigest()[:40]


def _feed_content(request, events, *, build, extra: str = "") -> tuple[bytes | None, str]:
    """The feed's bytes and ETag from its events: any change to an event (its SEQUENCE, status
    or update time) changes the ETag."""
    fingerprint = _fingerprint(
        extra, *(f"{e.uid}:{e.sequence}:{e.status}:{e.updated_at.isoformat()}" for e in events)
    )
    return _cached_content(request, fingerprint, build)


def _secret_response(content: bytes | None, etag: str, *, filename: str) -> HttpResponse:
    if content is None:
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    response = _ics_response(content, filename=filename, cache="private, max-age=300")
    response["ETag"] = etag
    # The address is a secret: keep it out of search engines and other sites' logs.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _secret_feed(request, events, *, build, filename: str, extra: str = "") -> HttpResponse:
    content, etag = _feed_content(request, events, build=build, extra=extra)
    return _secret_response(content, etag, filename=filename)


def _viewer_state(viewer) -> tuple:
    """Who the viewer is, in a stable order: what decides what their feed may show."""
    return tuple(
        (name, sorted(value) if isinstance(value, frozenset) else value)
        for name, value in sorted(vars(viewer).items())
    )


@require_safe
def personal_feed(request, token: str):
    """A calendar app asks for this every hour or so. Whether anything changed is known from
    a few small queries (``personal_feed_state``, who the owner is) without reading the events:
    an unchanged feed is a 304, or the bytes built before for this very version."""
    user = _token_user(token)
    viewer = viewer_for(user)
    fingerprint = _fingerprint(
        "personal",
        PERSONAL_FEED_FORMAT,
        TZID,
        token,
        _viewer_state(viewer),
        personal_feed_state(user.pk),
    )

    def build() -> bytes:
        events, tentative = personal_feed_events(viewer)
        return feed_ics(events, name=_("Raadsplein: mijn agenda"), tentative=tentative)

    content, etag = _cached_content(request, fingerprint, build)
    return _secret_response(content, etag, filename="raadsplein.ics")


@require_safe
def council_feed(request, token: str, slug: str):
    user = _token_user(token)
    council = get_object_or_404(Council, slug=slug, is_active=True)
    viewer = viewer_for(user)
    if not can_view_council_feed(viewer, council):
        raise PermissionDenied
    events = council_feed_events(viewer, council)
    name = _("Raadsplein: %(council)s") % {"council": council.name}
    return _secret_feed(
        request,
        events,
        filename=f"raadsplein-{council.slug}.ics",
        extra=council.slug,
        build=lambda: feed_ics(events, name=name),
    )


@require_safe
# The feed holds past activities too (since feed_since()): no "upcoming" that time changes;
# an old one leaves it within the quarter hour its Cache-Control already allows.
@public_cache("activities", "councils", timeout=15 * 60)
def public_feed(request):
    """With an ETag like the personal feed, so a calendar app that polls it every hour gets a
    304 while no public activity changed."""
    events = list(public_feed_events())
    content, etag = _feed_content(
        request,
        events,
        extra=":public",  # no slug or UID list looks like this: its own cache key
        build=lambda: feed_ics(
            events, name=_("Raadsplein: openbare activiteiten"), online_links=False
        ),
    )
    if content is None:
        response = HttpResponseNotModified()
        response["Cache-Control"] = "public, max-age=900"
    else:
        response = _ics_response(
            content, filename="raadsplein-openbaar.ics", cache="public, max-age=900"
        )
    response["ETag"] = etag
    return response


@require_safe
@public_cache("activities", "councils")
def activity_ics(request, pk: int):
    """One activity as a calendar file: for anyone when it is public (without the link to join
    online, which is for those with a place), otherwise for whoever may see it."""
    activity = get_object_or_404(Activity, pk=pk)
    viewer = viewer_for(request.user)
    if not can_view_activity(viewer, activity):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    member = request.user.is_authenticated
    return _ics_response(
        event_ics(activity, online_link=member),
        filename=f"activiteit-{pk}.ics",
        attachment=True,
        cache="private" if member else "public, max-age=900",
    )


@login_required
@require_safe
def meeting_ics(request, pk: int):
    meeting = get_object_or_404(Meeting.objects.prefetch_related("guest_councils"), pk=pk)
    viewer = viewer_for(request.user)
    if not can_view_meeting(viewer, meeting, invited=is_invited(meeting, viewer)):
        raise PermissionDenied
    return _ics_response(
        event_ics(meeting), filename=f"overleg-{pk}.ics", attachment=True, cache="private"
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_feed(request):
    if request.method == "POST":
        calendar_token_renew(user=request.user)
        messages.success(
            request,
            _(
                "U heeft een nieuw adres. Het oude adres werkt niet meer. "
                "Zet het nieuwe adres in uw agenda."
            ),
        )
        return redirect("meetings:my_feed")
    token = calendar_token_get(user=request.user).token
    feed_url = settings.SITE_URL + reverse("meetings:personal_feed", args=[token])
    viewer = viewer_for(request.user)
    councils = [
        {
            "council": council,
            "url": settings.SITE_URL + reverse("meetings:council_feed", args=[token, council.slug]),
        }
        for council in feed_councils(viewer)
    ]
    return render(
        request,
        "meetings/my_feed.html",
        {
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[-1],
            "council_feeds": councils,
            "public_feed_url": settings.SITE_URL + reverse("meetings:public_feed"),
        },
    )
