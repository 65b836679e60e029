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


class PermissionsPolicyMiddleware:
    """Sends ``settings.PERMISSIONS_POLICY`` ({feature: [origins]}) as the Permissions-Policy
    header on every response; an empty list switches the feature off, "self" allows the site
    itself. Django has no setting for this header."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(_origin(o) for o in origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


def _origin(origin: str) -> str:
    return origin if origin in ("self", "*") else f'"{origin}"'


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
