"""What "Mijn overzicht" asks about the person beyond the apps' panels: whether they sit on no
council because of what they are (agency staff, communications, administrators), and whether
they set up a second factor."""

from __future__ import annotations

from common.visibility import Role, Viewer

# Roles that work for the councils without sitting on one (DESIGN.md).
STAFF_ROLES = frozenset({Role.LIAISON, Role.EDITOR, Role.ADMINISTRATOR})


def sits_on_no_council_by_role(viewer: Viewer) -> bool:
    return bool(viewer.roles & STAFF_ROLES)


def has_second_factor(user) -> bool:
    """An app or a security key, as RequireMFAMiddleware checks it (recovery codes alone are no
    second factor). Asked once per user object, so once per request (issue 18)."""
    from allauth.mfa.models import Authenticator

    cached = getattr(user, "_has_second_factor", None)
    if cached is None:
        cached = Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exists()
        user._has_second_factor = cached
    return cached
