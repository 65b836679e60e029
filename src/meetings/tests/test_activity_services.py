from __future__ import annotations

import pytest

from councils.models import Membership
from councils.tests.factories import MembershipFactory
from meetings.models import Registration
from meetings.services import (
    MeetingError,
    activity_cancel,
    activity_sign_off,
    activity_sign_up,
    activity_update,
)
from meetings.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def _members(council, n):
    return [MembershipFactory(council=council, role=Membership.Role.MEMBER).user for _ in range(n)]


def test_more_places_move_people_up_in_order(
    roles, smtp_server, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(council=roles.council, capacity=1)
    first, second, third = _members(roles.council, 3)
    for user in (first, second, third):
        activity_sign_up(user=user, activity=activity)
    smtp_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        activity_update(actor=roles["secretary"], activity=activity, capacity=2)
    statuses = dict(activity.registrations.values_list("user_id", "status"))
    assert statuses[second.pk] == Registration.Status.CONFIRMED
    assert statuses[third.pk] == Registration.Status.WAITLISTED
    assert [m["to"] for m in smtp_server.messages] == [[second.email]]


def test_signing_off_a_cancelled_activity_moves_nobody_up(roles):
    activity = ActivityFactory(council=roles.council, capacity=1)
    first, second = _members(roles.council, 2)
    activity_sign_up(user=first, activity=activity)
    activity_sign_up(user=second, activity=activity)
    activity_cancel(actor=roles["secretary"], activity=activity, reason="Zaal niet beschikbaar")
    with pytest.raises(MeetingError, match="niet door"):
        activity_sign_off(user=first, activity=activity)
    assert activity.registrations.get(user=second).status == Registration.Status.WAITLISTED


def test_a_cancelled_activity_cannot_be_changed(roles):
    activity = ActivityFactory(council=roles.council)
    activity_cancel(actor=roles["secretary"], activity=activity)
    with pytest.raises(MeetingError, match="afgelast"):
        activity_update(actor=roles["secretary"], activity=activity, title="Nieuw")


def test_regional_activity_keeps_its_region(roles):
    activity = ActivityFactory(council=roles.council, scope="regional")
    with pytest.raises(MeetingError, match="regio"):
        activity_update(actor=roles["secretary"], activity=activity, council=None)
