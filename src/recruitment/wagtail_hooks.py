"""The recruitment panel on "Mijn overzicht": a new member's onboarding checklist, and the number
of new applications for the secretaries and chairs who handle them."""

from __future__ import annotations

from wagtail import hooks

from .models import Application, ApplicationStatus
from .permissions import application_council_ids, can_list_applications
from .selectors import onboarding_for_user
from .services import application_link_user


@hooks.register("raadsplein_dashboard_panels")
def recruitment_panel(request, viewer):
    onboarding = onboarding_for_user(request.user)
    if any(application.user_id is None for application in onboarding):
        # The invitation was accepted since the last visit: link the account (a write only then).
        application_link_user(user=request.user)
    can_list = can_list_applications(viewer)
    if not onboarding and not can_list:
        return None
    new_count = 0
    if can_list:
        applications = Application.objects.filter(status=ApplicationStatus.NEW)
        council_ids = application_council_ids(viewer)
        if council_ids is not None:
            applications = applications.filter(council_id__in=council_ids)
        new_count = applications.count()
    return {
        "template": "recruitment/dashboard_panel.html",
        "onboarding": onboarding,
        "can_list": can_list,
        "new_count": new_count,
    }
