"""Issue 18: the agenda, the meeting overview and a meeting's page cost the same number of
queries with 5 or 50 rows (the agenda shows 20 a page; a meeting page shows every row)."""

from __future__ import annotations

from meetings.tests.factories import MeetingFactory, MeetingInvitationFactory
from meetings.tests.test_activities import _add as add_activities
from meetings.tests.test_activities import _count as count_activities
from meetings.tests.test_meetings import _assert_same, _fill
from meetings.tests.test_meetings import _count as count_page


def _flat(url, small, large):
    report = "\n".join(
        f"--- {label}: {len(run)}\n" + "\n".join(q["sql"] for q in run.captured_queries)
        for label, run in (("5", small), ("50", large))
    )
    assert len(small) == len(large), f"{url}\n{report}"


def test_agenda_queries_at_5_and_50_activities(client, roles):
    client.force_login(roles["member"])
    add_activities(roles, 0, 5)
    small = count_activities(client, "/agenda/", "Activiteit 4")
    add_activities(roles, 5, 45)
    large = count_activities(client, "/agenda/", "Activiteit 19")
    _flat("/agenda/", small, large)


def test_meeting_overview_queries_at_5_and_50_meetings(client, roles):
    client.force_login(roles["member"])

    def add(count):
        for _ in range(count):
            meeting = MeetingFactory(council=roles.council)
            MeetingInvitationFactory(meeting=meeting, user=roles["member"])

    add(5)
    small = count_page(client, "/overleg/")
    add(45)
    large = count_page(client, "/overleg/")
    _flat("/overleg/", small, large)


def test_meeting_page_queries_at_5_and_50_rows(client, roles):
    """Agenda items, action items, documents and invitations: 5 of each, then 50."""
    meeting = MeetingFactory(council=roles.council)
    MeetingInvitationFactory(meeting=meeting, user=roles["secretary"], on_behalf_of=roles.council)
    client.force_login(roles["secretary"])
    _fill(meeting, roles, 5)
    small = count_page(client, meeting.get_absolute_url())
    _fill(meeting, roles, 45)
    large = count_page(client, meeting.get_absolute_url())
    _assert_same(meeting.get_absolute_url(), small, large)
