"""Advices, plans and proposals in the search: found by their title by exactly those who may
open their pages (``permissions``); public ones also on the public results page, for everyone."""

from __future__ import annotations

import pytest
from tests.roles import ROLE_NAMES

from councils.selectors import viewer_for
from proposals.models import Advice, ProposalStatus
from proposals.permissions import can_view_advice, can_view_plan, can_view_plans
from proposals.tests.factories import AdviceFactory, PlanFactory, ProposalFactory
from sitesearch.index import rebuild
from sitesearch.models import SearchEntry
from sitesearch.query import search

pytestmark = pytest.mark.django_db

ROLES = ROLE_NAMES
RESULTS = "/resultaten/"


def urls(user, text: str) -> list[str]:
    return [e.url for e in search(viewer_for(user), text).page]


@pytest.mark.parametrize("status", ["draft", "sent"])
@pytest.mark.parametrize("is_public", [False, True])
def test_an_advice_is_found_by_exactly_those_who_may_open_it(roles, status, is_public):
    advice = AdviceFactory(
        title="Advies over de privacyverklaring",
        councils=[roles.council],
        status=status,
        is_public=is_public,
    )
    advice = Advice.objects.prefetch_related("councils").get(pk=advice.pk)
    public = f"{RESULTS}#advies-{advice.pk}"
    for name in ROLES:
        user = roles.users[name]
        found = urls(user, "privacyverklaring")
        may = can_view_advice(viewer_for(user), advice)
        assert (advice.get_absolute_url() in found) is may, (name, status)
        # The public results page shows public advices once sent, to everyone; who finds the
        # advice itself does not get it a second time as the results page's copy.
        copy = is_public and status == "sent" and not can_view_plans(viewer_for(user))
        assert (public in found) is copy, (name, status, is_public)
        assert found.count(advice.get_absolute_url()) + found.count(public) <= 1, name
    assert advice.get_absolute_url() in urls(roles.users["member"], "privacy")


def test_a_plan_and_its_proposals_are_found_by_exactly_those_who_may_open_them(roles):
    plan = PlanFactory(title="Plan bereikbaarheid klantcontact", council=roles.council)
    proposal = ProposalFactory(plan=plan, title="Terugbelafspraak binnen een dag")
    for name in ROLES:
        user = roles.users[name]
        may = can_view_plan(viewer_for(user), plan)
        assert (plan.get_absolute_url() in urls(user, "bereikbaarheid")) is may, name
        assert (proposal.get_absolute_url() in urls(user, "terugbelafspraak")) is may, name
    assert urls(None, "bereikbaarheid") == []


def test_a_public_plan_is_on_the_results_page_with_the_proposals_sent(roles):
    plan = PlanFactory(title="Plan bereikbaarheid", council=roles.council, is_public=True)
    proposal = ProposalFactory(plan=plan, title="Terugbelafspraak binnen een dag")
    public = f"{RESULTS}#plan-{plan.pk}"
    assert urls(None, "bereikbaarheid") == [public]
    assert urls(roles.users["editor"], "bereikbaarheid") == [public]
    # A member finds the plan itself, once: not also the results page's copy.
    assert urls(roles.users["member"], "bereikbaarheid") == [plan.get_absolute_url()]
    assert urls(None, "terugbelafspraak") == []  # a concept stays the council's own
    proposal.status = ProposalStatus.SUBMITTED
    proposal.save(update_fields=["status"])
    assert urls(None, "terugbelafspraak") == [public]
    plan.is_public = False
    plan.save()
    assert urls(None, "bereikbaarheid") == []


def test_an_advice_follows_its_status_and_leaves_when_deleted(roles):
    advice = AdviceFactory(title="Advies wachttijden", councils=[roles.council])
    other = roles.users["member_other"]
    assert urls(other, "wachttijden") == []
    advice.status = Advice.Status.SENT
    advice.save()
    assert urls(other, "wachttijden") == [advice.get_absolute_url()]
    advice.delete()
    assert urls(roles.users["administrator"], "wachttijden") == []


def test_search_rebuild_indexes_advices_plans_and_proposals(roles):
    AdviceFactory(status="sent", is_public=True)
    ProposalFactory(plan=PlanFactory(is_public=True), status=ProposalStatus.SUBMITTED)
    SearchEntry.objects.all().delete()
    counts = rebuild(["advice", "public_advice", "plan", "public_plan", "proposal"])
    assert counts == {
        "advice": 1,
        "public_advice": 1,
        "plan": 1,
        "public_plan": 1,
        "proposal": 1,
    }
