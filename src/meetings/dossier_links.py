"""Meetings can be linked to a dossier (``dossiers.links``): found by their page's link or
number, labelled with title and date; seen by whoever may open the meeting, invited guests
included (while their invitation counts)."""

from __future__ import annotations

import re

from django.db.models import Exists, OuterRef
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy

from dossiers.links import LinkKind, register

from .models import Meeting, MeetingInvitation
from .permissions import can_view_meeting, current_invitation_q

URL_RE = re.compile(r"/overleg/(\d+)/?")


def get(object_id: str) -> Meeting | None:
    if not str(object_id).isdigit():
        return None
    return Meeting.objects.filter(pk=int(object_id)).prefetch_related("guest_councils").first()


def find(reference: str) -> Meeting | None:
    reference = (reference or "").strip()
    match = URL_RE.search(reference)
    return get(match.group(1) if match else reference.lstrip("#"))


def describe(meeting: Meeting) -> str:
    when = formats.date_format(timezone.localtime(meeting.starts_at), "j F Y")
    return f"{meeting.title} ({when})"


def _invited(viewer) -> Exists:
    return Exists(
        MeetingInvitation.objects.filter(current_invitation_q(viewer), meeting=OuterRef("pk"))
    )


def get_many(viewer, object_ids: list[str]) -> dict[str, Meeting]:
    ids = [int(i) for i in object_ids if i.isdigit()]
    meetings = (
        Meeting.objects.filter(pk__in=ids)
        .prefetch_related("guest_councils")
        .annotate(viewer_invited=_invited(viewer))
    )
    return {str(m.pk): m for m in meetings}


def can_view(viewer, meeting: Meeting) -> bool:
    invited = getattr(meeting, "viewer_invited", None)
    if invited is None:
        invited = MeetingInvitation.objects.filter(
            current_invitation_q(viewer), meeting=meeting
        ).exists()
    return can_view_meeting(viewer, meeting, invited=invited)


register(
    LinkKind(
        code="meeting",
        label=gettext_lazy("Vergadering"),
        find=find,
        describe=describe,
        url=lambda meeting: meeting.get_absolute_url(),
        can_view=can_view,
        get=get,
        get_many=get_many,
    )
)
