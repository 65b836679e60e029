from __future__ import annotations

import math
import time

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from .dashboard import has_second_factor
from .roles import mfa_required

# What a person without a second factor may still reach: setting one up, proving who they are
# again (allauth asks before changing security settings), and logging out.
ALLOWED_URL_NAMES = {"account_logout", "account_reauthenticate", "mfa_reauthenticate"}
ALLOWED_PREFIXES = ("/static/", "/media/", "/i18n/")


def _allowed(path: str) -> bool:
    if path.startswith(ALLOWED_PREFIXES):
        return True
    try:
        name = resolve(path).url_name or ""
    except Resolver404:
        return False
    return name in ALLOWED_URL_NAMES or name.startswith("mfa_")


class RequireMFAMiddleware:
    """Administrators, editors and liaisons must set up a second factor before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and mfa_required(user)
            and not _allowed(request.path_info)
            and not has_second_factor(user)
        ):
            return redirect(reverse("mfa_activate_totp") + "?verplicht=1")
        return self.get_response(request)


LAST_SEEN_KEY = "_raadsplein_seen"


def renew_interval() -> int:
    """At most this many seconds pass between two renewals of a session that nothing else
    changed (SESSION_RENEW_SECONDS, issue 18): writing the session row on every request was
    most of a page's database work. Never more than a tenth of the idle timeout, so that a short
    timeout (the browser tests use seconds) still counts every request."""
    return max(0, min(settings.SESSION_RENEW_SECONDS, settings.SESSION_COOKIE_AGE // 10))


def _renewal_due(session, now: float) -> bool:
    seen = session.get(LAST_SEEN_KEY)
    return seen is None or now - seen >= renew_interval()


def renew_session(request) -> None:
    """Renews the session with this response, however recently it was renewed ("Ingelogd
    blijven")."""
    request.session[LAST_SEEN_KEY] = time.time()


class IdleSessionMiddleware(SessionMiddleware):
    """Django's session middleware, which renews the idle timeout with a request, plus what the
    warning before the timeout needs (issue 15): it notes when a session was last renewed, so that
    any tab can ask how long is left (accounts.views_session.session_status), and it leaves the
    session untouched for a request that sets ``request.session_untouched``, so that asking does
    not renew it.

    A session is saved (row and cookie) when the request changed it, and otherwise renewed at
    most once per ``renew_interval()`` seconds (issue 18; SESSION_SAVE_EVERY_REQUEST is off). The
    session then ends between SESSION_COOKIE_AGE minus that interval and SESSION_COOKIE_AGE after
    the last request; LAST_SEEN_KEY holds the moment of the last renewal, so the time left that
    session_seconds_left reports is exact, never more than the person has."""

    def process_response(self, request, response):
        if getattr(request, "session_untouched", False):
            return response
        session = getattr(request, "session", None)
        # is_empty() does not load the session: a visitor without a session gets none.
        if session is not None and not session.is_empty():
            now = time.time()
            # Loading may find the session gone (expired): then it is empty, and stays so.
            due = session.modified or _renewal_due(session, now)
            if due and not session.is_empty():
                session[LAST_SEEN_KEY] = now
        return super().process_response(request, response)


def session_seconds_left(request) -> int:
    """Seconds until the session of ``request`` ends for being idle; 0 when it has no user.
    Counted from the session's last renewal, which may lie up to ``renew_interval()`` seconds
    before the last request: never more time than the person has."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    seen = request.session.get(LAST_SEEN_KEY)
    if seen is None:
        return settings.SESSION_COOKIE_AGE
    return max(0, math.ceil(seen + settings.SESSION_COOKIE_AGE - time.time()))


def page_seconds_left(request) -> int:
    """Seconds a page being built for ``request`` can count on: the whole idle timeout when its
    response renews the session, else what is left (a lower bound: the response may renew it
    anyway, when the request changed the session)."""
    session = getattr(request, "session", None)
    if session is None or session.modified or _renewal_due(session, time.time()):
        return settings.SESSION_COOKIE_AGE
    return session_seconds_left(request)
