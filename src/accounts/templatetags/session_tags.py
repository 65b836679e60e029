from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def session_timing() -> dict:
    """The idle timeout and how long before it the warning shows, in seconds (issue 15)."""
    timeout = settings.SESSION_COOKIE_AGE
    warn = min(settings.SESSION_IDLE_WARNING_SECONDS, timeout // 2)
    return {"timeout": timeout, "warn": warn, "warn_minutes": max(1, round(warn / 60))}
