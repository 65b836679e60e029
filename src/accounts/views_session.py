"""The warning before the idle timeout (issue 15): static/raadsplein/js/session.js asks how long
the session has left before it warns (another tab may have renewed it), and renews it when the
member chooses to stay logged in."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .middleware import renew_session, session_seconds_left


@never_cache
@require_GET
def session_status(request):
    """Seconds left, without renewing the session (asking is not activity)."""
    request.session_untouched = True
    return JsonResponse({"remaining": session_seconds_left(request)})


@never_cache
@require_POST
def session_extend(request):
    """Renews the session now, even when another request renewed it a moment ago (other
    requests renew it at most once per accounts.middleware.renew_interval()). The dialog's form
    works without JavaScript too: it then goes back to the page."""
    if not request.user.is_authenticated:
        return JsonResponse({"remaining": 0}, status=401)
    renew_session(request)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"remaining": settings.SESSION_COOKIE_AGE})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = resolve_url(settings.LOGIN_REDIRECT_URL)
    return redirect(target)
