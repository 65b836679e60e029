"""`bench/pages.py` (issue 18): every page of the speed issue in one run, each against the floor
page measured in the same run, as one table; bench/results/pages.json.

Per database (SQLite; and PostgreSQL too when DATABASE_URL names a PostgreSQL server, in a fresh
database dropped afterwards), with the skeleton (bench/skeleton.py):

1. migrate + demo, the calendar bench's 1,000 events for the demo member and the proposals
   bench's plan with 200 proposals (their ``--seed``), collectstatic.
2. ``--paths`` (inside Django): each page's path from the URL names and the database (the newest
   news item, an open vacancy, a published annual report, a meeting, dossier and plan of the demo
   member's council, the personal feed's token): candidates, of which the first that answers 200
   (anonymously, or with the member's session) is measured. Nothing is hard-coded but the floor.
3. ``--feed-build`` (inside Django): the personal feed of 1,000 events built with the caches
   cleared, five times (events + ics, and the whole request through the test client).
   ``--member-build`` (inside Django): each logged-in page built with the members' page cache
   off (what the first request after a change costs), median ms and queries.
4. gunicorn and the member's real login; each public page fetched twice without cookies to
   record its ``X-Page-Cache`` header (hit or miss), each member's page twice with the member's
   cookies to record its ``X-Member-Cache``; the personal feed once more with its ETag
   (``If-None-Match``) to see a 304.
5. BENCH_ROUNDS (3) rounds of wrk, BENCH_SECONDS (5) per page, the page order turned by one
   group each round; the floor is measured before every group of FLOOR_EVERY pages, so it is
   interleaved with the pages. Public pages are requested without any cookie, so the page cache
   can answer.

Per page: req/s = all its requests ÷ all its seconds over the rounds; p50 and p95 the median of
the rounds'; ratio = page req/s ÷ floor req/s (the floor's runs of the same database, pooled).
Targets: public ≥ 0.8 and p95 ≤ 5 ms, forms ≥ 0.3, members' pages ≥ 0.2, heavy pages ≥ 0.1;
the feed's uncached build ≤ 50 ms and a 304 when unchanged. A page that misses its target is
reported (ok = no), not a failure; errors, non-2xx answers or a page that cannot be found fail
the run.

Environment: BENCH_SECONDS (5 here), BENCH_ROUNDS (3), BENCH_PAGES_DATABASES (sqlite,postgresql),
BENCH_PAGES_OUT (pages.json), BENCH_PAGES_ONLY (page names, comma-separated; the floor always
runs); the skeleton's for the rest.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("BENCH_SECONDS", "5")

import skeleton as sk  # noqa: E402 - after the default above

SCRIPT = Path(__file__).resolve()
OUT = os.environ.get("BENCH_PAGES_OUT", "pages.json")
FLOOR_EVERY = 6
FEED_BUILD_RUNS = 5

# kind: (target ratio to the floor, p95 limit in ms or None)
TARGETS = {
    "public": (0.8, 5.0),
    "form": (0.3, None),
    "member": (0.2, None),
    "heavy": (0.1, None),
}
FEED_BUILD_LIMIT_MS = 50.0

# name, kind, key of --paths, logged in
PAGES = [
    ("home", "public", "home", False),
    ("council_page", "public", "council_page", False),
    ("news_list", "public", "news_list", False),
    ("news_item", "public", "news_item", False),
    ("who_we_are", "public", "who_we_are", False),
    ("results", "public", "results", False),
    ("recruitment", "public", "recruitment", False),
    ("vacancy", "public", "vacancy", False),
    ("annual_report", "public", "annual_report", False),
    ("public_agenda", "public", "agenda", False),
    ("public_feed_ics", "public", "public_feed", False),
    ("rss", "public", "rss", False),
    ("sitemap", "public", "sitemap", False),
    ("signal_form", "form", "signal_form", False),
    ("application_form", "form", "application_form", False),
    ("mijn_overzicht", "member", "dashboard", True),
    ("agenda", "member", "agenda", True),
    ("meeting", "member", "meeting", True),
    ("dossier", "member", "dossier", True),
    ("signal_list", "member", "signal_list", True),
    ("plan", "member", "plan", True),
    # The targets for the feed are its uncached build (FEED_BUILD_LIMIT_MS) and a 304 when
    # unchanged; its req/s (a GET without ETag: 550 kB of a kept feed) is shown, not targeted.
    ("personal_feed", "feed", "personal_feed", False),
    ("pulse", "heavy", "pulse", True),
    ("plan_200", "heavy", "plan_200", True),
]


# --- inside Django (a subprocess with the bench database) ----------------------------------------


def _member():
    from django.contrib.auth import get_user_model

    from councils.models import Membership

    user = get_user_model().objects.get(email=sk.MEMBER_EMAIL)
    membership = Membership.objects.active().filter(user=user).select_related("council").first()
    return user, membership.council


def _page_path(page) -> str:
    import urllib.parse

    return urllib.parse.urlsplit(page.get_full_url()).path


def paths(_count: int) -> dict:
    """Candidate paths per key (the first that answers 200 is measured), and what failed."""
    from django.urls import reverse

    found: dict[str, list[str]] = {}
    errors: dict[str, str] = {}

    def attempt(key: str, make) -> None:
        try:
            found[key] = [p for p in make() if p]
        except Exception as error:  # noqa: BLE001 - a page this code does not have: noted
            errors[key] = repr(error)[:300]

    user, council = _member()

    def pages_of(model, **filters):
        rows = model.objects.live().public().filter(**filters).order_by("-first_published_at")
        return [_page_path(page) for page in rows[:5]]

    def news_item():
        from publishing.models import NewsItem

        return pages_of(NewsItem, locale__language_code="nl")

    def news_list():
        from publishing.models import NewsIndexPage

        return pages_of(NewsIndexPage, locale__language_code="nl")

    def council_page():
        from publishing.models import CouncilPage

        return ["/raden/noord/", *pages_of(CouncilPage, locale__language_code="nl")]

    def who_we_are():
        from wagtail.models import Page

        return pages_of(Page, slug="wie-zijn-wij")

    def vacancy():
        from recruitment.models import Vacancy

        rows = Vacancy.objects.filter(is_open=True).order_by("pk")[:5]
        return [reverse("recruitment:vacancy", args=[v.pk]) for v in rows]

    def annual_report():
        from reports.models import AnnualReport

        rows = AnnualReport.objects.filter(status="published").order_by("council", "-year")[:5]
        return [
            reverse("reports:council", args=[r.year, r.council.slug])
            if r.council_id
            else reverse("reports:national", args=[r.year])
            for r in rows
        ]

    def meeting():
        from meetings.models import Meeting

        rows = Meeting.objects.filter(council=council).exclude(title__startswith="Bench")
        return [reverse("meetings:meeting", args=[m.pk]) for m in rows.order_by("pk")[:10]]

    def dossier():
        from dossiers.models import Dossier

        rows = Dossier.objects.order_by("pk")[:10]
        return [reverse("dossiers:detail", args=[d.pk]) for d in rows]

    def plan():
        from proposals.models import Plan

        rows = Plan.objects.exclude(title__startswith="Benchplan").order_by("pk")[:10]
        return [reverse("proposals:plan", args=[p.pk]) for p in rows]

    def personal_feed():
        from meetings.services import calendar_token_get

        return [reverse("meetings:personal_feed", args=[calendar_token_get(user=user).token])]

    def plan_200():
        from proposals.models import Plan

        rows = Plan.objects.filter(title__startswith="Benchplan").order_by("-pk")[:1]
        return [reverse("proposals:plan", args=[p.pk]) for p in rows]

    attempt("home", lambda: ["/"])
    attempt("council_page", council_page)
    attempt("news_list", news_list)
    attempt("news_item", news_item)
    attempt("who_we_are", who_we_are)
    attempt("results", lambda: [reverse("proposals:public_results")])
    attempt("recruitment", lambda: [reverse("recruitment:index")])
    attempt("vacancy", vacancy)
    attempt("annual_report", annual_report)
    attempt("agenda", lambda: [reverse("meetings:activities")])
    attempt("public_feed", lambda: [reverse("meetings:public_feed")])
    attempt("rss", lambda: [reverse("publishing:news_rss")])
    attempt("sitemap", lambda: ["/sitemap.xml"])
    attempt("signal_form", lambda: [reverse("signals:create")])
    attempt("application_form", lambda: [reverse("recruitment:apply")])
    attempt("dashboard", lambda: [reverse("accounts:dashboard")])
    attempt("meeting", meeting)
    attempt("dossier", dossier)
    attempt("signal_list", lambda: [reverse("signals:index")])
    attempt("plan", plan)
    attempt("personal_feed", personal_feed)
    attempt("pulse", lambda: [reverse("proposals:pulse")])
    attempt("plan_200", plan_200)
    return {"paths": found, "errors": errors}


def feed_build(_count: int) -> dict:
    """The personal feed built with the caches cleared: events + ics, and the whole request."""
    from django.core.cache import caches
    from django.test import Client
    from django.urls import reverse

    from councils.selectors import viewer_for
    from meetings.ical import feed_ics
    from meetings.selectors_feeds import personal_feed_events
    from meetings.services import calendar_token_get

    user, _council = _member()
    path = reverse("meetings:personal_feed", args=[calendar_token_get(user=user).token])
    client = Client(HTTP_HOST="127.0.0.1")

    def clear() -> None:
        for alias in ("default", "pages"):
            with contextlib.suppress(Exception):  # a cache this code does not have
                caches[alias].clear()

    client.get(path)  # imports and templates, not counted
    build, request, size, events_count = [], [], 0, 0
    for _ in range(FEED_BUILD_RUNS):
        clear()
        started = time.perf_counter()
        events, tentative = personal_feed_events(viewer_for(user))
        content = feed_ics(events, name="Raadsplein", tentative=tentative)
        build.append((time.perf_counter() - started) * 1000)
        size, events_count = len(content), content.count(b"BEGIN:VEVENT")
        clear()
        started = time.perf_counter()
        response = client.get(path)
        request.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code} in-process")
    return {
        "runs": FEED_BUILD_RUNS,
        "build_p50_ms": round(statistics.median(build), 1),
        "build_max_ms": round(max(build), 1),
        "request_uncached_p50_ms": round(statistics.median(request), 1),
        "request_uncached_max_ms": round(max(request), 1),
        "bytes": size,
        "vevents": events_count,
        "limit_ms": FEED_BUILD_LIMIT_MS,
        "ok": statistics.median(build) <= FEED_BUILD_LIMIT_MS,
    }


MEMBER_BUILD_RUNS = 10


def member_build(_count: int) -> dict:
    """What a members' page costs when it is not kept (the first request after a change): each
    logged-in page built in-process with the members' page cache off, the median of
    MEMBER_BUILD_RUNS requests after two warm-up requests (ms), and its queries."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    user, _council = _member()
    found = paths(0)["paths"]
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    result = {}
    with override_settings(MEMBER_PAGE_CACHE=False):
        for name, _kind, key, logged_in in PAGES:
            if not logged_in:
                continue
            for path in found.get(key, []):
                if client.get(path).status_code == 200:
                    break
            else:
                result[name] = {"error": "no page answers 200"}
                continue
            client.get(path)
            times = []
            for _ in range(MEMBER_BUILD_RUNS):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
            result[name] = {
                "build_p50_ms": round(statistics.median(times), 1),
                "build_max_ms": round(max(times), 1),
                "queries": len(captured),
            }
    return result


# --- over HTTP ---------------------------------------------------------------------------------


def choose(base: str, candidates: list[str], cookie: str) -> tuple[str, str]:
    """The first candidate that answers 200; (path, '') or ('', what they answered)."""
    answers = []
    for path in candidates:
        status, location = sk.status_of(base, path, cookie)
        if status == 200:
            return path, ""
        answers.append(f"{path} {status} {location}".strip())
    return "", "; ".join(answers) or "no candidate"


def cache_state(base: str, path: str, cookie: str = "") -> str:
    """X-Page-Cache (public pages, no cookie) or X-Member-Cache (a member's page, with their
    cookies) of the second of two GETs: hit, miss or none."""
    sk.fetch(base, path, cookie)
    _status, headers, _body = sk.fetch(base, path, cookie)
    lower = {key.lower(): value for key, value in headers.items()}
    return lower.get("x-member-cache" if cookie else "x-page-cache", "none")


def feed_304(base: str, path: str) -> dict:
    import urllib.error
    import urllib.request

    _status, headers, body = sk.fetch(base, path)
    etag = {k.lower(): v for k, v in headers.items()}.get("etag", "")
    if not etag:
        return {"etag": False, "status_unchanged": None, "ok": False}
    request = urllib.request.Request(base + path, headers={"If-None-Match": etag})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return {"etag": True, "bytes": len(body), "status_unchanged": status, "ok": status == 304}


def order(pages: list, round_no: int) -> list:
    """The pages turned by one group per round, with the floor before every group."""
    turned = (
        pages[round_no * FLOOR_EVERY % max(len(pages), 1) :]
        + pages[: round_no * FLOOR_EVERY % max(len(pages), 1)]
    )
    runs = []
    for start in range(0, len(turned), FLOOR_EVERY):
        runs.append(("floor", "/bench/floor/", ""))
        runs += turned[start : start + FLOOR_EVERY]
    return runs


def pooled(runs: list[dict]) -> dict:
    requests = sum(r["requests"] for r in runs)
    seconds = sum(r["duration_s"] for r in runs)
    return {
        "requests": requests,
        "requests_per_s": round(requests / seconds, 1) if seconds else 0.0,
        "p50_ms": round(statistics.median(r["p50_ms"] for r in runs), 2),
        "p95_ms": round(statistics.median(r["p95_ms"] for r in runs), 2),
        "p95_max_ms": round(max(r["p95_ms"] for r in runs), 2),
        "errors_total": sum(r["errors_total"] for r in runs),
        "non_2xx": sum(r["non_2xx"] for r in runs),
        "other_cpu_pct_max": max(r["cpu"]["other_pct"] for r in runs),
        "rounds": [
            {k: r[k] for k in ("requests_per_s", "p50_ms", "p95_ms", "loadavg_1")} | r["cpu"]
            for r in runs
        ],
    }


def one_database(database: str, wrk: str) -> dict:
    only = {n for n in os.environ.get("BENCH_PAGES_ONLY", "").split(",") if n}
    failures: list[str] = []
    with sk.Bench("pages", database=database) as bench:
        seeded = bench.prepare(
            seeds=(sk.BENCH_DIR / "calendar_bench.py", sk.BENCH_DIR / "proposals_bench.py")
        )
        resolved = sk.run_part(SCRIPT, "--paths", bench.env)
        try:
            built = sk.run_part(SCRIPT, "--feed-build", bench.env)
        except RuntimeError as error:
            built = {"ok": False, "error": str(error)[-500:]}
        try:
            member_built = sk.run_part(SCRIPT, "--member-build", bench.env)
        except RuntimeError as error:
            member_built = {"error": str(error)[-500:]}
        bench.serve()
        cookie = bench.login()
        pages, chosen = {}, []
        for name, kind, key, logged_in in PAGES:
            if only and name not in only:
                continue
            page_cookie = cookie if logged_in else ""
            path, why = choose(bench.base, resolved["paths"].get(key, []), page_cookie)
            shown = "/agenda/feed/<token>.ics" if name == "personal_feed" else path
            pages[name] = {"kind": kind, "path": shown, "logged_in": logged_in}
            if not path:
                why = resolved["errors"].get(key, why)
                failures.append(f"{name}: no page found ({why})")
                pages[name]["missing"] = why
                continue
            if kind == "public" or logged_in:
                pages[name]["cache"] = cache_state(bench.base, path, page_cookie)
            if name == "personal_feed":
                pages[name]["not_modified"] = feed_304(bench.base, path)
            for _ in range(20):  # warm up both workers: templates, caches, imports
                sk.status_of(bench.base, path, page_cookie)
            chosen.append((name, path, page_cookie))
        runs: dict[str, list[dict]] = {"floor": []}
        load_start = sk.load()
        for round_no in range(sk.ROUNDS):
            for name, path, page_cookie in order(chosen, round_no):
                sk.log(f"[{database} round {round_no + 1}/{sk.ROUNDS}] wrk {name}")
                with sk.CpuShare(bench.process.pid) as cpu:
                    raw = sk.run_wrk(wrk, bench.base + path, page_cookie)
                result = sk.summarise(raw) | {"cpu": cpu.result}
                result["loadavg_1"] = round(os.getloadavg()[0], 2)
                runs.setdefault(name, []).append(result)
        status, location = sk.status_of(bench.base, "/mijn/", cookie)
        if status != 200:
            failures.append(f"/mijn/ after the run answered {status} {location}")
        settings = bench.settings(rounds=sk.ROUNDS, floor_every=FLOOR_EVERY)
        phases = bench.phases
    floor = pooled(runs["floor"])
    pages = {"floor": {"kind": "floor", "path": "/bench/floor/", **floor}, **pages}
    for name, page in pages.items():
        if name in runs and name != "floor":
            page.update(pooled(runs[name]))
        if "requests_per_s" not in page:
            continue
        page["ratio"] = round(page["requests_per_s"] / floor["requests_per_s"], 3)
        if page["errors_total"] or page["non_2xx"]:
            failures.append(f"{name}: {page['errors_total']} errors, {page['non_2xx']} non-2xx")
        if page["kind"] in TARGETS:
            ratio, p95 = TARGETS[page["kind"]]
            page["target"] = {"ratio": ratio, "p95_ms": p95}
            page["ok"] = page["ratio"] >= ratio and (p95 is None or page["p95_ms"] <= p95)
    return {
        "settings": settings,
        "load_at_start": load_start,
        "seeded": seeded,
        "feed_build": built,
        "member_build": member_built,
        "pages": pages,
        "failures": failures,
        "phase_seconds": phases,
    }


def table(databases: dict) -> str:
    head = (
        f"{'db':<11}{'page':<18}{'kind':<8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'ratio':>8}{'target':>10}{'cache':>7}{'ok':>5}"
    )
    rows = [head, "-" * len(head)]
    for database, section in databases.items():
        for name, r in section["pages"].items():
            if "requests_per_s" not in r:
                rows.append(f"{database:<11}{name:<18}{r['kind']:<8}  not measured: {r['missing']}")
                continue
            target = r.get("target")
            aim = ""
            if target:
                aim = f">={target['ratio']}" + (
                    f",{target['p95_ms']:g}ms" if target["p95_ms"] else ""
                )
            ok = "" if "ok" not in r else ("yes" if r["ok"] else "NO")
            rows.append(
                f"{database:<11}{name:<18}{r['kind']:<8}{r['requests_per_s']:>9.1f}"
                f"{r['p50_ms']:>9.2f}{r['p95_ms']:>9.2f}{r['ratio']:>8.3f}{aim:>10}"
                f"{r.get('cache', ''):>7}{ok:>5}"
            )
        fb = section["feed_build"]
        if "build_p50_ms" in fb:
            rows.append(
                f"{database:<11}personal feed, uncached build in-process: {fb['build_p50_ms']} ms "
                f"(request {fb['request_uncached_p50_ms']} ms, {fb['vevents']} events; "
                f"limit {fb['limit_ms']:g} ms: {'yes' if fb['ok'] else 'NO'}); unchanged: "
                f"{section['pages'].get('personal_feed', {}).get('not_modified', {})}"
            )
        for name, mb in section.get("member_build", {}).items():
            if "build_p50_ms" in mb:
                rows.append(
                    f"{database:<11}{name}, not kept (members' cache off), in-process: "
                    f"{mb['build_p50_ms']} ms, {mb['queries']} queries"
                )
    return "\n".join(rows)


def main() -> int:
    wrk = sk.ensure_wrk()
    info = sk.machine()
    load_before = sk.load()
    wanted = os.environ.get("BENCH_PAGES_DATABASES", "sqlite,postgresql").split(",")
    databases = ["sqlite"] if "sqlite" in wanted else []
    if "postgresql" in wanted and sk.postgres_server():
        databases.append("postgresql")
    if not databases:
        print("[bench] no database to measure (BENCH_PAGES_DATABASES)", file=sys.stderr)
        return 1
    started = time.monotonic()
    sections: dict[str, dict] = {}
    for database in databases:  # written after each database: a long run keeps what it has
        sections[database] = one_database(database, wrk)
        text = table(sections)
        path = sk.write_json(
            OUT,
            {
                "machine": info,
                "load_before": load_before,
                "postgresql": sk.postgres_version(sk.postgres_server())
                if "postgresql" in sections
                else "not measured (DATABASE_URL names no PostgreSQL server)",
                "databases": sections,
                "table": text.splitlines(),
                "wall_time_s": round(time.monotonic() - started, 1),
            },
        )
    print()
    print(text)
    print(f"\nload before: {load_before}; {path.relative_to(sk.PROJECT_DIR)} written")
    failures = [f"{db}: {f}" for db, s in sections.items() for f in s["failures"]]
    for failure in failures:
        print(f"[bench] FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    PARTS = {"--paths": paths, "--feed-build": feed_build, "--member-build": member_build}
    if sys.argv[1:2] and sys.argv[1] in PARTS:
        sys.exit(sk.seed_in_django(PARTS[sys.argv[1]], 0))
    sys.exit(main())
