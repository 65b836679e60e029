"""Factories for the calendar and meetings. Times are aware and a week ahead by default."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from councils.tests.factories import CouncilFactory
from meetings.models import (
    ActionItem,
    Activity,
    AgendaItem,
    GuestRequest,
    Meeting,
    MeetingDocument,
    MeetingInvitation,
    Minutes,
    NationalRepresentative,
    Registration,
)


def _in_days(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    title = factory.Sequence(lambda n: f"Klantpanel {n}")
    description = "Wij praten met UWV over begrijpelijke brieven."
    kind = Activity.Kind.CLIENT_PANEL
    scope = Activity.Scope.REGIONAL
    council = factory.SubFactory(CouncilFactory)
    starts_at = factory.LazyFunction(lambda: _in_days(7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    location = "UWV-kantoor, Groningen"
    visibility = "councils"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    activity = factory.SubFactory(ActivityFactory)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.CONFIRMED


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    kind = Meeting.Kind.COUNCIL
    title = factory.Sequence(lambda n: f"Vergadering {n}")
    description = "De agenda volgt."
    council = factory.SubFactory(CouncilFactory)
    starts_at = factory.LazyFunction(lambda: _in_days(7, hour=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    location = "Stadhuis, Zwolle"

    @factory.post_generation
    def guest_councils(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.guest_councils.set(extracted)


class MeetingInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingInvitation

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agendapunt {n}")


class MeetingDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingDocument

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Vergaderstuk {n}")
    file = factory.django.FileField(filename="stuk.txt", data=b"Vergaderstuk: de agenda.")


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory)
    text = "De voorzitter opent de vergadering."


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Actie {n}")
    owner = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


class GuestRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuestRequest

    meeting = factory.SubFactory(MeetingFactory, kind=Meeting.Kind.CENTRAL)
    user = factory.SubFactory(UserFactory)
    council = factory.SubFactory(CouncilFactory)
    reason = "Wij hebben veel signalen over dit onderwerp."


class NationalRepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalRepresentative

    council = factory.SubFactory(CouncilFactory)
    user = factory.SubFactory(UserFactory)
    role = NationalRepresentative.Role.REPRESENTATIVE


def meeting_scheduled_with_invitation(*, start: datetime.datetime):
    """A council meeting scheduled through the service, which mails an invitation (with its
    .ics) to the council's one member: (meeting, member). Run it inside
    ``django_capture_on_commit_callbacks(execute=True)`` to send."""
    from councils.models import Membership
    from councils.tests.factories import MembershipFactory
    from meetings.services import meeting_schedule

    council = CouncilFactory()
    secretary = MembershipFactory(council=council, role=Membership.Role.SECRETARY).user
    member = MembershipFactory(council=council).user
    meeting = meeting_schedule(
        actor=secretary,
        kind=Meeting.Kind.COUNCIL,
        council=council,
        title="Vergadering",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        location="Stadhuis",
    )
    return meeting, member
