from __future__ import annotations

from django import template
from django.conf import settings

from accounts.middleware import page_seconds_left

register = template.Library()


@register.simple_tag(takes_context=True)
def session_timing(context) -> dict:
    """How long the session has from this page on and how long before its end the warning
    shows, in seconds (issue 15). A session is renewed at most once a minute or so (issue 18):
    a page whose response does not renew it gets what is left, not the whole timeout."""
    warn = min(settings.SESSION_IDLE_WARNING_SECONDS, settings.SESSION_COOKIE_AGE // 2)
    request = context.get("request")
    timeout = settings.SESSION_COOKIE_AGE if request is None else page_seconds_left(request)
    return {"timeout": timeout, "warn": warn, "warn_minutes": max(1, round(warn / 60))}
