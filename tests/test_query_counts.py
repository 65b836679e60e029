"""No N+1: the number of database queries for a page does not grow with the rows it shows.

Each test measures a page at a small and a large data size and asserts the counts are equal
(and below a fixed ceiling). Every measurement is taken on the second of two identical
requests, so one-off work (Wagtail's site root cache, ContentType cache, locale lookups) does
not count. On failure, every captured query of both runs is printed.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from councils.models import Council, Membership
from councils.tests.factories import (
    CouncilFactory,
    MembershipFactory,
    WorkingGroupFactory,
    WorkingGroupMembershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """These tests count what building a page costs: a shared-cache hit (issue 18) costs none
    and would hide a query that grows with the data."""
    settings.PUBLIC_PAGE_CACHE = False


# A generous ceiling per page: the equality check is the real test, this catches a page that
# is flat but already far too chatty. Mijn overzicht reached 30 before the questionnaires' and
# date polls' cards (issue 16), each one query.
MAX_QUERIES = 32
# Mijn overzicht on its own (issue 18): no session write within a minute of the last one, the
# menu's pages and the handbook's live pages from the cache, the second factor asked once.
DASHBOARD_MAX_QUERIES = 26


def _measure(client, url: str, *, expect: tuple[str, ...] = ()) -> CaptureQueriesContext:
    """Queries for one GET of ``url`` (after a warm-up GET); asserts a 200 whose page shows
    every text in ``expect`` (so the large run really renders the extra rows)."""
    warm = client.get(url)
    assert warm.status_code == 200, (url, warm.status_code, warm.get("Location"))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.get("Location"))
    html = response.content.decode()
    missing = [text for text in expect if text not in html]
    assert not missing, f"{url} does not show {missing}"
    return captured


def _report(label: str, captured: CaptureQueriesContext) -> str:
    lines = [f"--- {label}: {len(captured)} queries"]
    lines += [f"{i:3}. {q['sql']}" for i, q in enumerate(captured.captured_queries, 1)]
    return "\n".join(lines)


def _assert_flat(
    url: str,
    small: CaptureQueriesContext,
    large: CaptureQueriesContext,
    sizes,
    ceiling: int = MAX_QUERIES,
):
    detail = "\n".join(
        (_report(f"{url} with {sizes[0]}", small), _report(f"{url} with {sizes[1]}", large))
    )
    assert len(small) == len(large), (
        f"{url}: {len(small)} queries with {sizes[0]}, {len(large)} with {sizes[1]}\n{detail}"
    )
    assert len(large) <= ceiling, f"{url}: {len(large)} queries > {ceiling}\n{detail}"


def _add_members(council: Council, count: int, *, start: int = 0):
    """``count`` active members; every other one with a public profile and a bio."""
    for i in range(start, start + count):
        consent = i % 2 == 0
        user = UserFactory(
            public_profile=consent,
            bio=f"Lid {i} vertelt iets over zichzelf." if consent else "",
        )
        MembershipFactory(user=user, council=council, role=Membership.Role.MEMBER)
    # An aspirant and a former member: filtered out, must not cost a query either.
    MembershipFactory(council=council, role=Membership.Role.ASPIRANT)
    MembershipFactory(
        council=council,
        start_date=datetime.date.today() - datetime.timedelta(days=400),
        end_date=datetime.date.today() - datetime.timedelta(days=10),
    )


def _active_count(council: Council) -> int:
    return (
        Membership.objects.active()
        .filter(council=council)
        .exclude(role=Membership.Role.ASPIRANT)
        .count()
    )


def test_home_does_not_grow_with_councils(client, roles, site_pages):
    from publishing.demo import load

    small = _measure(client, "/")
    small_n = Council.objects.count()
    for i in range(9):
        CouncilFactory(slug=f"extra-{i}", name=f"Districtscliëntenraad Extra {i}")
    load()  # adds a council page for each new council
    large = _measure(client, "/", expect=("Districtscliëntenraad Extra 8",))
    large_n = Council.objects.count()
    assert large_n >= 4 * small_n - 1
    _assert_flat("/", small, large, (f"{small_n} councils", f"{large_n} councils"))


def test_council_page_does_not_grow_with_members(client, roles, site_pages):
    council = roles.council
    _add_members(council, 3 - _active_count(council))
    assert _active_count(council) == 3
    small = _measure(client, "/raden/noord/")
    _add_members(council, 27, start=100)
    assert _active_count(council) == 30
    large = _measure(client, "/raden/noord/", expect=("Lid 126 vertelt",))
    _assert_flat("/raden/noord/", small, large, ("3 members", "30 members"))


def test_dashboard_does_not_grow_with_memberships_and_working_groups(client, roles, site_pages):
    member = roles["member"]
    group = WorkingGroupFactory(slug="wg-0")
    WorkingGroupMembershipFactory(user=member, working_group=group, council=roles.council)
    WorkingGroupMembershipFactory(working_group=group)  # a fellow group member
    # Secretary of a second council from the start, so both runs show the same panels (a
    # secretary's panels, such as new applications, cost a query of their own).
    MembershipFactory(
        user=member, council=CouncilFactory(slug="extra-0"), role=Membership.Role.SECRETARY
    )
    client.force_login(member)
    small = _measure(client, "/mijn/")

    for i in range(1, 8):
        council = CouncilFactory(slug=f"extra-{i}")
        role = (Membership.Role.MEMBER, Membership.Role.CHAIR, Membership.Role.SECRETARY)[i % 3]
        MembershipFactory(user=member, council=council, role=role)
        group = WorkingGroupFactory(slug=f"wg-{i}")
        WorkingGroupMembershipFactory(user=member, working_group=group, council=council)
        for _ in range(3):
            WorkingGroupMembershipFactory(working_group=group, council=council)
    assert Membership.objects.active().filter(user=member).count() == 9
    large = _measure(client, "/mijn/", expect=("/mijn/raad/extra-7/", "Werkgroep"))
    _assert_flat(
        "/mijn/",
        small,
        large,
        ("2 councils, 1 group", "9 councils, 8 groups"),
        ceiling=DASHBOARD_MAX_QUERIES,
    )


def test_council_members_page_does_not_grow_with_members(client, roles):
    council = roles.council
    _add_members(council, 3 - _active_count(council))
    client.force_login(roles["secretary"])
    small = _measure(client, "/mijn/raad/noord/")
    _add_members(council, 27, start=100)
    assert _active_count(council) == 30
    newest = (
        Membership.objects.active()
        .filter(council=council, role=Membership.Role.MEMBER)
        .latest("pk")
        .user.email
    )
    large = _measure(client, "/mijn/raad/noord/", expect=(newest,))
    _assert_flat("/mijn/raad/noord/", small, large, ("3 members", "30 members"))


def _add_waiting(roles, count: int, *, start: int = 0):
    """``count`` late proposals in a council's plan and in a working group's plan, and ``count``
    late advices to two councils: rows on both the overview and the liaison's queue."""
    from proposals.models import Advice, Proposal
    from proposals.models import ProposalStatus as S
    from proposals.tests.factories import AdviceFactory, PlanFactory, ProposalFactory

    late = datetime.date(2020, 1, 1)
    long_ago = datetime.datetime(2020, 1, 1, 12, tzinfo=datetime.UTC)
    plan = PlanFactory(council=roles.council)
    group = WorkingGroupFactory(slug=f"wg-wacht-{start}")
    WorkingGroupMembershipFactory(working_group=group, council=roles.council)
    group_plan = PlanFactory(council=None, working_group=group)
    for i in range(start, start + count):
        for owner, status in ((plan, S.SUBMITTED), (group_plan, S.IN_REVIEW)):
            ProposalFactory(
                plan=owner,
                title=f"Wachtend voorstel {i}",
                status=status,
                owner=roles["member"],
                submitted_at=long_ago,
                answer_due=late,
            )
        AdviceFactory(
            councils=[roles.council, roles.other_council],
            title=f"Wachtend advies {i}",
            status="sent",
            sent_on=late,
            answer_due=late,
        )
    Proposal.objects.update(last_change_at=long_ago)
    Advice.objects.update(last_change_at=long_ago)


@pytest.mark.parametrize(
    "role,url",
    [("member", "/vinger-aan-de-pols/"), ("liaison", "/vinger-aan-de-pols/wachtrij/")],
)
def test_pulse_overview_and_queue_do_not_grow_with_waiting_items(client, roles, role, url):
    client.force_login(roles[role])
    _add_waiting(roles, 2)
    small = _measure(client, url, expect=("Wachtend voorstel 1", "Wachtend advies 1"))
    _add_waiting(roles, 18, start=100)
    large = _measure(client, url, expect=("Wachtend voorstel 117", "Wachtend advies 117"))
    _assert_flat(url, small, large, ("6 items", "60 items"))


def _add_directory_members(council: Council, count: int, *, start: int = 0):
    """``count`` members who each chose two topics; every other one shows e-mail and phone."""
    from accounts.models import MemberTopic

    for i in range(start, start + count):
        consent = i % 2 == 0
        user = UserFactory(
            last_name=f"Gidslid {i}",
            directory_show_email=consent,
            directory_phone=f"06 1000{i:04d}" if consent else "",
        )
        MembershipFactory(user=user, council=council, role=Membership.Role.MEMBER)
        MemberTopic.objects.create(user=user, code="onderwerp:brieven")
        MemberTopic.objects.create(user=user, code="regeling:WIA")


def test_member_directory_does_not_grow_with_members_and_councils(client, roles):
    _add_directory_members(roles.other_council, 2)
    client.force_login(roles["member"])
    small = _measure(client, "/mijn/ledenoverzicht/")
    for i in range(4):
        _add_directory_members(
            CouncilFactory(slug=f"gids-{i}", name=f"Districtscliëntenraad Gids {i}"),
            8,
            start=100 + 10 * i,
        )
    large = _measure(
        client, "/mijn/ledenoverzicht/", expect=("Gidslid 136", "Districtscliëntenraad Gids 3")
    )
    _assert_flat("/mijn/ledenoverzicht/", small, large, ("3 councils", "7 councils"))
