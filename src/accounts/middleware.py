from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.shortcuts import redirect
from django.urls import reverse

from .roles import mfa_required

# Paths a person without a second factor may still reach to set one up (or leave).
ALLOWED_PREFIXES = (
    "/account/2fa/",
    "/account/logout/",
    "/en/account/2fa/",
    "/en/account/logout/",
    "/static/",
    "/i18n/",
    "/media/",
)


class RequireMFAMiddleware:
    """Administrators, editors and liaisons must set up a second factor before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and mfa_required(user)
            and not Authenticator.objects.filter(
                user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
            ).exists()
        ):
            return redirect(reverse("mfa_activate_totp") + "?verplicht=1")
        return self.get_response(request)
