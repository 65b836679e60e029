"""Reads for the date polls (prikpeilingen): the list, one poll with its table of options, the
polls that wait for someone's answer. Each page's query count stays the same however many
invitees, options and votes a poll has."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from common.visibility import Role, Viewer
from meetings.models import Meeting

from .models import DatePoll, DatePollOption, DatePollVote

User = get_user_model()

YES, MAYBE, NO = (
    DatePollVote.Answer.YES.value,
    DatePollVote.Answer.MAYBE.value,
    DatePollVote.Answer.NO.value,
)


def poll_is_open(poll: DatePoll, now: datetime.datetime | None = None) -> bool:
    """Invitees can answer (and change their answer) until a date is chosen or the poll's
    ``closes_at`` has passed."""
    if poll.closed_at is not None or poll.chosen_id is not None:
        return False
    return poll.closes_at is None or (now or timezone.now()) < poll.closes_at


def open_polls_q(now: datetime.datetime | None = None) -> Q:
    """The query filter that matches ``poll_is_open``."""
    now = now or timezone.now()
    return Q(closed_at__isnull=True, chosen__isnull=True) & (
        Q(closes_at__isnull=True) | Q(closes_at__gt=now)
    )


def managed_polls_q(viewer: Viewer) -> Q:
    """The query filter that matches ``permissions.can_manage_poll``."""
    if Role.ADMINISTRATOR in viewer.roles:
        return Q()
    return Q(council_id__in=viewer.managed_council_ids)


def kind_label(poll: DatePoll) -> str:
    return str(dict(Meeting.Kind.choices).get(poll.meeting_kind, poll.meeting_kind))


def last_day(poll: DatePoll) -> datetime.date | None:
    """The last day one can answer (``closes_at`` is the start of the next day)."""
    if poll.closes_at is None:
        return None
    return timezone.localtime(poll.closes_at - datetime.timedelta(seconds=1)).date()


def _decorate(poll: DatePoll, now: datetime.datetime | None = None) -> DatePoll:
    poll.is_open = poll_is_open(poll, now)
    poll.kind_label = kind_label(poll)
    poll.last_day = last_day(poll)
    return poll


def display_name(user) -> str:
    """The name other invitees see: never the e-mail address (contact data is not shared
    across councils without consent)."""
    return user.get_full_name() or _("Lid zonder naam")


def _voted(user_id: int | None):
    return Exists(DatePollVote.objects.filter(option__poll=OuterRef("pk"), user_id=user_id))


def _count(qs, column: str):
    """A correlated count (no join that multiplies the poll's rows)."""
    return Coalesce(
        Subquery(
            qs.order_by().values(column).annotate(n=Count("pk", distinct=False)).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def polls_for(viewer: Viewer) -> dict:
    """The polls the person is invited to (whether they answered) and the polls they manage
    (how many answered of how many invited). Three queries whatever the numbers."""
    base = DatePoll.objects.select_related("council", "chosen", "meeting")
    invited = []
    if viewer.user_id is not None:
        invited = list(
            base.filter(invitees__pk=viewer.user_id)
            .annotate(answered=_voted(viewer.user_id))
            .order_by("-created_at", "-pk")
        )
    managed = []
    if Role.ADMINISTRATOR in viewer.roles or viewer.managed_council_ids:
        through = DatePoll.invitees.through
        voters = DatePollVote.objects.filter(option__poll=OuterRef(OuterRef("pk"))).values(
            "user_id"
        )
        managed = list(
            base.filter(managed_polls_q(viewer))
            .annotate(
                invitee_count=_count(
                    through.objects.filter(datepoll_id=OuterRef("pk")), "datepoll_id"
                ),
                answer_count=_count(
                    through.objects.filter(datepoll_id=OuterRef("pk"), user_id__in=voters),
                    "datepoll_id",
                ),
            )
            .order_by("-created_at", "-pk")
        )
    now = timezone.now()
    for poll in (*invited, *managed):
        _decorate(poll, now)
    return {"invited": invited, "managed": managed}


def poll_detail(pk: int) -> DatePoll | None:
    """One poll with what its page and ``can_view_poll`` need, prefetched: the invitees (with
    their names), the invited councils, the options with their votes."""
    poll = (
        DatePoll.objects.select_related("council", "chosen", "meeting", "created_by")
        .prefetch_related(
            Prefetch("invitees", queryset=User.objects.order_by("last_name", "first_name", "pk")),
            "invited_councils",
            Prefetch(
                "options",
                queryset=DatePollOption.objects.prefetch_related(
                    Prefetch("votes", queryset=DatePollVote.objects.order_by("pk"))
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    return _decorate(poll) if poll is not None else None


@dataclass
class OptionRow:
    """One date of a poll with its counts and who can come (names only for invitees)."""

    option: DatePollOption
    yes: list[str] = field(default_factory=list)
    maybe: list[str] = field(default_factory=list)
    no: int = 0
    mine: str = ""
    is_chosen: bool = False

    @property
    def yes_count(self) -> int:
        return len(self.yes)

    @property
    def maybe_count(self) -> int:
        return len(self.maybe)


@dataclass
class PollTable:
    rows: list[OptionRow]  # best first
    in_date_order: list[OptionRow]  # the form asks date by date
    not_answered: list[str]
    answered_count: int
    invitee_count: int
    mine: dict[int, str]  # option id -> the viewer's answer


def poll_table(poll: DatePoll, user_id: int | None) -> PollTable:
    """The options, best first: most yes, then most "als het moet", then the earliest. Counts
    only invitees' votes (someone no longer invited does not weigh in). No query: everything
    comes from ``poll_detail``'s prefetch."""
    invitees = {u.pk: u for u in poll.invitees.all()}
    voted: set[int] = set()
    rows = []
    mine: dict[int, str] = {}
    for option in poll.options.all():
        row = OptionRow(option=option, is_chosen=option.pk == poll.chosen_id)
        for vote in option.votes.all():
            person = invitees.get(vote.user_id)
            if person is None:
                continue
            voted.add(vote.user_id)
            if vote.user_id == user_id:
                row.mine = vote.answer
                mine[option.pk] = vote.answer
            if vote.answer == YES:
                row.yes.append(display_name(person))
            elif vote.answer == MAYBE:
                row.maybe.append(display_name(person))
            else:
                row.no += 1
        row.yes.sort()
        row.maybe.sort()
        rows.append(row)
    best = sorted(
        rows, key=lambda r: (-r.yes_count, -r.maybe_count, r.option.starts_at, r.option.pk)
    )
    not_answered = sorted(display_name(u) for pk, u in invitees.items() if pk not in voted)
    return PollTable(
        rows=best,
        in_date_order=rows,
        not_answered=not_answered,
        answered_count=len(voted),
        invitee_count=len(invitees),
        mine=mine,
    )


def polls_awaiting(viewer: Viewer, *, limit: int = 5) -> list[DatePoll]:
    """Open polls the person is invited to and has not answered yet (the dashboard panel)."""
    if viewer.user_id is None:
        return []
    polls = (
        DatePoll.objects.filter(open_polls_q(), invitees__pk=viewer.user_id)
        .exclude(_voted(viewer.user_id))
        .order_by(F("closes_at").asc(nulls_last=True), "-created_at", "-pk")[:limit]
    )
    return [_decorate(poll) for poll in polls]
