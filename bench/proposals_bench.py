"""`make bench`, proposals part: a plan with 200 proposals, written to
bench/results/proposals.json.

1. A fresh SQLite database in a temporary directory (migrate + demo data, collectstatic), as
   run.py does.
2. One more plan, of the demo member's council, with 200 proposals in every state (some waiting
   long and past their answer date, so that the overview has rows too) and a few
   ProposalEvents. Made with bulk_create by this file itself, run as a subprocess with the
   bench settings (``proposals_bench.py --seed``).
3. gunicorn as run.py starts it, a real login as the demo member lid@raadsplein.example, a check
   that each page answers 200 for that member, then wrk for BENCH_SECONDS against each of: the
   floor page, the overview /vinger-aan-de-pols/ and the plan's page
   /vinger-aan-de-pols/plan/<pk>/. The run fails (exit 1) when wrk saw errors or non-2xx, or
   when the plan's page does not list all 200 proposals.

Environment: as run.py (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_THREADS, BENCH_WORKERS,
BENCH_WORKER_CLASS, BENCH_KEEP, BENCH_WAIT_IDLE), plus BENCH_PROPOSALS (200).

Every URL opened here is http://127.0.0.1:<port> built by this script (hence the S310 noqa).
"""

from __future__ import annotations

import datetime
import os
import sys
import time
from pathlib import Path

import skeleton as sk
from skeleton import MEMBER_EMAIL, SEED_FLAG, log, run_seed, seed_in_django

PROPOSALS = int(os.environ.get("BENCH_PROPOSALS", "200"))
PLAN_TITLE = "Benchplan met veel voorstellen"
PULSE_PATH = "/vinger-aan-de-pols/"
PLAN_PATH = "/vinger-aan-de-pols/plan/{pk}/"


# --- the plan (run in a subprocess with the bench database) -----------------------------------


def seed(count: int) -> dict:
    """A plan of the demo member's council with ``count`` proposals in mixed states; what was
    made. Runs inside Django (the caller has set up the environment)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from councils.models import Membership
    from proposals.models import Decision, Plan, Priority, Proposal, ProposalEvent
    from proposals.models import ProposalStatus as S

    started = time.perf_counter()
    user = get_user_model().objects.get(email=MEMBER_EMAIL)
    membership = Membership.objects.active().filter(user=user).select_related("council").first()
    if membership is None:
        raise RuntimeError(f"{MEMBER_EMAIL} sits on no council in the demo data")
    now = timezone.now()
    today = timezone.localdate()
    statuses = list(S.values)
    decided = (S.DECIDED, S.IN_PROGRESS, S.REALISED, S.REJECTED)
    with transaction.atomic():
        plan = Plan.objects.create(
            title=PLAN_TITLE,
            summary="Een plan voor de benchmark van de voorstellen.",
            council=membership.council,
            is_public=True,
            created_by=user,
        )
        proposals = []
        for i in range(count):
            status = statuses[i % len(statuses)]
            waiting = status in (S.SUBMITTED, S.IN_REVIEW, S.PRIORITISED)
            decision = ""
            if status in decided:
                decision = Decision.REJECTED if status == S.REJECTED else Decision.ACCEPTED
            proposals.append(
                Proposal(
                    plan=plan,
                    number=i + 1,
                    title=f"Benchvoorstel {i + 1}",
                    text="Een voorstel voor de benchmark: brieven in eenvoudige taal.",
                    owner=user if i % 3 == 0 else None,
                    status=status,
                    priority=Priority.values[i % 3]
                    if status not in (S.CONCEPT, S.SUBMITTED)
                    else "",
                    decision=decision,
                    decision_reasoning="Uitleg van UWV." if decision else "",
                    progress={S.IN_PROGRESS: i % 100, S.REALISED: 100}.get(status, 0),
                    # every other waiting one is past its date
                    answer_due=today - datetime.timedelta(days=i % 2 * 30) if waiting else None,
                    submitted_at=None if status == S.CONCEPT else now,
                )
            )
        Proposal.objects.bulk_create(proposals)
        made = list(Proposal.objects.filter(plan=plan).order_by("number"))
        # last_change_at is auto_now_add: spread it over the past year afterwards, so that some
        # proposals are stalled (on the overview) and "waiting longest" has an order.
        for proposal in made:
            proposal.last_change_at = now - datetime.timedelta(days=proposal.number * 365 // count)
        Proposal.objects.bulk_update(made, ["last_change_at"])
        events = [
            ProposalEvent(
                proposal=proposal,
                by=user,
                from_status=S.CONCEPT,
                to_status=S.SUBMITTED,
                text="Naar UWV gestuurd.",
            )
            for proposal in made[:: max(1, count // 20)]
            if proposal.status != S.CONCEPT
        ]
        ProposalEvent.objects.bulk_create(events)
    by_status: dict[str, int] = {}
    for proposal in made:
        by_status[proposal.status] = by_status.get(proposal.status, 0) + 1
    return {
        "plan_pk": plan.pk,
        "council": membership.council.slug,
        "proposals": len(made),
        "by_status": by_status,
        "events": len(events),
        "plans_in_database": Plan.objects.count(),
        "proposals_in_database": Proposal.objects.count(),
        "seconds": round(time.perf_counter() - started, 2),
    }


def seed_and_log(env: dict) -> dict:
    log(f"seeding a plan with {PROPOSALS} proposals (bulk_create)")
    return run_seed(Path(__file__).resolve(), env)


# --- measuring --------------------------------------------------------------------------------


def main() -> int:
    wrk = sk.ensure_wrk()
    info = sk.machine()
    failures: list[str] = []
    with sk.Bench("proposals") as bench:
        bench.prepare(collectstatic=False)
        seeded = seed_and_log(bench.env)
        sk.manage(bench.env, "collectstatic", "--noinput")
        bench.serve()
        cookie = bench.login()

        plan_path = PLAN_PATH.format(pk=seeded["plan_pk"])
        _status, _headers, body = sk.fetch(bench.base, plan_path, cookie)
        listed = body.decode().count(">Benchvoorstel ")
        log(f"{plan_path}: {len(body)} bytes, {listed} proposals listed")
        if listed < PROPOSALS:
            failures.append(f"{plan_path} lists {listed} proposals, expected {PROPOSALS}")
        pages = sk.measure_pages(
            wrk,
            bench,
            [
                ("floor", "/bench/floor/", "", "/bench/floor/"),
                ("pulse_overview", PULSE_PATH, cookie, PULSE_PATH),
                ("plan_200", plan_path, cookie, PLAN_PATH),
            ],
        )
        # the session must still have been valid at the end of the run
        status, location = sk.status_of(bench.base, plan_path, cookie)
        if status != 200:
            failures.append(f"{plan_path} after the run answered {status} {location}")
        settings = bench.settings(database="SQLite (WAL), fresh, migrate + demo + the plan")
    report = {
        "machine": info,
        "settings": settings,
        "data": {**seeded, "plan_page_lists": listed},
        "pages": pages,
        "wall_time_s": round(time.monotonic() - bench.started, 1),
    }
    return sk.finish("proposals.json", report, failures)


if __name__ == "__main__":
    sys.exit(seed_in_django(seed, PROPOSALS) if SEED_FLAG in sys.argv[1:] else main())
