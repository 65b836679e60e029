"""Date poll actions (prikpeilingen): propose dates, answer, choose one.

A secretary or chair proposes dates for a meeting across councils; the invitees say per date
yes, "als het moet" or no; choosing a date schedules the meeting through the meetings app's own
services (``meeting_schedule`` and ``meeting_invite``, so the invitees get the normal invitation
with its calendar file) and closes the poll. Who may plan which kind of meeting is the meetings
app's rule (``meetings.permissions``), applied here too. Every mail goes through the outbox,
which sends only after the transaction commits."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.audit import audit_log
from common.outbox import outbox_enqueue_template
from common.site import absolute_url
from common.visibility import Role, Viewer
from councils.models import Council, Membership
from councils.selectors import viewer_for
from meetings import services as meeting_services
from meetings.models import Meeting
from meetings.permissions import can_schedule_meeting, can_schedule_national_meeting

from .models import DatePoll, DatePollOption, DatePollVote
from .permissions import can_create_poll, can_manage_poll
from .selectors_polls import last_day, poll_is_open

User = get_user_model()


class PollError(Exception):
    """A user-facing reason why an action is refused."""


class Who:
    """Whom of the invited councils a poll asks (besides the organisers)."""

    ALL = "all"
    BOARD = "board"
    REPRESENTATIVES = "representatives"

    CHOICES = [
        (ALL, gettext_lazy("Alle leden van die raden")),
        (BOARD, gettext_lazy("Alleen de voorzitters en secretarissen van die raden")),
        (
            REPRESENTATIVES,
            gettext_lazy(
                "Alleen de vertegenwoordigers en plaatsvervangers voor het landelijk overleg"
            ),
        ),
    ]


# The kinds a poll can be for: the meetings that span councils first, then a council's own.
POLL_KINDS = (
    Meeting.Kind.INTRODUCTION,
    Meeting.Kind.NATIONAL,
    Meeting.Kind.COUNCIL,
    Meeting.Kind.CENTRAL,
)
# A council's own meeting: only that council is invited.
OWN_KINDS = frozenset({Meeting.Kind.COUNCIL, Meeting.Kind.CENTRAL})


def kind_fits_council(kind: str, council: Council) -> str:
    """Why ``council`` cannot organise a meeting of ``kind`` (empty when it can): the rules of
    ``meetings.services.meeting_schedule``, said before the poll starts instead of when a date
    is chosen."""
    central = council.kind == Council.Kind.CENTRAL
    if kind in (Meeting.Kind.INTRODUCTION, Meeting.Kind.COUNCIL) and central:
        return _("Een districtsraad organiseert dit soort overleg. Kies een districtsraad.")
    if kind in (Meeting.Kind.NATIONAL, Meeting.Kind.CENTRAL) and not central:
        return _("De Centrale Cliëntenraad organiseert dit soort overleg.")
    return ""


def poll_kinds(viewer: Viewer, councils: Iterable[Council]) -> list[str]:
    """The kinds of meeting the viewer may plan with a poll, for the councils they may organise
    for (the form offers only these). The national meeting only for the central council's
    secretary or chair (and administrators), as in the meetings app."""
    if not (can_create_poll(viewer) and can_schedule_meeting(viewer)):
        return []
    councils = list(councils)
    kinds = []
    for kind in POLL_KINDS:
        if kind == Meeting.Kind.NATIONAL and not can_schedule_national_meeting(viewer):
            continue
        if any(not kind_fits_council(kind, c) for c in councils):
            kinds.append(kind)
    return kinds


def _may_organise(viewer: Viewer, council: Council) -> bool:
    return Role.ADMINISTRATOR in viewer.roles or council.pk in viewer.managed_council_ids


def _invitees(
    *, council: Council, councils: list[Council], who: str, organisers: Iterable
) -> list[tuple]:
    """(user, council) pairs: the people of the invited councils that ``who`` says, then the
    organisers (the organising council's secretaries and chairs, and the person who made the
    poll), each once. As meetings do, aspirant members are not invited."""
    memberships = (
        Membership.objects.active()
        .filter(council__in=councils)
        .exclude(role=Membership.Role.ASPIRANT)
        .select_related("user", "council")
        .order_by("council__name", "pk")
    )
    people: list[tuple] = []
    if who == Who.REPRESENTATIVES:
        people = [
            pair
            for pair in meeting_services.national_invitees()
            if pair[1].pk in {c.pk for c in councils}
        ]
        memberships = memberships.filter(council=council)
    if who in (Who.BOARD, Who.REPRESENTATIVES):
        memberships = memberships.filter(
            role__in=[Membership.Role.SECRETARY, Membership.Role.CHAIR]
        )
    people += [(m.user, m.council) for m in memberships]
    people += [(user, None) for user in organisers if user is not None]
    seen, result = set(), []
    for user, on_behalf_of in people:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        result.append((user, on_behalf_of))
    return result


def poll_create(
    *,
    actor,
    council: Council,
    title: str,
    meeting_kind: str,
    options: Iterable[tuple[datetime.datetime, datetime.datetime]],
    invited_councils: Iterable[Council] = (),
    who: str = Who.ALL,
    description: str = "",
    location: str = "",
    closes_at: datetime.datetime | None = None,
) -> DatePoll:
    """Propose dates; every invitee (but the one who proposes) gets an e-mail with the link."""
    viewer = viewer_for(actor)
    if not _may_organise(viewer, council) or not can_create_poll(viewer):
        raise PollError(_("U mag geen prikpeiling maken voor deze raad."))
    if meeting_kind not in poll_kinds(viewer, [council]):
        raise PollError(_("Dit soort overleg kunt u niet plannen."))
    reason = kind_fits_council(meeting_kind, council)
    if reason:
        raise PollError(reason)
    councils = {c.pk: c for c in invited_councils}
    councils.pop(council.pk, None)
    if meeting_kind in OWN_KINDS and councils:
        raise PollError(_("Bij een vergadering van de raad nodigt u alleen de eigen raad uit."))
    if meeting_kind == Meeting.Kind.INTRODUCTION:
        districts = [c for c in councils.values() if c.kind == Council.Kind.DISTRICT]
        if not districts:
            raise PollError(
                _("Bij een kennismakingssessie horen twee of meer districtsraden. Kies er nog één.")
            )
    if who == Who.REPRESENTATIVES and meeting_kind != Meeting.Kind.NATIONAL:
        raise PollError(_("Vertegenwoordigers horen alleen bij het landelijk overleg."))
    if who not in (Who.ALL, Who.BOARD, Who.REPRESENTATIVES):
        raise PollError(_("Kies wie u uitnodigt."))
    options = sorted(set(options))
    if not options:
        raise PollError(_("Vul minstens één datum in."))
    now = timezone.now()
    for starts_at, ends_at in options:
        if ends_at <= starts_at:
            raise PollError(_("Het einde moet na het begin liggen."))
        if starts_at <= now:
            raise PollError(_("Kies alleen datums die nog komen."))
    if closes_at is not None and closes_at <= now:
        raise PollError(_("Reageren moet nog even kunnen. Kies een latere dag."))
    everyone = [council, *councils.values()]
    with transaction.atomic():
        poll = DatePoll.objects.create(
            title=title.strip(),
            description=description.strip(),
            meeting_kind=meeting_kind,
            location=location.strip(),
            council=council,
            closes_at=closes_at,
            created_by=actor,
        )
        DatePollOption.objects.bulk_create(
            DatePollOption(poll=poll, starts_at=s, ends_at=e) for s, e in options
        )
        poll.invited_councils.set(everyone)
        people = _invitees(council=council, councils=everyone, who=who, organisers=[actor])
        poll.invitees.set([user for user, _council in people])
        audit_log(
            actor=actor,
            action="poll.create",
            obj=poll,
            details={"invitees": len(people), "options": len(options), "who": who},
        )
        url = absolute_url(poll.get_absolute_url())
        first_options = list(poll.options.all())
        for user, _council in people:
            if user.pk == getattr(actor, "pk", None) or not user.email:
                continue
            outbox_enqueue_template(
                to=[user.email],
                template="surveys/email/poll_invitation",
                context={
                    "poll": poll,
                    "user": user,
                    "url": url,
                    "options": first_options,
                    "organiser": council,
                    "last_day": last_day(poll),
                },
                kind="poll_invitation",
            )
    return poll


def poll_vote(*, user, poll: DatePoll, answers: Mapping[int, str]) -> list[DatePollVote]:
    """The person's answer for every date of the poll; a later answer replaces the earlier."""
    with transaction.atomic():
        poll = DatePoll.objects.select_for_update().get(pk=poll.pk)
        if not poll.invitees.filter(pk=user.pk).exists():
            raise PollError(_("U bent niet uitgenodigd voor deze prikpeiling."))
        if not poll_is_open(poll):
            raise PollError(_("Deze prikpeiling is gesloten. Antwoorden kan niet meer."))
        options = list(poll.options.all())
        if any(answers.get(o.pk) not in DatePollVote.Answer.values for o in options):
            raise PollError(_("Kies bij elke datum ja, als het moet, of nee."))
        existing = {
            v.option_id: v
            for v in DatePollVote.objects.select_for_update().filter(option__poll=poll, user=user)
        }
        votes = []
        for option in options:
            vote = existing.get(option.pk)
            if vote is None:
                vote = DatePollVote.objects.create(
                    option=option, user=user, answer=answers[option.pk]
                )
            elif vote.answer != answers[option.pk]:
                vote.answer = answers[option.pk]
                vote.save(update_fields=["answer", "updated_at"])
            votes.append(vote)
        audit_log(actor=user, action="poll.vote", obj=poll)
    return votes


def _meeting_people(poll: DatePoll) -> list[tuple]:
    """Whom the meeting invites: the poll's invitees, each on behalf of the invited council they
    sit on now (their seat, as meetings invite), else in person (the organiser without a seat,
    e.g. an administrator). Someone who left every invited council since is not invited."""
    council_ids = [c.pk for c in poll.invited_councils.all()]
    invitees = list(poll.invitees.all())
    seat = {}
    for m in (
        Membership.objects.active()
        .filter(user__in=invitees, council_id__in=council_ids)
        .select_related("council")
        .order_by("pk")
    ):
        # Their seat on the organising council first.
        if m.user_id not in seat or m.council_id == poll.council_id:
            seat[m.user_id] = m.council
    people = []
    for user in invitees:
        if user.pk in seat:
            people.append((user, seat[user.pk]))
        elif user.pk == poll.created_by_id:
            people.append((user, None))
    return people


def poll_choose(*, actor, poll: DatePoll, option: DatePollOption) -> Meeting:
    """Choose a date: the meeting is scheduled, its invitations go to the poll's invitees, and
    the poll closes. Twice (a double submit) schedules once: the second finds the poll chosen."""
    with transaction.atomic():
        poll = DatePoll.objects.select_for_update().get(pk=poll.pk)
        if not can_manage_poll(viewer_for(actor), poll):
            raise PollError(_("Alleen wie de prikpeiling organiseert, kiest de datum."))
        if poll.chosen_id is not None or poll.meeting_id is not None:
            raise PollError(_("Er is al een datum gekozen."))
        if option.poll_id != poll.pk:
            raise PollError(_("Deze datum hoort niet bij deze prikpeiling."))
        if option.starts_at <= timezone.now():
            raise PollError(_("Deze datum is al voorbij. Kies een andere datum."))
        viewer = viewer_for(actor)
        if poll.meeting_kind == Meeting.Kind.NATIONAL and not can_schedule_national_meeting(viewer):
            raise PollError(_("Alleen de Centrale Cliëntenraad plant het landelijk overleg."))
        guests = [c for c in poll.invited_councils.all() if c.pk != poll.council_id]
        try:
            meeting = meeting_services.meeting_schedule(
                actor=actor,
                kind=poll.meeting_kind,
                council=poll.council,
                title=poll.title,
                starts_at=option.starts_at,
                ends_at=option.ends_at,
                location=poll.location,
                description=poll.description,
                guest_councils=guests if poll.meeting_kind == Meeting.Kind.INTRODUCTION else (),
                invite=False,
            )
        except meeting_services.MeetingError as error:
            raise PollError(str(error)) from error
        meeting_services.meeting_invite(actor=actor, meeting=meeting, people=_meeting_people(poll))
        poll.chosen = option
        poll.meeting = meeting
        poll.closed_at = timezone.now()
        poll.save(update_fields=["chosen", "meeting", "closed_at"])
        audit_log(
            actor=actor,
            action="poll.choose",
            obj=poll,
            details={"option": option.pk, "meeting": meeting.pk},
        )
    return meeting
