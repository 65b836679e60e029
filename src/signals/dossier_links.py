"""Signals can be linked to a dossier (``dossiers.links``): found by their reference, labelled
with the reference and themes only (never the client's text)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.taxonomy import label_name
from dossiers.links import LinkKind, register

from .models import Signal
from .permissions import can_view_signal

REFERENCE_RE = re.compile(r"S-\d{4}-\d{6}", re.IGNORECASE)


def find(reference: str) -> Signal | None:
    match = REFERENCE_RE.search(reference or "")
    if match is None:
        return None
    return Signal.objects.filter(reference=match.group().upper()).first()


def describe(signal: Signal) -> str:
    # The short names ("WW", "Brieven en uitleg"), without the explanation in brackets.
    themes = [
        label_name(axis, code).split(" (")[0]
        for axis, code in (("regeling", signal.regeling), ("onderwerp", signal.onderwerp))
        if code
    ]
    label = _("Signaal %(reference)s") % {"reference": signal.reference}
    return f"{label} ({', '.join(themes)})" if themes else label


def get_many(viewer, object_ids: list[str]) -> dict[str, Signal]:
    ids = [int(i) for i in object_ids if i.isdigit()]
    return {str(s.pk): s for s in Signal.objects.filter(pk__in=ids)}


register(
    LinkKind(
        code="signal",
        label=gettext_lazy("Signaal"),
        find=find,
        describe=describe,
        url=lambda signal: signal.get_absolute_url(),
        can_view=can_view_signal,
        get=lambda object_id: (
            Signal.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        ),
        get_many=get_many,
    )
)
