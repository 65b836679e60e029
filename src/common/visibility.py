"""Visibility rules in one place. A ``Viewer`` says who is looking (computed once per request by
``councils.selectors.viewer_for``); the functions here decide, for content with a visibility and
an owning council, whether that viewer may see it, and build the matching query filter so lists
and single pages can never disagree."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from .models import Visibility


class Role:
    """Role codes (DESIGN.md). Council roles come from memberships, the others from groups."""

    VISITOR = "visitor"
    MEMBER = "member"
    SECRETARY = "secretary"
    CHAIR = "chair"
    CENTRAL_MEMBER = "central_member"
    EDITOR = "editor"
    LIAISON = "liaison"
    ADMINISTRATOR = "administrator"

    # Roles whose accounts must use a second factor.
    MFA_REQUIRED = frozenset({EDITOR, LIAISON, ADMINISTRATOR})


@dataclass(frozen=True)
class Viewer:
    user_id: int | None = None
    roles: frozenset[str] = frozenset()
    council_ids: frozenset[int] = frozenset()  # councils with an active membership
    managed_council_ids: frozenset[int] = frozenset()  # as secretary or chair
    working_group_ids: frozenset[int] = frozenset()
    central_council_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_council_member(self) -> bool:
        """Sits on any council (member, secretary, chair or central member)."""
        return bool(self.council_ids)

    def has_role(self, role: str) -> bool:
        return role in self.roles


ANONYMOUS = Viewer()


def can_see(viewer: Viewer, *, visibility: str, council_id: int | None) -> bool:
    if visibility == Visibility.PUBLIC:
        return True
    if Role.ADMINISTRATOR in viewer.roles:
        return True
    if visibility == Visibility.COUNCILS:
        return viewer.is_council_member or bool(viewer.working_group_ids)
    if visibility == Visibility.COUNCIL:
        return council_id is not None and council_id in viewer.council_ids
    return False


def visible_q(viewer: Viewer, *, prefix: str = "") -> Q:
    """The query filter that matches ``can_see`` for models with ``visibility`` and ``council``."""
    vis, council = f"{prefix}visibility", f"{prefix}council_id"
    if Role.ADMINISTRATOR in viewer.roles:
        return Q()
    q = Q(**{vis: Visibility.PUBLIC})
    if viewer.is_council_member or viewer.working_group_ids:
        q |= Q(**{vis: Visibility.COUNCILS})
    if viewer.council_ids:
        q |= Q(**{vis: Visibility.COUNCIL, f"{council}__in": viewer.council_ids})
    return q
