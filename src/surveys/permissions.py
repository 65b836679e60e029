"""Who may ask, answer and see results (issue 16). Every view checks through these functions,
and the permission matrix (``tests/matrix_surveys.py``) tries them for every role.

Who may ask: a working group's members (in the group's name), a council's secretary or chair
(their own council's members; the central council's: all councils), editors and administrators
(anyone). Whoever may manage a questionnaire sees its results; its audience sees them too when
the asker published them to members (``results_for``), once it has closed."""

from __future__ import annotations

from django.db.models import Q

from common.visibility import Role, Viewer

from .audience import is_in_audience
from .models import DatePoll, Survey

GLOBAL_ASKERS = frozenset({Role.EDITOR, Role.ADMINISTRATOR})


def can_create_survey(viewer: Viewer) -> bool:
    return bool(
        viewer.roles & GLOBAL_ASKERS or viewer.managed_council_ids or viewer.working_group_ids
    )


def may_ask_all_councils(viewer: Viewer) -> bool:
    """The central council's secretary or chair, editors and administrators ask every council;
    a working group asks across councils too (its members sit on several)."""
    return bool(
        viewer.roles & GLOBAL_ASKERS
        or viewer.managed_council_ids & viewer.central_council_ids
        or viewer.working_group_ids
    )


def can_manage_survey(viewer: Viewer, survey: Survey) -> bool:
    """Edit, publish, close, see all results and export: the asker."""
    if Role.ADMINISTRATOR in viewer.roles:
        return True
    if survey.working_group_id:
        return survey.working_group_id in viewer.working_group_ids
    if survey.council_id:
        return survey.council_id in viewer.managed_council_ids
    return Role.EDITOR in viewer.roles or (
        viewer.user_id is not None and survey.created_by_id == viewer.user_id
    )


def managed_surveys_q(viewer: Viewer) -> Q:
    """The query filter that matches ``can_manage_survey``."""
    if Role.ADMINISTRATOR in viewer.roles:
        return Q()
    q = Q(working_group_id__in=viewer.working_group_ids) | Q(
        council_id__in=viewer.managed_council_ids
    )
    platform = Q(working_group__isnull=True, council__isnull=True)
    if Role.EDITOR in viewer.roles:
        q |= platform
    elif viewer.user_id is not None:
        q |= platform & Q(created_by_id=viewer.user_id)
    return q


def can_publish_public_summary(viewer: Viewer, survey: Survey) -> bool:
    """Only an editor (or administrator) puts results on the public site, and only when closed."""
    return bool(viewer.roles & GLOBAL_ASKERS) and survey.is_closed()


def can_view_poll(viewer: Viewer, poll: DatePoll) -> bool:
    if Role.ADMINISTRATOR in viewer.roles or can_manage_poll(viewer, poll):
        return True
    return viewer.user_id is not None and any(u.pk == viewer.user_id for u in poll.invitees.all())


def can_create_poll(viewer: Viewer) -> bool:
    """A council's secretary or chair proposes dates (DESIGN: the secretary runs meetings)."""
    return bool(viewer.managed_council_ids) or Role.ADMINISTRATOR in viewer.roles


def can_manage_poll(viewer: Viewer, poll: DatePoll) -> bool:
    return poll.council_id in viewer.managed_council_ids or Role.ADMINISTRATOR in viewer.roles


def can_view_results(viewer: Viewer, survey: Survey) -> bool:
    """The asker always (also while the questionnaire is open) and administrators; the audience
    only when the asker published the results to members and the questionnaire has closed."""
    if can_manage_survey(viewer, survey):
        return True
    if viewer.user_id is None or survey.published_at is None:
        return False
    if survey.results_for != Survey.ResultsFor.MEMBERS or not survey.is_closed():
        return False
    return is_in_audience(survey, viewer.user_id)


def can_tag_answers(viewer: Viewer, survey: Survey) -> bool:
    """Themes on open answers, and who sees the results: the asker (and administrators)."""
    return can_manage_survey(viewer, survey)
