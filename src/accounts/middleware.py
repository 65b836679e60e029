from __future__ import annotations

import math
import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

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
            and not Authenticator.objects.filter(
                user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
            ).exists()
        ):
            return redirect(reverse("mfa_activate_totp") + "?verplicht=1")
        return self.get_response(request)


LAST_SEEN_KEY = "_raadsplein_seen"


class IdleSessionMiddleware(SessionMiddleware):
    """Django's session middleware, which with SESSION_SAVE_EVERY_REQUEST renews the idle
    timeout on every request, plus two things the warning before the timeout needs (issue 15):
    it notes when a member's session was last renewed, so that any tab can ask how long is left
    (accounts.views_session.session_status), and it leaves the session untouched for a request
    that sets ``request.session_untouched``, so that asking does not renew it."""

    def process_response(self, request, response):
        if getattr(request, "session_untouched", False):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            request.session[LAST_SEEN_KEY] = time.time()
        return super().process_response(request, response)


def session_seconds_left(request) -> int:
    """Seconds until the session of ``request`` ends for being idle; 0 when it has no user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    seen = request.session.get(LAST_SEEN_KEY)
    if seen is None:
        return settings.SESSION_COOKIE_AGE
    return max(0, math.ceil(seen + settings.SESSION_COOKIE_AGE - time.time()))
