"""Who may see and handle applications, and who may see the recruitment figures.

Applications hold personal data: only the secretary and the chair of the council they were sent
to, and administrators, see them. The figures hold no personal data."""

from __future__ import annotations

from common.visibility import Role, Viewer


def application_council_ids(viewer: Viewer) -> frozenset[int] | None:
    """The councils whose applications the viewer may handle; None means all (administrators)."""
    if Role.ADMINISTRATOR in viewer.roles:
        return None
    return viewer.managed_council_ids


def can_list_applications(viewer: Viewer) -> bool:
    return Role.ADMINISTRATOR in viewer.roles or bool(viewer.managed_council_ids)


def can_handle_application(viewer: Viewer, application) -> bool:
    """See an application with its personal data, change its status, add notes."""
    if Role.ADMINISTRATOR in viewer.roles:
        return True
    return application.council_id in viewer.managed_council_ids


def can_see_national_figures(viewer: Viewer) -> bool:
    return bool(viewer.roles & {Role.ADMINISTRATOR, Role.EDITOR, Role.CENTRAL_MEMBER})


def can_see_figures(viewer: Viewer) -> bool:
    return can_see_national_figures(viewer) or bool(viewer.managed_council_ids)


def can_manage_vacancies(viewer: Viewer) -> bool:
    """Write vacancies: for one's own council as secretary or chair; administrators for all."""
    return can_list_applications(viewer)


def can_edit_vacancy(viewer: Viewer, vacancy) -> bool:
    if Role.ADMINISTRATOR in viewer.roles:
        return True
    return vacancy.council_id in viewer.managed_council_ids
