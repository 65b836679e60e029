from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with a strict policy everywhere except Wagtail's admin (/beheer/), whose own
    templates need inline scripts and styles."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path.startswith("/beheer/") and parts.config is None:
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


class CurrentUserMiddleware:
    """Remembers who made the request, for the duration of the request, so that a mail written
    to the outbox knows whom to tell when it can never be sent (common.outbox)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .outbox import current_user

        token = current_user.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            current_user.reset(token)
