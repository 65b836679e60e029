from __future__ import annotations

from allauth.mfa.models import Authenticator
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
