"""Meetings in the search index: title, description, agenda and the minutes once they are
approved (vastgesteld), for exactly those who may open the meeting (``can_view_meeting``):
national and central meetings for every council member, the others for the members of the
organising and guest councils; people invited personally may always open it, people invited
on behalf of a council while they sit on it."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from sitesearch.index import Document, register
from sitesearch.models import Audience

from .models import AgendaItem, EventStatus, Meeting, Minutes

EVERY_COUNCIL_MEMBER = {Meeting.Kind.NATIONAL, Meeting.Kind.CENTRAL}


def _minutes(meeting: Meeting) -> Minutes | None:
    try:
        return meeting.minutes
    except Minutes.DoesNotExist:
        return None


def build_meeting(meeting: Meeting) -> Document:
    parts = [meeting.description]
    for item in meeting.agenda_items.all():
        parts += [item.title, item.description]
    minutes = _minutes(meeting)
    if minutes is not None and minutes.status == Minutes.Status.APPROVED:
        parts.append(minutes.text)
    title = meeting.title
    if meeting.status == EventStatus.CANCELLED:
        title = f"{title} (afgelast)"
    # Only personal invitations name their readers: one on behalf of a council counts only
    # while the person sits on that council (``invitation_counts``), which the council audience
    # below (or "every council member") already says, and which ends with the membership.
    readers = {i.user_id for i in meeting.invitations.all() if i.on_behalf_of_id is None}
    if meeting.kind in EVERY_COUNCIL_MEMBER:
        audience = {"audience": Audience.MEMBERS}
    else:
        councils = {meeting.council_id, *(c.pk for c in meeting.guest_councils.all())}
        audience = {"audience": Audience.RESTRICTED, "councils": councils}
    return Document(
        title=title,
        body="\n".join(p for p in parts if p),
        url=meeting.get_absolute_url(),
        date=meeting.starts_at,
        council_id=meeting.council_id,
        readers=readers,
        **audience,
    )


def meetings_for_index():
    return Meeting.objects.select_related("minutes").prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order", "id")),
        "guest_councils",
        "invitations",
    )


register(
    "meeting",
    label=_("Vergaderingen"),
    item_label=_("Vergadering"),
    queryset=meetings_for_index,
    build=build_meeting,
)
