"""Advices can be linked to a dossier (``dossiers.links``): found by their page's link or
number, labelled with their title; seen by whoever may open the advice (a draft: only its
councils)."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy

from dossiers.links import LinkKind, register

from .models import Advice
from .permissions import can_view_advice

URL_RE = re.compile(r"/advies/(\d+)/?")


def get(object_id: str) -> Advice | None:
    if not str(object_id).isdigit():
        return None
    return Advice.objects.filter(pk=int(object_id)).first()


def find(reference: str) -> Advice | None:
    reference = (reference or "").strip()
    match = URL_RE.search(reference)
    return get(match.group(1) if match else reference.lstrip("#"))


def get_many(viewer, object_ids: list[str]) -> dict[str, Advice]:
    ids = [int(i) for i in object_ids if i.isdigit()]
    # With their councils: ``can_view_advice`` needs them for a draft, without a query each.
    return {str(a.pk): a for a in Advice.objects.filter(pk__in=ids).prefetch_related("councils")}


register(
    LinkKind(
        code="advice",
        label=gettext_lazy("Advies"),
        find=find,
        describe=lambda advice: advice.title,
        url=lambda advice: advice.get_absolute_url(),
        can_view=can_view_advice,
        get=get,
        get_many=get_many,
    )
)
