"""Template tags of the proposals app: the main menu asks whether to show “Vinger aan de pols”."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def can_view_plans(context) -> bool:
    from councils.selectors import viewer_for

    from ..permissions import can_view_plans as check

    request = context.get("request")
    return bool(request) and check(viewer_for(request.user))
