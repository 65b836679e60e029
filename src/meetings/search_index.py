"""Meetings and activities in the search index.

Meetings: title, description, agenda and the minutes once they are approved (vastgesteld), for
exactly those who may open the meeting (``can_view_meeting``): national and central meetings
for every council member, the others for the members of the organising and guest councils;
people invited personally may always open it, people invited on behalf of a council while they
sit on it.

Activities: title, description, place and what is said about accessibility, for exactly those
who may open the activity (``can_view_activity``): a public one for everyone, one for the
councils for members of a council or working group and for liaisons and editors (who post
them), one for a council for its members. Kept in step on every save and delete."""

from __future__ import annotations

from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from common.models import Visibility
from common.visibility import Role
from sitesearch.index import Document, register, remove, update
from sitesearch.models import Audience

from .models import Activity, AgendaItem, EventStatus, Meeting, Minutes

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


ACTIVITY = "activity"


def build_activity(activity: Activity) -> Document:
    title = activity.title
    if activity.status == EventStatus.CANCELLED:
        title = f"{title} (afgelast)"
    if activity.visibility == Visibility.PUBLIC:
        audience = {"audience": Audience.PUBLIC}
    elif activity.visibility == Visibility.COUNCILS:
        audience = {
            "audience": Audience.MEMBERS_GROUPS,
            "roles": {Role.LIAISON, Role.EDITOR},
        }
    else:  # one council's own
        audience = {
            "audience": Audience.RESTRICTED,
            "councils": {activity.council_id} if activity.council_id else set(),
        }
    parts = [activity.description, activity.location, activity.accessibility_notes]
    return Document(
        title=title,
        body="\n".join(p for p in parts if p),
        url=activity.get_absolute_url(),
        date=activity.starts_at,
        council_id=activity.council_id,
        **audience,
    )


register(
    ACTIVITY,
    label=_("Activiteiten"),
    item_label=_("Activiteit"),
    queryset=lambda: Activity.objects.all(),
    build=build_activity,
)


@receiver(post_save, sender=Activity, dispatch_uid="sitesearch_activity_saved")
def _activity_saved(sender, instance, **kwargs):
    update(ACTIVITY, instance)


@receiver(post_delete, sender=Activity, dispatch_uid="sitesearch_activity_deleted")
def _activity_deleted(sender, instance, **kwargs):
    remove(ACTIVITY, instance.pk)
