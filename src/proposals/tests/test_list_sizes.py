"""Issue 18: the plan page and the "Vinger aan de pols" overview take as many queries with 200
proposals as with 20, and show every one of them (a member of the council looking)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from proposals.models import Advice, Proposal
from proposals.models import ProposalStatus as S
from proposals.tests.factories import AdviceFactory, PlanFactory

pytestmark = pytest.mark.django_db

LATE = datetime.date(2020, 1, 1)
SIZES = (20, 200)


def _proposals(plan, count: int, *, late: bool = False) -> None:
    Proposal.objects.bulk_create(
        Proposal(
            plan=plan,
            number=n + 1,
            title=f"Voorstel {n + 1}, met; tekens & <b>",
            text="Schrijf de brieven in eenvoudige taal.",
            status=S.SUBMITTED if late else S.values[n % len(S.values)],
            priority=["", "high", "low"][n % 3] if not late else "",
            progress=n % 100,
            answer_due=LATE if late else None,
        )
        for n in range(count)
    )


def _queries(client, url: str) -> tuple[CaptureQueriesContext, str]:
    client.get(url)  # the first request of a session may fill caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return captured, response.content.decode()


def _same(counts: list[CaptureQueriesContext]):
    small, large = counts
    report = "\n".join(q["sql"] for q in large.captured_queries)
    assert len(small) == len(large), f"{len(small)} vs {len(large)}\n{report}"
    assert len(large) > 0  # the page did read its rows from the database


def test_plan_page_queries_do_not_grow_from_20_to_200_proposals(client, roles):
    client.force_login(roles["member"])
    counts = []
    for size in SIZES:
        plan = PlanFactory(council=roles.council)
        _proposals(plan, size)
        captured, html = _queries(client, plan.get_absolute_url())
        counts.append(captured)
        assert html.count('<th scope="row"><a href="/vinger-aan-de-pols/voorstel/') == size
        # Each row's text is escaped, its label translated and its address its own.
        last = Proposal.objects.get(plan=plan, number=size)
        assert f'<a href="{last.get_absolute_url()}">' in html
        assert f"<td>{size}</td>" in html and "&lt;b&gt;" in html and "<b>" not in html
        assert f"<td>{last.get_status_display()}</td>" in html
    _same(counts)


def test_pulse_overview_queries_do_not_grow_from_20_to_200_rows(client, roles):
    client.force_login(roles["member"])
    counts = []
    shown = 0
    for size in SIZES:
        plan = PlanFactory(council=roles.council)
        _proposals(plan, size // 2, late=True)
        for _n in range(size // 2):
            advice = AdviceFactory(
                councils=[roles.council], status=Advice.Status.SENT, answer_due=LATE
            )
            Advice.objects.filter(pk=advice.pk).update(sent_on=LATE)
        shown += size
        captured, html = _queries(client, "/vinger-aan-de-pols/")
        counts.append(captured)
        assert html.count("dagen te laat") == shown
        assert html.count("Voorstel: <a href=") == shown // 2
        assert html.count("Advies: <a href=") == shown // 2
    _same(counts)
