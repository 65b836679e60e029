"""Global roles are Django groups, so Wagtail's own user screens assign them. Council roles come
from memberships (councils app)."""

from __future__ import annotations

from common.visibility import Role

ADMINISTRATORS = "Beheerders"
EDITORS = "Redacteuren"
LIAISONS = "Contactpersonen UWV"

GROUP_ROLES = {ADMINISTRATORS: Role.ADMINISTRATOR, EDITORS: Role.EDITOR, LIAISONS: Role.LIAISON}


# Kept in the cache for at most this long, and only under the current version of the members'
# tag, which any change to a user, group or group membership renews (common.pagecache_hooks).
ROLES_TIMEOUT = 60


def global_roles(user) -> frozenset[str]:
    """The person's global roles, asked on every request (the second-factor check): from the
    cache while no user, group or group membership changed, else from the database."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_global_roles", None)
    if cached is not None:
        return cached
    from common import pagecache
    from common.pagecache_hooks import MEMBERS

    def load() -> frozenset[str]:
        roles = {
            GROUP_ROLES[name]
            for name in user.groups.values_list("name", flat=True)
            if name in GROUP_ROLES
        }
        if user.is_superuser:
            roles.add(Role.ADMINISTRATOR)
        return frozenset(roles)

    user._global_roles = pagecache.cached(
        f"global_roles:{user.pk}", [MEMBERS], load, timeout=ROLES_TIMEOUT
    )
    return user._global_roles


def mfa_required(user) -> bool:
    return bool(global_roles(user) & Role.MFA_REQUIRED)
