"""Activities in the search: found by their title by exactly those who may open them
(``can_view_activity``), kept in step when they change or go."""

from __future__ import annotations

import pytest
from tests.roles import ROLE_NAMES

from councils.selectors import viewer_for
from meetings.models import EventStatus
from meetings.permissions import can_view_activity
from meetings.tests.factories import ActivityFactory
from sitesearch.index import rebuild
from sitesearch.query import search

pytestmark = pytest.mark.django_db

ROLES = ROLE_NAMES


def finds(user, text: str) -> list[str]:
    return [e.url for e in search(viewer_for(user), text).page]


@pytest.mark.parametrize("visibility", ["public", "councils", "council"])
def test_an_activity_is_found_by_exactly_those_who_may_open_it(roles, visibility):
    activity = ActivityFactory(
        title="Landelijke dag voor cliëntenraden", council=roles.council, visibility=visibility
    )
    url = activity.get_absolute_url()
    for name in ROLES:
        user = roles.users[name]
        may = can_view_activity(viewer_for(user), activity)
        assert (url in finds(user, "Landelijke dag")) is may, (name, visibility)
    assert url in finds(roles.users["administrator"], "raad")  # a compound part


def test_an_activity_follows_its_changes_and_leaves_when_deleted(roles):
    activity = ActivityFactory(title="Werkbezoek Groningen", visibility="public")
    url = activity.get_absolute_url()
    assert url in finds(None, "werkbezoek")
    activity.visibility = "council"
    activity.save()
    assert url not in finds(None, "werkbezoek")
    activity.status = EventStatus.CANCELLED
    activity.save()
    admin = roles.users["administrator"]
    assert [e.title for e in search(viewer_for(admin), "werkbezoek").page] == [
        "Werkbezoek Groningen (afgelast)"
    ]
    activity.delete()
    assert finds(admin, "werkbezoek") == []


def test_search_rebuild_indexes_activities(roles):
    from sitesearch.models import SearchEntry

    activity = ActivityFactory(title="Klantpanel bereikbaarheid", visibility="public")
    SearchEntry.objects.filter(kind="activity").delete()
    assert rebuild(["activity"]) == {"activity": 1}
    assert activity.get_absolute_url() in finds(None, "bereikbaarheid")
