"""Dashboard panels of the answer part of the surveys app: the open questionnaires a person has
not finished, on "Mijn overzicht" under "Dit wacht op u"."""

from __future__ import annotations

from wagtail import hooks


@hooks.register("raadsplein_dashboard_panels")
def open_surveys_panel(request, viewer):
    """Open questionnaires for this person that they did not hand in yet, closing first; no
    card when there are none. Only council members are asked (the audience is memberships):
    no query for anyone else."""
    from .selectors_answer import unfinished_open_surveys

    if not viewer.is_council_member:
        return None
    surveys = unfinished_open_surveys(viewer.user_id)
    if not surveys:
        return None
    return {
        "template": "surveys/answer_dashboard_panel.html",
        "work": True,
        "surveys": surveys,
    }
