"""The recruitment panel on "Mijn overzicht": a new member's onboarding checklist, and for the
secretaries and chairs who handle them (and administrators) the applications nobody answered
yet, oldest first, with their age: the applicant is promised an answer within 14 days."""

from __future__ import annotations

from wagtail import hooks

from common.visibility import Role

from .permissions import application_council_ids, can_list_applications
from .selectors import onboarding_for_user, unanswered_applications
from .services import answer_days, application_link_user


@hooks.register("raadsplein_dashboard_panels")
def recruitment_panel(request, viewer):
    onboarding = onboarding_for_user(request.user)
    if any(application.user_id is None for application in onboarding):
        # The invitation was accepted since the last visit: link the account (a write only then).
        application_link_user(user=request.user)
    can_list = can_list_applications(viewer)
    if not onboarding and not can_list:
        return None
    waiting, waiting_count = [], 0
    council_ids = application_council_ids(viewer) if can_list else frozenset()
    if can_list:
        waiting, waiting_count = unanswered_applications(council_ids=council_ids)
    return {
        "template": "recruitment/dashboard_panel.html",
        # An unanswered application is work for now: the card goes to the top of the page.
        "work": bool(waiting_count or onboarding),
        "onboarding": onboarding,
        "can_list": can_list,
        "waiting": waiting,
        "waiting_count": waiting_count,
        "more": waiting_count - len(waiting),
        "days": answer_days(),
        # Several councils (or all, for an administrator): each line names its council.
        "name_council": council_ids is None or len(council_ids) > 1,
        "own_council": bool(viewer.managed_council_ids),
        "all_councils": Role.ADMINISTRATOR in viewer.roles and not viewer.managed_council_ids,
    }
