"""Template tags of the surveys app's author part: the main menu asks whether to show
"Vragenlijsten"."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def can_view_surveys(context) -> bool:
    from councils.selectors import viewer_for

    from ..selectors_author import can_view_surveys as check

    request = context.get("request")
    return bool(request) and check(viewer_for(request.user))
