"""The next public activities, as a block on the home page and on a council's public page."""

from __future__ import annotations

from django import template

from meetings.selectors_activities import upcoming_public_activities

register = template.Library()


@register.inclusion_tag("meetings/next_public_activities.html")
def next_public_activities(council=None):
    """The next three public activities (a council's page: its region's and the national
    ones), with a link to the agenda. One query."""
    return {"council": council, "activities": upcoming_public_activities(council=council)}
