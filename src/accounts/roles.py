"""Global roles are Django groups, so Wagtail's own user screens assign them. Council roles come
from memberships (councils app)."""

from __future__ import annotations

from common.visibility import Role

ADMINISTRATORS = "Beheerders"
EDITORS = "Redacteuren"
LIAISONS = "Contactpersonen UWV"

GROUP_ROLES = {ADMINISTRATORS: Role.ADMINISTRATOR, EDITORS: Role.EDITOR, LIAISONS: Role.LIAISON}


def global_roles(user) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_global_roles", None)
    if cached is not None:
        return cached
    roles = {
        GROUP_ROLES[name]
        for name in user.groups.values_list("name", flat=True)
        if name in GROUP_ROLES
    }
    if user.is_superuser:
        roles.add(Role.ADMINISTRATOR)
    user._global_roles = frozenset(roles)
    return user._global_roles


def mfa_required(user) -> bool:
    return bool(global_roles(user) & Role.MFA_REQUIRED)
