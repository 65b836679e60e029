"""Calendar and meeting actions. Each write is one transaction with its audit entry; every
e-mail (with an .ics where a calendar should follow) goes through the outbox after commit.

Changing an event's time, place or status raises its SEQUENCE, so calendars that took the
invitation or the feed update the event in place instead of adding a second one."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import audit_log
from common.outbox import outbox_enqueue_template
from councils.models import Council, Membership
from councils.selectors import viewer_for
from sitesearch import index as search_index

from .models import (
    AccessNeed,
    ActionItem,
    Activity,
    AgendaItem,
    CalendarToken,
    EventStatus,
    GuestRequest,
    Meeting,
    MeetingDocument,
    MeetingInvitation,
    Minutes,
    NationalRepresentative,
    Registration,
)
from .permissions import invitations_that_count_q

User = get_user_model()


class MeetingError(Exception):
    """A user-facing reason why an action is refused."""


# --- helpers --------------------------------------------------------------------------------


def _reindex(meeting: Meeting) -> None:
    """The meeting's search entry, read fresh (agenda, minutes and invitations may have just
    changed on other objects than the one at hand)."""
    from .search_index import meetings_for_index

    search_index.update("meeting", meetings_for_index().get(pk=meeting.pk))


def _check_times(starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    if ends_at <= starts_at:
        raise MeetingError(_("Het einde moet na het begin liggen."))


def _clean_needs(needs: Iterable[str]) -> list[str]:
    return sorted({n for n in needs if n in AccessNeed.values})


def _mail_event(
    event, users, *, template: str, method: str, context: dict | None = None, kind: str = ""
) -> None:
    """E-mail each person about an event, with an .ics they can add to their calendar."""
    from .ical import event_ics

    url = settings.SITE_URL + event.get_absolute_url()
    for user in users:
        if not user.email:
            continue
        outbox_enqueue_template(
            to=[user.email],
            template=template,
            context={"event": event, "user": user, "url": url, **(context or {})},
            attachments=[
                {
                    "filename": "uitnodiging.ics" if method == "REQUEST" else "afgelast.ics",
                    "content": event_ics(event, method=method, attendees=[user.email]),
                    "mimetype": f"text/calendar; method={method}",
                }
            ],
            kind=kind or template.rsplit("/", 1)[-1],
        )


def _bump(event, fields: list[str]) -> None:
    event.sequence += 1
    event.save(update_fields=[*fields, "sequence", "updated_at"])


# --- activities -----------------------------------------------------------------------------

ACTIVITY_FIELDS = (
    "title",
    "description",
    "kind",
    "scope",
    "council",
    "starts_at",
    "ends_at",
    "location",
    "online_url",
    "capacity",
    "signup_deadline",
    "step_free",
    "hearing_loop",
    "sign_language",
    "accessibility_notes",
    "visibility",
)


def activity_create(*, actor, **data) -> Activity:
    """Post an activity; ``actor`` becomes its organiser, who sees who comes and what they need
    (``can_edit_activity``). An activity without one would leave that list unread."""
    if actor is None:
        raise ValueError("An activity needs an organiser (actor).")
    _check_times(data["starts_at"], data["ends_at"])
    if data.get("scope") == Activity.Scope.REGIONAL and not data.get("council"):
        raise MeetingError(_("Kies bij een regionale activiteit de regio."))
    with transaction.atomic():
        activity = Activity.objects.create(
            created_by=actor, **{k: v for k, v in data.items() if k in ACTIVITY_FIELDS}
        )
        audit_log(actor=actor, action="activity.create", obj=activity)
    return activity


def activity_update(*, actor, activity: Activity, **data) -> Activity:
    """Change an activity; people signed up hear about a new time or place, and more places
    move people up from the waiting list."""
    starts = data.get("starts_at", activity.starts_at)
    ends = data.get("ends_at", activity.ends_at)
    _check_times(starts, ends)
    scope = data.get("scope", activity.scope)
    council = data.get("council", activity.council)
    if scope == Activity.Scope.REGIONAL and not council:
        raise MeetingError(_("Kies bij een regionale activiteit de regio."))
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if activity.is_cancelled:
            raise MeetingError(_("Deze activiteit is afgelast en kan niet meer veranderen."))
        moved = any(
            k in data and data[k] != getattr(activity, k)
            for k in ("starts_at", "ends_at", "location", "online_url")
        )
        changed = [k for k in data if k in ACTIVITY_FIELDS and data[k] != getattr(activity, k)]
        for key in changed:
            setattr(activity, key, data[key])
        if changed:
            _bump(activity, changed)
            audit_log(
                actor=actor, action="activity.update", obj=activity, details={"fields": changed}
            )
        if moved:
            _mail_event(
                activity,
                _registered_users(activity),
                template="meetings/email/changed",
                method="REQUEST",
            )
        if "capacity" in changed:
            _fill_from_waiting_list(activity)
    return activity


def _fill_from_waiting_list(activity: Activity) -> list[Registration]:
    """Move people up from the waiting list while there are free places; each is told."""
    confirmed = activity.registrations.filter(status=Registration.Status.CONFIRMED).count()
    free = None if activity.capacity is None else max(activity.capacity - confirmed, 0)
    waiting = (
        activity.registrations.filter(status=Registration.Status.WAITLISTED)
        .select_related("user")
        .order_by("created_at", "id")
    )
    moved = list(waiting if free is None else waiting[:free])
    for registration in moved:
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        audit_log(
            actor=None,
            action="activity.waitlist.move_up",
            obj=activity,
            details={"user": registration.user_id},
        )
        _mail_event(
            activity, [registration.user], template="meetings/email/moved_up", method="REQUEST"
        )
    return moved


def activity_cancel(*, actor, activity: Activity, reason: str = "") -> Activity:
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if activity.is_cancelled:
            return activity
        activity.status = EventStatus.CANCELLED
        _bump(activity, ["status"])
        audit_log(
            actor=actor, action="activity.cancel", obj=activity, details={"reason": reason.strip()}
        )
        _mail_event(
            activity,
            _registered_users(activity),
            template="meetings/email/cancelled",
            method="CANCEL",
            context={"reason": reason},
        )
    return activity


def _registered_users(activity: Activity):
    return [
        r.user
        for r in activity.registrations.exclude(
            status=Registration.Status.CANCELLED
        ).select_related("user")
    ]


def activity_sign_up(
    *, user, activity: Activity, access_needs: Iterable[str] = (), access_note: str = ""
) -> Registration:
    """Sign up; when the activity is full the person goes on the waiting list."""
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        now = timezone.now()
        if activity.is_cancelled:
            raise MeetingError(_("Deze activiteit gaat niet door."))
        if activity.starts_at <= now:
            raise MeetingError(_("Deze activiteit is al begonnen of voorbij."))
        if activity.signup_deadline and activity.signup_deadline < now:
            raise MeetingError(
                _("Aanmelden kon tot %(date)s. Dat is voorbij.")
                % {"date": timezone.localtime(activity.signup_deadline).strftime("%d-%m-%Y %H:%M")}
            )
        registration = Registration.objects.filter(activity=activity, user=user).first()
        if registration and registration.status != Registration.Status.CANCELLED:
            raise MeetingError(_("U bent al aangemeld."))
        confirmed = activity.registrations.filter(status=Registration.Status.CONFIRMED).count()
        full = activity.capacity is not None and confirmed >= activity.capacity
        status = Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED
        if registration is None:
            registration = Registration(activity=activity, user=user)
        else:
            registration.created_at = now  # back of the queue
        registration.status = status
        registration.access_needs = _clean_needs(access_needs)
        registration.access_note = access_note.strip()[:500]
        registration.save()
        audit_log(actor=user, action="activity.sign_up", obj=activity, details={"status": status})
        if status == Registration.Status.CONFIRMED:
            _mail_event(activity, [user], template="meetings/email/registered", method="REQUEST")
    return registration


def activity_sign_off(*, user, activity: Activity) -> Registration | None:
    """Cancel one's sign-up; the first on the waiting list moves up and is told by e-mail."""
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if activity.is_cancelled:
            raise MeetingError(_("Deze activiteit gaat niet door; afmelden is niet nodig."))
        if activity.starts_at <= timezone.now():
            raise MeetingError(_("Deze activiteit is al begonnen of voorbij."))
        registration = (
            Registration.objects.filter(activity=activity, user=user)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
        if registration is None:
            raise MeetingError(_("U was niet aangemeld."))
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        audit_log(actor=user, action="activity.sign_off", obj=activity)
        if was_confirmed:
            # The sign-up mail carried the event (REQUEST); take it out of their calendar again.
            _mail_event(activity, [user], template="meetings/email/signed_off", method="CANCEL")
        moved = _fill_from_waiting_list(activity) if was_confirmed else []
    return moved[0] if moved else None


def activity_access_needs_change(
    *, user, activity: Activity, access_needs: Iterable[str] = (), access_note: str = ""
) -> Registration:
    """Change what one needs to take part, after signing up (a place or the waiting list stays
    as it was). The organiser's list reads the sign-up, so it shows the new needs at once."""
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if activity.is_cancelled:
            raise MeetingError(_("Deze activiteit gaat niet door."))
        if activity.starts_at <= timezone.now():
            raise MeetingError(_("Deze activiteit is al begonnen of voorbij."))
        registration = (
            Registration.objects.select_for_update()
            .filter(activity=activity, user=user)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
        if registration is None:
            raise MeetingError(_("U was niet aangemeld."))
        registration.access_needs = _clean_needs(access_needs)
        registration.access_note = access_note.strip()[:500]
        registration.save(update_fields=["access_needs", "access_note", "updated_at"])
        # Not what they are: as with signing up, the audit log keeps no health data.
        audit_log(actor=user, action="activity.access_needs.change", obj=activity)
    return registration


# --- meetings -------------------------------------------------------------------------------


def _default_invitees(kind: str, council: Council, guest_councils: Iterable[Council]):
    """Who a meeting invites by default: the members of the councils involved; for the
    national meeting also the districts' representatives and substitutes."""
    councils = [council, *guest_councils]
    memberships = (
        Membership.objects.active()
        .filter(council__in=councils)
        .exclude(role=Membership.Role.ASPIRANT)
        .select_related("user", "council")
    )
    people = [(m.user, m.council) for m in memberships]
    if kind == Meeting.Kind.NATIONAL:
        # First, so someone on both is invited for their district (the overview counts it).
        people = national_invitees() + people
    return people


def meeting_schedule(
    *,
    actor,
    kind: str,
    council: Council,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str = "",
    online_url: str = "",
    description: str = "",
    guest_councils: Iterable[Council] = (),
    invite: bool = True,
) -> Meeting:
    _check_times(starts_at, ends_at)
    guest_councils = list(guest_councils)
    if kind == Meeting.Kind.INTRODUCTION:
        districts = {c.pk for c in [council, *guest_councils] if c.kind == Council.Kind.DISTRICT}
        if len(districts) < 2:
            raise MeetingError(_("Bij een kennismakingssessie horen twee of meer districtsraden."))
    if kind == Meeting.Kind.CENTRAL and not council.is_central:
        raise MeetingError(_("Een vergadering van de Centrale Cliëntenraad hoort bij die raad."))
    if kind == Meeting.Kind.NATIONAL and not council.is_central:
        raise MeetingError(_("De Centrale Cliëntenraad organiseert het landelijk overleg."))
    with transaction.atomic():
        meeting = Meeting.objects.create(
            kind=kind,
            council=council,
            title=title.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            location=location,
            online_url=online_url,
            description=description,
            created_by=actor,
        )
        if guest_councils:
            meeting.guest_councils.set(guest_councils)
        audit_log(actor=actor, action="meeting.schedule", obj=meeting)
        if invite:
            meeting_invite(
                actor=actor,
                meeting=meeting,
                people=_default_invitees(kind, council, guest_councils),
            )
        _reindex(meeting)
    return meeting


def meeting_invite(*, actor, meeting: Meeting, people) -> list[MeetingInvitation]:
    """Invite people (users, or (user, on behalf of council) pairs); each gets an .ics."""
    created = []
    with transaction.atomic():
        for item in people:
            user, council = item if isinstance(item, tuple) else (item, None)
            invitation, new = MeetingInvitation.objects.get_or_create(
                meeting=meeting, user=user, defaults={"on_behalf_of": council}
            )
            if new:
                created.append(invitation)
        if created:
            _reindex(meeting)  # the people invited may find it
            audit_log(
                actor=actor, action="meeting.invite", obj=meeting, details={"count": len(created)}
            )
            _mail_event(
                meeting,
                [i.user for i in created],
                template="meetings/email/invitation",
                method="REQUEST",
            )
    return created


def meeting_reschedule(
    *,
    actor,
    meeting: Meeting,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str | None = None,
    online_url: str | None = None,
) -> Meeting:
    _check_times(starts_at, ends_at)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.is_cancelled:
            raise MeetingError(_("Dit overleg is afgelast."))
        meeting.starts_at, meeting.ends_at = starts_at, ends_at
        fields = ["starts_at", "ends_at"]
        if location is not None:
            meeting.location = location
            fields.append("location")
        if online_url is not None:
            meeting.online_url = online_url
            fields.append("online_url")
        _bump(meeting, fields)
        audit_log(actor=actor, action="meeting.reschedule", obj=meeting)
        _reindex(meeting)
        _mail_event(
            meeting, _invited_users(meeting), template="meetings/email/changed", method="REQUEST"
        )
    return meeting


def meeting_cancel(*, actor, meeting: Meeting, reason: str = "") -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.is_cancelled:
            return meeting
        meeting.status = EventStatus.CANCELLED
        _bump(meeting, ["status"])
        audit_log(actor=actor, action="meeting.cancel", obj=meeting)
        _reindex(meeting)
        _mail_event(
            meeting,
            _invited_users(meeting),
            template="meetings/email/cancelled",
            method="CANCEL",
            context={"reason": reason},
        )
    return meeting


def _invited_users(meeting: Meeting):
    """Who hears of a change: the people whose invitation still counts, not someone invited
    for a council they have since left."""
    invitations = meeting.invitations.filter(invitations_that_count_q()).select_related("user")
    return [i.user for i in invitations]


def meeting_rsvp(
    *, user, meeting: Meeting, rsvp: str, access_needs: Iterable[str] = (), access_note: str = ""
) -> MeetingInvitation:
    if rsvp not in MeetingInvitation.Rsvp.values or rsvp == MeetingInvitation.Rsvp.PENDING:
        raise MeetingError(_("Kies of u komt."))
    with transaction.atomic():
        invitation = (
            MeetingInvitation.objects.select_for_update().filter(meeting=meeting, user=user).first()
        )
        if invitation is None:
            raise MeetingError(_("U bent niet uitgenodigd voor dit overleg."))
        meeting = Meeting.objects.get(pk=meeting.pk)  # the current state, not a stale copy
        if meeting.is_cancelled:
            raise MeetingError(_("Dit overleg is afgelast."))
        if meeting.ends_at <= timezone.now():
            raise MeetingError(_("Dit overleg is voorbij; antwoorden kan niet meer."))
        invitation.rsvp = rsvp
        invitation.responded_at = timezone.now()
        invitation.access_needs = _clean_needs(access_needs)
        invitation.access_note = access_note.strip()[:500]
        invitation.save(update_fields=["rsvp", "responded_at", "access_needs", "access_note"])
    return invitation


def activity_participants_view(*, actor, activity: Activity) -> dict:
    """The organiser's list shows what people need because of a disability: personal data, so
    each look is written to the audit log, in the same transaction as the read."""
    with transaction.atomic():
        from .selectors_activities import activity_participants

        participants = activity_participants(activity)
        audit_log(
            actor=actor,
            action="activity.participants.view",
            obj=activity,
            personal_data=True,
            details={"access_requests": len(participants["access_requests"])},
        )
    return participants


def meeting_access_needs_viewed(*, actor, meeting: Meeting, count: int) -> None:
    """Organisers see what invitees need because of a disability: health data, so every look
    is in the audit log (as with signals' contact details)."""
    if count:
        audit_log(
            actor=actor,
            action="meeting.access_needs.view",
            obj=meeting,
            personal_data=True,
            details={"count": count},
        )


def meeting_record_attendance(*, actor, meeting: Meeting, present_user_ids: Iterable[int]):
    present = set(present_user_ids)
    with transaction.atomic():
        for invitation in meeting.invitations.select_for_update():
            invitation.attended = invitation.user_id in present
            invitation.save(update_fields=["attended"])
        audit_log(actor=actor, action="meeting.attendance", obj=meeting)


def meeting_document_add(*, actor, meeting: Meeting, title: str, file) -> MeetingDocument:
    """Attach a document; the view has checked its type and size. It is served only through
    a view that checks who may see the meeting."""
    with transaction.atomic():
        document = MeetingDocument.objects.create(
            meeting=meeting, title=title.strip(), file=file, uploaded_by=actor
        )
        audit_log(
            actor=actor,
            action="meeting.document.add",
            obj=meeting,
            details={"document": document.pk},
        )
    return document


def agenda_item_add(
    *,
    actor,
    meeting: Meeting,
    title: str,
    description: str = "",
    minutes_planned: int | None = None,
    dossier_ref: str = "",
    dossier=None,
) -> AgendaItem:
    """An agenda item at the end. About a dossier on Raadsplein, the meeting is linked in that
    dossier too."""
    from dossiers.models import DossierStatus
    from dossiers.permissions import can_see_dossier

    if not title.strip():
        raise MeetingError(_("Geef het agendapunt een onderwerp."))
    if dossier is not None and (
        dossier.status != DossierStatus.OPEN or not can_see_dossier(viewer_for(actor), dossier)
    ):
        raise MeetingError(_("Kies een open dossier dat u kunt zien."))
    with transaction.atomic():
        last = meeting.agenda_items.order_by("-order").values_list("order", flat=True).first()
        item = AgendaItem.objects.create(
            meeting=meeting,
            order=(last or 0) + 1,
            title=title.strip(),
            description=description,
            minutes_planned=minutes_planned,
            dossier_ref=dossier_ref,
            dossier=dossier,
        )
        if dossier is not None:
            from dossiers.services import link_object

            link_object(actor=actor, dossier=dossier, kind="meeting", obj=meeting)
        audit_log(actor=actor, action="meeting.agenda.add", obj=meeting)
        _reindex(meeting)
    return item


def agenda_item_move(*, actor, item: AgendaItem, direction: int) -> None:
    """Swap an agenda item with its neighbour (direction -1 up, +1 down)."""
    with transaction.atomic():
        items = list(
            AgendaItem.objects.select_for_update()
            .filter(meeting=item.meeting_id)
            .order_by("order", "id")
        )
        index = next(i for i, it in enumerate(items) if it.pk == item.pk)
        other = index + direction
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
            for position, it in enumerate(items, start=1):
                if it.order != position:
                    it.order = position
                    it.save(update_fields=["order"])
            audit_log(actor=actor, action="meeting.agenda.move", obj=item.meeting)
            _reindex(item.meeting)


def minutes_save(*, actor, meeting: Meeting, text: str) -> Minutes:
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
        if minutes and minutes.status == Minutes.Status.APPROVED:
            raise MeetingError(_("Deze notulen zijn vastgesteld en kunnen niet meer veranderen."))
        if minutes is None:
            minutes = Minutes(meeting=meeting)
        minutes.text = text
        minutes.updated_by = actor
        minutes.save()
        audit_log(actor=actor, action="meeting.minutes.save", obj=meeting)
    return minutes


def minutes_approve(*, actor, meeting: Meeting) -> Minutes:
    """Approve the minutes; only once the meeting has begun (minutes of a meeting still to
    come cannot be the record of it)."""
    with transaction.atomic():
        meeting = Meeting.objects.get(pk=meeting.pk)  # the current time, not a stale copy
        if meeting.starts_at > timezone.now():
            raise MeetingError(
                _("Het overleg is nog niet begonnen. Stel de notulen vast na het overleg.")
            )
        minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
        if minutes is None or not minutes.text.strip():
            raise MeetingError(_("Er zijn nog geen notulen om vast te stellen."))
        if minutes.status == Minutes.Status.APPROVED:
            raise MeetingError(_("Deze notulen zijn al vastgesteld."))
        minutes.status = Minutes.Status.APPROVED
        minutes.approved_at = timezone.now()
        minutes.approved_by = actor
        minutes.save(update_fields=["status", "approved_at", "approved_by"])
        audit_log(actor=actor, action="meeting.minutes.approve", obj=meeting)
        _reindex(meeting)  # approved minutes can be found
    return minutes


def action_item_create(
    *, actor, meeting: Meeting, title: str, owner, due_date: datetime.date
) -> ActionItem:
    if not title.strip():
        raise MeetingError(_("Beschrijf de actie."))
    with transaction.atomic():
        item = ActionItem.objects.create(
            meeting=meeting, title=title.strip(), owner=owner, due_date=due_date
        )
        audit_log(actor=actor, action="meeting.action.create", obj=item)
    return item


def action_item_set_status(*, actor, item: ActionItem, status: str) -> ActionItem:
    if status not in ActionItem.Status.values:
        raise MeetingError(_("Kies een status."))
    with transaction.atomic():
        item.status = status
        item.done_at = timezone.now() if status == ActionItem.Status.DONE else None
        item.save(update_fields=["status", "done_at"])
        audit_log(actor=actor, action="meeting.action.status", obj=item, details={"status": status})
    return item


REMIND_DAYS_BEFORE = 3


def action_items_remind(*, today: datetime.date | None = None) -> dict:
    """Remind owners a few days before the due date, and once when it has passed. Each
    reminder is sent once (the time is recorded), so running this twice sends nothing more."""
    today = today or timezone.localdate()
    sent = {"before": 0, "overdue": 0}
    # Not for an owner who was invited for a council they have since left: the meeting is no
    # longer theirs to see.
    left = MeetingInvitation.objects.filter(
        meeting_id=OuterRef("meeting_id"), user_id=OuterRef("owner_id")
    ).exclude(invitations_that_count_q())
    open_items = (
        ActionItem.objects.filter(status=ActionItem.Status.OPEN)
        .exclude(Exists(left))
        .select_related("owner", "meeting")
    )
    with transaction.atomic():
        for item in open_items.filter(
            due_date__gte=today,
            due_date__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
            reminded_before_at__isnull=True,
        ).select_for_update(of=("self",)):
            if item.owner.email:  # an account without an address is still marked
                outbox_enqueue_template(
                    to=[item.owner.email],
                    template="meetings/email/action_soon",
                    context={"item": item},
                    kind="action.soon",
                )
            item.reminded_before_at = timezone.now()
            item.save(update_fields=["reminded_before_at"])
            sent["before"] += 1
        for item in open_items.filter(
            due_date__lt=today, reminded_overdue_at__isnull=True
        ).select_for_update(of=("self",)):
            if item.owner.email:  # an account without an address is still marked
                outbox_enqueue_template(
                    to=[item.owner.email],
                    template="meetings/email/action_overdue",
                    context={"item": item},
                    kind="action.overdue",
                )
            item.reminded_overdue_at = timezone.now()
            item.save(update_fields=["reminded_overdue_at"])
            sent["overdue"] += 1
    return sent


# --- joining the central council (aanschuiven) ----------------------------------------------


def guest_request_create(*, user, meeting: Meeting, council: Council, reason: str) -> GuestRequest:
    if meeting.kind != Meeting.Kind.CENTRAL:
        raise MeetingError(_("Aanschuiven kan alleen bij de Centrale Cliëntenraad."))
    if meeting.is_cancelled or meeting.starts_at <= timezone.now():
        raise MeetingError(_("Voor dit overleg kunt u niet meer vragen om aan te schuiven."))
    if (
        not Membership.objects.active()
        .filter(user=user, council=council, council__kind=Council.Kind.DISTRICT)
        .exists()
    ):
        raise MeetingError(_("U kunt alleen aanschuiven namens uw eigen districtsraad."))
    if not reason.strip():
        raise MeetingError(_("Schrijf kort waarom u wilt aanschuiven."))
    already = _("U heeft al gevraagd om bij dit overleg aan te schuiven.")
    if GuestRequest.objects.filter(meeting=meeting, user=user).exists():
        raise MeetingError(already)
    with transaction.atomic():
        try:
            with transaction.atomic():  # a double click: the constraint decides
                request = GuestRequest.objects.create(
                    meeting=meeting, user=user, council=council, reason=reason.strip()
                )
        except IntegrityError as error:
            raise MeetingError(already) from error
        audit_log(actor=user, action="meeting.guest.request", obj=meeting)
        managers = (
            Membership.objects.active()
            .filter(
                council=meeting.council, role__in=[Membership.Role.SECRETARY, Membership.Role.CHAIR]
            )
            .select_related("user")
        )
        for membership in managers:
            outbox_enqueue_template(
                to=[membership.user.email],
                template="meetings/email/guest_request",
                context={
                    "request": request,
                    "meeting": meeting,
                    "url": settings.SITE_URL + meeting.get_absolute_url(),
                },
                kind="guest.request",
            )
    return request


def guest_request_decide(
    *, actor, request: GuestRequest, approve: bool, note: str = ""
) -> GuestRequest:
    with transaction.atomic():
        request = (
            GuestRequest.objects.select_for_update(of=("self",))
            .select_related("meeting", "user", "council")
            .get(pk=request.pk)
        )
        if request.status != GuestRequest.Status.PENDING:
            raise MeetingError(_("Over dit verzoek is al besloten."))
        if not approve and not note.strip():
            raise MeetingError(_("Schrijf kort waarom u het verzoek afwijst."))
        request.status = GuestRequest.Status.APPROVED if approve else GuestRequest.Status.DECLINED
        request.decided_at = timezone.now()
        request.decided_by = actor
        request.decision_note = note.strip()
        request.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
        audit_log(
            actor=actor,
            action="meeting.guest.decide",
            obj=request.meeting,
            details={"approved": approve, "user": request.user_id},
        )
        outbox_enqueue_template(
            to=[request.user.email],
            template="meetings/email/guest_decision",
            context={
                "request": request,
                "meeting": request.meeting,
                "url": settings.SITE_URL + request.meeting.get_absolute_url(),
            },
            kind="guest.decision",
        )
        if approve:
            meeting_invite(
                actor=actor, meeting=request.meeting, people=[(request.user, request.council)]
            )
    return request


# --- national meeting -----------------------------------------------------------------------


def national_representative_set(*, actor, council: Council, user, role: str):
    if council.kind != Council.Kind.DISTRICT:
        raise MeetingError(_("Alleen districtsraden wijzen een vertegenwoordiger aan."))
    if role not in NationalRepresentative.Role.values:
        raise MeetingError(_("Kies vertegenwoordiger of plaatsvervanger."))
    if not Membership.objects.active().filter(user=user, council=council).exists():
        raise MeetingError(_("Kies iemand die lid is van deze raad."))
    if (
        NationalRepresentative.objects.filter(council=council, user=user)
        .exclude(role=role)
        .exists()
    ):
        raise MeetingError(_("Deze persoon heeft al de andere rol. Kies iemand anders."))
    with transaction.atomic():
        previous = (
            NationalRepresentative.objects.select_for_update()
            .filter(council=council, role=role)
            .select_related("user")
            .first()
        )
        rep, _created = NationalRepresentative.objects.update_or_create(
            council=council, role=role, defaults={"user": user}
        )
        audit_log(
            actor=actor,
            action="national.representative",
            obj=council,
            details={"role": role, "user": user.pk},
        )
        replaced = previous.user if previous is not None and previous.user_id != user.pk else None
        _national_invitations_follow(actor=actor, council=council, user=user, replaced=replaced)
    return rep


def _upcoming_national_meetings():
    return Meeting.objects.filter(
        kind=Meeting.Kind.NATIONAL, status=EventStatus.SCHEDULED, starts_at__gt=timezone.now()
    ).order_by("starts_at", "id")


def _national_invitations_follow(*, actor, council: Council, user, replaced) -> None:
    """The invitations to every upcoming national meeting follow who the district named: the
    person named is invited for the district (with the .ics), and the person replaced loses
    their invitation for the district (with a CANCEL, so it leaves their calendar)."""
    for meeting in _upcoming_national_meetings():
        if replaced is not None:
            invitations = MeetingInvitation.objects.filter(
                meeting=meeting, user=replaced, on_behalf_of=council
            )
            if (
                Membership.objects.active()
                .filter(user=replaced, council_id=meeting.council_id)
                .exists()
            ):
                # Still invited as a member of the organising council, no longer for the
                # district.
                invitations.update(on_behalf_of=meeting.council_id)
            elif invitations.delete()[0]:
                audit_log(
                    actor=actor,
                    action="meeting.invitation.withdraw",
                    obj=meeting,
                    details={"user": replaced.pk, "council": council.pk},
                )
                _mail_event(
                    meeting,
                    [replaced],
                    template="meetings/email/invitation_withdrawn",
                    method="CANCEL",
                    context={"council": council},
                )
        meeting_invite(actor=actor, meeting=meeting, people=[(user, council)])
        # Already invited otherwise (say, as a central member): now for the district.
        MeetingInvitation.objects.filter(meeting=meeting, user=user).exclude(
            on_behalf_of=council
        ).update(on_behalf_of=council)
        if replaced is not None:
            _reindex(meeting)  # the person replaced no longer finds it as their own


def national_invitees():
    """Who a national meeting invites: each district's representative and substitute, on
    behalf of their district."""
    reps = NationalRepresentative.objects.select_related("user", "council")
    return [(r.user, r.council) for r in reps]


# --- personal feed --------------------------------------------------------------------------


def calendar_token_get(*, user) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return token


def calendar_token_renew(*, user) -> CalendarToken:
    """Revoke the old feed address and make a new one."""
    with transaction.atomic():
        token, _created = CalendarToken.objects.select_for_update().get_or_create(
            user=user, defaults={"token": secrets.token_urlsafe(32)}
        )
        token.token = secrets.token_urlsafe(32)
        token.save(update_fields=["token", "created_at"])
        audit_log(actor=user, action="calendar.token.renew", obj=user)
    return token
