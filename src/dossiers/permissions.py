"""Who may do what with dossiers. Visibility follows DESIGN.md: ``council`` means the councils
involved (the owning council and those that joined), ``councils`` all councils and working
groups, ``public`` everyone."""

from __future__ import annotations

from django.db.models import Q

from common.models import Visibility
from common.visibility import Role, Viewer

from .models import Dossier, DossierStatus


def involved_ids(dossier: Dossier) -> set[int]:
    """The owning council and every council that joined (uses a prefetch when there is one)."""
    ids = {c.pk for c in dossier.councils.all()}
    ids.add(dossier.council_id)
    return ids


def can_view_dossiers(viewer: Viewer) -> bool:
    """The dossier list, "elders" and the writing pages are for logged-in people; public
    dossiers show there too. A public dossier's own page and documents are open to everyone
    (``can_see_dossier``), as their search entries are."""
    return viewer.is_authenticated


def can_see_dossier(viewer: Viewer, dossier: Dossier) -> bool:
    if Role.ADMINISTRATOR in viewer.roles or dossier.visibility == Visibility.PUBLIC:
        return True
    if dossier.visibility == Visibility.COUNCILS:
        return viewer.is_council_member or bool(viewer.working_group_ids)
    return bool(involved_ids(dossier) & viewer.council_ids)


def visible_dossiers_q(viewer: Viewer, prefix: str = "") -> Q:
    """The query filter that matches ``can_see_dossier``."""
    if Role.ADMINISTRATOR in viewer.roles:
        return Q()
    q = Q(**{f"{prefix}visibility": Visibility.PUBLIC})
    if viewer.is_council_member or viewer.working_group_ids:
        q |= Q(**{f"{prefix}visibility": Visibility.COUNCILS})
    if viewer.council_ids:
        own = Q(**{f"{prefix}council_id__in": viewer.council_ids}) | Q(
            **{
                f"{prefix}id__in": Dossier.councils.through.objects.filter(
                    council_id__in=viewer.council_ids
                ).values("dossier_id")
            }
        )
        q |= Q(**{f"{prefix}visibility": Visibility.COUNCIL}) & own
    return q


def can_start_dossier(viewer: Viewer) -> bool:
    return viewer.is_council_member


def can_contribute(viewer: Viewer, dossier: Dossier) -> bool:
    """Notes, documents, new versions and links: members of the councils involved."""
    if dossier.status == DossierStatus.CLOSED:
        return False
    return bool(involved_ids(dossier) & viewer.council_ids) or Role.ADMINISTRATOR in viewer.roles


def can_join(viewer: Viewer, dossier: Dossier) -> bool:
    """A member of a council not yet involved may bring their council in (seen the dossier,
    joins instead of starting a new one)."""
    return (
        dossier.status == DossierStatus.OPEN
        and can_see_dossier(viewer, dossier)
        and bool(viewer.council_ids - involved_ids(dossier))
    )


def can_leave(viewer: Viewer, dossier: Dossier) -> bool:
    """A member of a council that joined may take it out again (joining can be undone); the
    owning council cannot leave its own dossier."""
    joined = {c.pk for c in dossier.councils.all()} - {dossier.council_id}
    return bool(joined & viewer.council_ids)


def can_manage_dossier(viewer: Viewer, dossier: Dossier) -> bool:
    """Title, summary, themes, visibility and status: the owner while they sit on a council
    involved (their membership ending ends it), the owning council's secretary and chair,
    administrators."""
    return (
        Role.ADMINISTRATOR in viewer.roles
        or (
            dossier.owner_id is not None
            and dossier.owner_id == viewer.user_id
            and bool(involved_ids(dossier) & viewer.council_ids)
        )
        or dossier.council_id in viewer.managed_council_ids
    )


def can_follow(viewer: Viewer, dossier: Dossier) -> bool:
    return viewer.is_authenticated and can_see_dossier(viewer, dossier)
