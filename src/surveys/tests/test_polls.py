"""Date polls (prikpeilingen): who is invited, the best options first, answering until the poll
closes, choosing a date that schedules the meeting once with its invitations, and who may poll
for which kind of meeting."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from common.models import OutboxMessage
from councils.models import Council, Membership
from councils.selectors import viewer_for
from councils.tests.factories import CouncilFactory, MembershipFactory
from meetings.models import Meeting, MeetingInvitation
from surveys.models import DatePollVote
from surveys.selectors_polls import poll_detail, poll_table, polls_awaiting, polls_for
from surveys.services_polls import (
    PollError,
    Who,
    poll_choose,
    poll_create,
    poll_kinds,
    poll_vote,
)
from surveys.tests.factories import DatePollFactory, DatePollOptionFactory, DatePollVoteFactory

YES, MAYBE, NO = "yes", "maybe", "no"

pytestmark = pytest.mark.django_db


def _later(days: int, hour: int = 14) -> tuple[datetime.datetime, datetime.datetime]:
    day = timezone.localdate() + datetime.timedelta(days=days)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return starts, starts + datetime.timedelta(hours=2)


@pytest.fixture
def councils():
    noord = CouncilFactory(slug="noord", name="Noord")
    limburg = CouncilFactory(slug="limburg", name="Limburg")
    central = CouncilFactory(slug="centraal", name="Centraal", kind=Council.Kind.CENTRAL)
    people = {
        "secretary": MembershipFactory(council=noord, role=Membership.Role.SECRETARY).user,
        "member": MembershipFactory(council=noord).user,
        "other": MembershipFactory(council=limburg).user,
        "other_chair": MembershipFactory(council=limburg, role=Membership.Role.CHAIR).user,
        "aspirant": MembershipFactory(council=limburg, role=Membership.Role.ASPIRANT).user,
        "central_secretary": MembershipFactory(
            council=central, role=Membership.Role.SECRETARY
        ).user,
    }
    return {"noord": noord, "limburg": limburg, "central": central, **people}


def _introduction(c, *, who=Who.ALL, **kwargs):
    return poll_create(
        actor=c["secretary"],
        council=c["noord"],
        title="Kennismaking Noord en Limburg",
        meeting_kind=Meeting.Kind.INTRODUCTION,
        invited_councils=[c["limburg"]],
        who=who,
        options=kwargs.pop("options", [_later(20), _later(21), _later(22)]),
        location="Utrecht",
        **kwargs,
    )


def test_create_invites_the_councils_members_and_mails_everyone_but_the_organiser(
    councils, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        poll = _introduction(councils)
    invited = set(poll.invitees.values_list("pk", flat=True))
    expected = {councils[n].pk for n in ("secretary", "member", "other", "other_chair")}
    assert invited == expected  # no aspirant member, no one of the central council
    assert {c.pk for c in poll.invited_councils.all()} == {
        councils["noord"].pk,
        councils["limburg"].pk,
    }
    mails = OutboxMessage.objects.filter(kind="poll_invitation")
    recipients = sorted(m.to[0] for m in mails)
    assert recipients == sorted(councils[n].email for n in ("member", "other", "other_chair"))
    assert poll.get_absolute_url() in mails[0].body_text


def test_board_only_invites_chairs_and_secretaries(councils):
    poll = _introduction(councils, who=Who.BOARD)
    invited = set(poll.invitees.values_list("pk", flat=True))
    assert invited == {councils["secretary"].pk, councils["other_chair"].pk}


def test_the_best_options_come_first_most_yes_then_most_if_need_be(councils):
    poll = _introduction(councils)
    first, second, third = poll.options.order_by("starts_at")
    votes = {
        "secretary": (MAYBE, YES, YES),
        "member": (YES, MAYBE, YES),
        "other": (NO, YES, MAYBE),
        "other_chair": (NO, NO, MAYBE),
    }
    for name, answers in votes.items():
        poll_vote(
            user=councils[name],
            poll=poll,
            answers=dict(zip([first.pk, second.pk, third.pk], answers, strict=True)),
        )
    table = poll_table(poll_detail(poll.pk), councils["member"].pk)
    # second: 2 yes 1 maybe; third: 2 yes 2 maybe; first: 1 yes 1 maybe
    assert [r.option.pk for r in table.rows] == [third.pk, second.pk, first.pk]
    assert table.rows[0].yes_count == 2 and table.rows[0].maybe_count == 2
    assert table.rows[0].yes == sorted(
        [councils["secretary"].get_full_name(), councils["member"].get_full_name()]
    )
    assert table.mine == {first.pk: YES, second.pk: MAYBE, third.pk: YES}
    assert table.not_answered == []


def test_an_answer_can_change_while_open_and_replaces_the_earlier(councils):
    poll = _introduction(councils, options=[_later(20)])
    option = poll.options.get()
    member = councils["member"]
    poll_vote(user=member, poll=poll, answers={option.pk: NO})
    poll_vote(user=member, poll=poll, answers={option.pk: YES})
    assert list(DatePollVote.objects.filter(user=member).values_list("answer", flat=True)) == [YES]


def test_every_date_needs_an_answer(councils):
    poll = _introduction(councils)
    option = poll.options.first()
    with pytest.raises(PollError):
        poll_vote(user=councils["member"], poll=poll, answers={option.pk: YES})
    assert not DatePollVote.objects.exists()


def test_someone_not_invited_cannot_vote(councils):
    poll = _introduction(councils, options=[_later(20)])
    option = poll.options.get()
    with pytest.raises(PollError):
        poll_vote(user=councils["central_secretary"], poll=poll, answers={option.pk: YES})


def test_a_closed_poll_refuses_votes(councils):
    poll = DatePollFactory(
        council=councils["noord"], closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    poll.invitees.add(councils["member"])
    option = DatePollOptionFactory(poll=poll)
    with pytest.raises(PollError, match="gesloten"):
        poll_vote(user=councils["member"], poll=poll, answers={option.pk: YES})
    assert not DatePollVote.objects.exists()


def test_choosing_schedules_exactly_one_meeting_with_invitations_and_closes_the_poll(
    councils, django_capture_on_commit_callbacks
):
    poll = _introduction(councils)
    option = poll.options.order_by("starts_at")[1]
    OutboxMessage.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        meeting = poll_choose(actor=councils["secretary"], poll=poll, option=option)
    assert callbacks  # the mail goes only after commit
    with pytest.raises(PollError, match="al een datum"):
        poll_choose(actor=councils["secretary"], poll=poll, option=option)  # a double submit
    assert Meeting.objects.count() == 1
    assert meeting.kind == Meeting.Kind.INTRODUCTION
    assert (meeting.starts_at, meeting.ends_at) == (option.starts_at, option.ends_at)
    assert meeting.location == "Utrecht"
    assert list(meeting.guest_councils.all()) == [councils["limburg"]]
    invitations = MeetingInvitation.objects.filter(meeting=meeting)
    assert {i.user_id for i in invitations} == set(poll.invitees.values_list("pk", flat=True))
    assert {
        i.user_id: i.on_behalf_of_id for i in invitations if i.user_id == councils["other"].pk
    } == {councils["other"].pk: councils["limburg"].pk}
    mails = OutboxMessage.objects.filter(kind="invitation")
    assert mails.count() == invitations.count()
    assert all(m.attachments[0]["filename"].endswith(".ics") for m in mails)
    poll.refresh_from_db()
    assert (poll.chosen_id, poll.meeting_id) == (option.pk, meeting.pk)
    assert poll.closed_at is not None
    with pytest.raises(PollError, match="gesloten"):
        poll_vote(
            user=councils["member"],
            poll=poll,
            answers=dict.fromkeys(poll.options.values_list("pk", flat=True), YES),
        )


def test_only_an_organiser_chooses(councils):
    poll = _introduction(councils)
    with pytest.raises(PollError):
        poll_choose(actor=councils["other_chair"], poll=poll, option=poll.options.first())
    assert not Meeting.objects.exists()


def test_only_the_central_councils_secretary_polls_for_the_national_meeting(councils):
    district = viewer_for(councils["secretary"])
    central = viewer_for(councils["central_secretary"])
    assert Meeting.Kind.NATIONAL not in poll_kinds(district, [councils["noord"]])
    assert Meeting.Kind.INTRODUCTION in poll_kinds(district, [councils["noord"]])
    assert poll_kinds(central, [councils["central"]]) == [
        Meeting.Kind.NATIONAL,
        Meeting.Kind.CENTRAL,
    ]
    assert poll_kinds(viewer_for(councils["member"]), []) == []
    with pytest.raises(PollError):
        poll_create(
            actor=councils["secretary"],
            council=councils["noord"],
            title="Landelijk overleg",
            meeting_kind=Meeting.Kind.NATIONAL,
            invited_councils=[councils["limburg"]],
            options=[_later(30)],
        )
    poll = poll_create(
        actor=councils["central_secretary"],
        council=councils["central"],
        title="Landelijk overleg",
        meeting_kind=Meeting.Kind.NATIONAL,
        invited_councils=[councils["noord"], councils["limburg"]],
        who=Who.BOARD,
        options=[_later(30)],
    )
    meeting = poll_choose(actor=councils["central_secretary"], poll=poll, option=poll.options.get())
    assert meeting.kind == Meeting.Kind.NATIONAL
    assert meeting.council == councils["central"]


def test_a_poll_waits_on_the_dashboard_until_answered(councils):
    poll = _introduction(councils, options=[_later(20)])
    viewer = viewer_for(councils["other"])
    assert polls_awaiting(viewer) == [poll]
    poll_vote(user=councils["other"], poll=poll, answers={poll.options.get().pk: MAYBE})
    assert polls_awaiting(viewer) == []
    listed = polls_for(viewer)
    assert [p.answered for p in listed["invited"]] == [True]
    assert listed["managed"] == []


def test_the_organisers_list_counts_who_answered(councils):
    poll = _introduction(councils, options=[_later(20)])
    DatePollVoteFactory(option=poll.options.get(), user=councils["other"], answer=NO)
    [managed] = polls_for(viewer_for(councils["secretary"]))["managed"]
    assert (managed.invitee_count, managed.answer_count) == (4, 1)
