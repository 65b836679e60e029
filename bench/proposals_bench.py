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
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from run import (
    CONNECTIONS,
    MEMBER_EMAIL,
    PROJECT_DIR,
    SECONDS,
    SEED_FLAG,
    SETTINGS,
    THREADS,
    WORKER_CLASS,
    WORKERS,
    WRK_TIMEOUT,
    add_floor_ratios,
    busy_now,
    ensure_wrk,
    fetch,
    free_port,
    log,
    login_cookie,
    machine,
    manage,
    measure_page,
    run_seed,
    seed_in_django,
    server_env,
    start_gunicorn,
    status_of,
    stop,
    table,
    wait_for_health,
)

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results" / "proposals.json"
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
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    wrk = ensure_wrk()
    keep = os.environ.get("BENCH_KEEP") == "1"
    tmp = Path(tempfile.mkdtemp(prefix="raadsplein-bench-proposals-"))
    env = server_env(tmp)
    process = None
    started = time.monotonic()
    failures: list[str] = []
    try:
        info = machine()
        info["cpu_busy_pct_before"] = busy_now()
        if info["cpu_busy_pct_before"] > 10:
            log(
                f"warning: the machine is {info['cpu_busy_pct_before']} % busy before the run; "
                "other work makes the figures lower and noisier (BENCH_WAIT_IDLE=600 waits)"
            )
        manage(env, "migrate", "--noinput")
        manage(env, "demo")
        seeded = seed_and_log(env)
        manage(env, "collectstatic", "--noinput")

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        logfile = tmp / "gunicorn.log"
        process = start_gunicorn(env, port, logfile)
        wait_for_health(base, process, logfile)
        cookie = login_cookie(base)

        plan_path = PLAN_PATH.format(pk=seeded["plan_pk"])
        _status, _headers, body = fetch(base, plan_path, cookie)
        listed = body.decode().count(">Benchvoorstel ")
        log(f"{plan_path}: {len(body)} bytes, {listed} proposals listed")
        if listed < PROPOSALS:
            failures.append(f"{plan_path} lists {listed} proposals, expected {PROPOSALS}")

        pages = {}
        for name, path, page_cookie, shown in [
            ("floor", "/bench/floor/", "", "/bench/floor/"),
            ("pulse_overview", PULSE_PATH, cookie, PULSE_PATH),
            ("plan_200", plan_path, cookie, PLAN_PATH),
        ]:
            result = measure_page(wrk, base, process.pid, name, path, page_cookie)
            pages[name] = {"path": shown, "logged_in": bool(page_cookie), **result}
        # the session must still have been valid at the end of the run
        status, location = status_of(base, plan_path, cookie)
        if status != 200:
            failures.append(f"{plan_path} after the run answered {status} {location}")
    finally:
        stop(process)
        if keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    add_floor_ratios(pages)
    failures += [
        f"{name}: errors {r['errors']}, {r['non_2xx']} non-2xx"
        for name, r in pages.items()
        if r["errors_total"] or r["non_2xx"]
    ]
    report = {
        "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": info,
        "settings": {
            "django_settings": SETTINGS,
            "debug": False,
            "database": "SQLite (WAL), fresh, migrate + demo data + the plan below",
            "cache": "file-based (production default without REDIS_URL)",
            "server": "gunicorn",
            "workers": WORKERS,
            "worker_class": WORKER_CLASS,
            "bind": "127.0.0.1 (loopback)",
            "load_generator": "wrk",
            "seconds_per_page": SECONDS,
            "connections": CONNECTIONS,
            "threads": THREADS,
            "wrk_timeout": WRK_TIMEOUT,
            "logged_in_as": MEMBER_EMAIL + " (for pages with logged_in true)",
        },
        "data": {**seeded, "plan_page_lists": listed},
        "pages": pages,
        "failures": failures,
        "wall_time_s": round(time.monotonic() - started, 1),
    }
    report["machine"]["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print()
    print(table(pages))
    print(f"\n{RESULTS.relative_to(PROJECT_DIR)} written ({report['wall_time_s']} s)")
    if failures:
        print("[bench] " + "\n[bench] ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(seed_in_django(seed, PROPOSALS) if SEED_FLAG in sys.argv[1:] else main())
