"""Questionnaires can be linked to a dossier (``dossiers.links``): found by their page's link or
number, labelled with their title; seen by the asker (``can_manage_survey``, administrators
included) and by the members the questionnaire is for, once it is published."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy

from dossiers.links import LinkKind, register

from .audience import is_in_audience, surveys_for_user
from .exports import survey_url
from .models import Survey
from .permissions import can_manage_survey

URL_RE = re.compile(r"/vragenlijsten/(\d+)(?:/|$)")


def get(object_id: str) -> Survey | None:
    if not str(object_id).isdigit():
        return None
    return Survey.objects.filter(pk=int(object_id)).first()


def find(reference: str) -> Survey | None:
    reference = (reference or "").strip()
    match = URL_RE.search(reference)
    return get(match.group(1) if match else reference.lstrip("#"))


def get_many(viewer, object_ids: list[str]) -> dict[str, Survey]:
    """The questionnaires, each marked with whether the viewer is in its audience: a fixed
    number of queries however many are linked."""
    ids = [int(i) for i in object_ids if str(i).isdigit()]
    surveys = list(Survey.objects.filter(pk__in=ids))
    audience = set()
    if viewer.user_id is not None and surveys:
        audience = set(
            surveys_for_user(viewer.user_id).filter(pk__in=ids).values_list("pk", flat=True)
        )
    for survey in surveys:
        survey.viewer_in_audience = survey.pk in audience
    return {str(s.pk): s for s in surveys}


def can_view(viewer, survey: Survey) -> bool:
    if can_manage_survey(viewer, survey):
        return True
    if survey.published_at is None:
        return False
    in_audience = getattr(survey, "viewer_in_audience", None)
    if in_audience is None:
        in_audience = is_in_audience(survey, viewer.user_id)
    return in_audience


register(
    LinkKind(
        code="survey",
        label=gettext_lazy("Vragenlijst"),
        find=find,
        describe=lambda survey: survey.title,
        url=survey_url,
        can_view=can_view,
        get=get,
        get_many=get_many,
    )
)
