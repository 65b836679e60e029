"""The date poll pages make as many queries for a big poll (or many polls) as for a small one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from councils.models import Membership
from councils.tests.factories import CouncilFactory, MembershipFactory
from surveys.tests.factories import DatePollFactory, DatePollOptionFactory, DatePollVoteFactory

pytestmark = pytest.mark.django_db

ANSWERS = ("yes", "maybe", "no")


def _poll(council, secretary, invitees: int, *, options: int = 4):
    poll = DatePollFactory(council=council, created_by=secretary)
    people = [secretary] + [MembershipFactory(council=council).user for _ in range(invitees - 1)]
    poll.invited_councils.set([council])
    poll.invitees.set(people)
    for _ in range(options):
        option = DatePollOptionFactory(poll=poll)
        # Everyone but the last two answers, so "not answered" has names too.
        for i, person in enumerate(people[:-2]):
            DatePollVoteFactory(option=option, user=person, answer=ANSWERS[i % 3])
    return poll


def _queries(client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries), "\n".join(q["sql"] for q in ctx.captured_queries)


@pytest.fixture
def secretary_council():
    council = CouncilFactory()
    secretary = MembershipFactory(council=council, role=Membership.Role.SECRETARY).user
    return council, secretary


def test_poll_page_queries_do_not_grow_with_invitees(client, secretary_council):
    council, secretary = secretary_council
    small = _poll(council, secretary, 5)
    big = _poll(council, secretary, 40, options=8)
    client.force_login(secretary)
    _queries(client, small.get_absolute_url())  # warm up (session, caches)
    n_small, sql_small = _queries(client, small.get_absolute_url())
    n_big, sql_big = _queries(client, big.get_absolute_url())
    assert n_small == n_big, f"5 invitees:\n{sql_small}\n\n40 invitees:\n{sql_big}"
    assert n_big <= 18, sql_big


def test_poll_list_queries_do_not_grow_with_polls(client, secretary_council):
    council, secretary = secretary_council
    _poll(council, secretary, 3, options=2)
    client.force_login(secretary)
    _queries(client, "/prikpeilingen/")
    n_one, sql_one = _queries(client, "/prikpeilingen/")
    for _ in range(9):
        _poll(council, secretary, 3, options=2)
    _queries(client, "/prikpeilingen/")  # new members: the menu's cache fills again once
    n_ten, sql_ten = _queries(client, "/prikpeilingen/")
    assert n_one == n_ten, f"1 poll:\n{sql_one}\n\n10 polls:\n{sql_ten}"
    assert n_ten <= 14, sql_ten


def test_dashboard_panel_queries_do_not_grow_with_polls(client, secretary_council):
    council, secretary = secretary_council
    member = MembershipFactory(council=council).user
    poll = _poll(council, secretary, 3, options=1)
    poll.invitees.add(member)
    client.force_login(member)
    client.get("/mijn/")
    with CaptureQueriesContext(connection) as one:
        assert "Prikpeilingen: geef uw antwoord" in client.get("/mijn/").content.decode()
    for _ in range(4):
        _poll(council, secretary, 3, options=1).invitees.add(member)
    client.get("/mijn/")  # new members: the menu's cache fills again once (issue 18)
    with CaptureQueriesContext(connection) as five:
        client.get("/mijn/")
    assert len(one) == len(five)
