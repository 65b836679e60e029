"""Work that waits on each role, for the tests of "Mijn overzicht" (issue 15): the liaison's own
activities with sign-ups and access needs, and for Noord's secretary new applications (one near
and one past the 14 days), draft minutes of meetings that took place and what people need at
coming meetings."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.tests.factories import UserFactory
from meetings.models import Minutes
from meetings.tests.factories import (
    ActivityFactory,
    MeetingFactory,
    MeetingInvitationFactory,
    MinutesFactory,
    RegistrationFactory,
)
from recruitment.tests.factories import ApplicationFactory


def add_work(roles, count: int, *, start: int = 0) -> None:
    now = timezone.now()
    for i in range(start, start + count):
        activity = ActivityFactory(
            title=f"Klantpanel van de contactpersoon {i}",
            council=roles.council,
            created_by=roles["liaison"],
            starts_at=now + datetime.timedelta(days=3 + i % 20, hours=i % 5),
            ends_at=now + datetime.timedelta(days=3 + i % 20, hours=2 + i % 5),
        )
        RegistrationFactory(activity=activity, access_needs=["sign_language", "travel"])
        RegistrationFactory(activity=activity, status="waitlisted")
        ApplicationFactory(
            council=roles.council,
            name=f"Aanmelder {i}",
            created_at=now - datetime.timedelta(days=(16, 12, 2)[i % 3], minutes=i),
        )
        past = MeetingFactory(
            council=roles.council,
            title=f"Vergadering van vorige maand {i}",
            starts_at=now - datetime.timedelta(days=30 + i),
            ends_at=now - datetime.timedelta(days=30 + i, hours=-2),
        )
        MinutesFactory(meeting=past, status=Minutes.Status.DRAFT)
        coming = MeetingFactory(
            council=roles.council,
            title=f"Komende vergadering {i}",
            starts_at=now + datetime.timedelta(days=5 + i),
            ends_at=now + datetime.timedelta(days=5 + i, hours=2),
        )
        MeetingInvitationFactory(
            meeting=coming, user=UserFactory(), access_needs=["hearing_loop"], rsvp="yes"
        )
        MeetingInvitationFactory(meeting=coming, user=roles["secretary"])
