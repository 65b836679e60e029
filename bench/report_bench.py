"""`make bench`, report part: the annual report (jaarverslag) for a year with 50,000 signals,
written to bench/results/report.json.

Per database (SQLite always; PostgreSQL too when DATABASE_URL names a PostgreSQL server, in a
fresh database ``raadsplein_bench_<pid>_<n>`` on it, dropped afterwards; BENCH_REPORT_BACKENDS=
sqlite,postgresql picks):

1. A fresh database (SQLite in a temporary directory): ``migrate`` + ``demo`` + collectstatic.
2. ``report_bench.py --seed`` (a subprocess with the bench settings, bulk_create where the
   model allows it): BENCH_REPORT_SIGNALS (50,000) signals in last year, spread over the months
   (more in autumn), every regeling and onderwerp and every demo council, plus some just outside
   the year; advices with answers (on time, late, none), plans with proposals, meetings and
   activities (some cancelled), memberships joining and leaving, applications, social
   publications, sent news flashes with deliveries and subscribers; a published national report
   and a published report of council "noord". On PostgreSQL an ANALYZE follows.
3. ``--measure`` (a fresh process): ``reports.figures.report_figures`` national and for "noord":
   the first call (cold: imports, connection, the database's own caches) and BENCH_REPORT_RUNS
   (5) more (warm: p50/max), with the number of SQL queries; the web page
   ``/jaarverslag/<year>/`` through Django's test client (time, queries, bytes); the PDF
   (``reports.exports.report_pdf``, WeasyPrint: first build and p50 of the rest, bytes, pages).
   Peak memory: tracemalloc's peak (Python allocations) for the figures and for the PDF, each
   measured in a separate pass so tracing does not slow the timed runs, and the process's
   ru_maxrss at the end.

Each run replaces only its own databases' sections of the JSON. The run fails (exit 1) when the
figures do not add up to what was seeded or the PDF is not a PDF.

Environment: BENCH_REPORT_SIGNALS (50000), BENCH_REPORT_RUNS (5), BENCH_REPORT_BACKENDS,
DATABASE_URL (the PostgreSQL server), BENCH_KEEP=1 (keep the temporary directory).
"""

from __future__ import annotations

import datetime
import json
import os
import resource
import signal
import statistics
import sys
import time
from pathlib import Path

import skeleton
from skeleton import SEED_FLAG, SETTINGS, busy_now, log, machine
from skeleton import seed_in_django as _in_django

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results" / "report.json"
MEASURE_FLAG = "--measure"
SIGNALS = int(os.environ.get("BENCH_REPORT_SIGNALS", "50000"))
RUNS = int(os.environ.get("BENCH_REPORT_RUNS", "5"))
YEAR = datetime.date.today().year - 1
COUNCIL_SLUG = "noord"
OUTSIDE = 500  # signals just before and after the year: must not be counted
# more signals in autumn, fewer in summer: a shape the chart must show
MONTH_WEIGHTS = [9, 8, 9, 8, 8, 6, 5, 6, 9, 10, 11, 11]


# --- seeding (run in a subprocess with the bench database) -----------------------------------


def seed(count: int) -> dict:
    """A year of data with ``count`` signals; what was made. Runs inside Django."""
    import random
    from zoneinfo import ZoneInfo

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from common.taxonomy import onderwerpen, regelingen
    from councils.models import Council, Membership
    from meetings.models import Activity, EventStatus, Meeting
    from newsletters.models import Delivery, Flash, NewsList, Subscriber, Subscription
    from proposals.models import Advice, Plan, Proposal, ProposalStatus
    from recruitment.models import AgeBand, Application, ApplicationStatus
    from reports.models import AnnualReport, ReportStatus
    from signals.models import Signal
    from social.models import Channel, Post, Publication

    started = time.perf_counter()
    rng = random.Random(2025)
    ams = ZoneInfo("Europe/Amsterdam")
    councils = list(Council.objects.order_by("id"))
    noord = Council.objects.get(slug=COUNCIL_SLUG)
    regs, onds = regelingen(), onderwerpen()

    def moment(month: int) -> datetime.datetime:
        first = datetime.datetime(YEAR, month, 1, tzinfo=ams)
        days = (datetime.date(YEAR + (month == 12), month % 12 + 1, 1) - first.date()).days
        return first + datetime.timedelta(seconds=rng.randrange(days * 86400))

    with transaction.atomic():
        months = rng.choices(range(1, 13), weights=MONTH_WEIGHTS, k=count)
        signals = [
            Signal(
                reference=f"B-{YEAR}-{i + 1:07d}",
                received_at=moment(month),
                text="Ik wacht al weken op antwoord over mijn uitkering.",
                council=councils[i % len(councils)],
                regeling=rng.choice([*regs, ""]) if i % 50 == 0 else rng.choice(regs),
                onderwerp=rng.choice(onds),
            )
            for i, month in enumerate(months)
        ]
        last_minute = datetime.datetime(YEAR - 1, 12, 31, 23, 0, tzinfo=ams)
        new_year = datetime.datetime(YEAR + 1, 1, 1, 0, 0, tzinfo=ams)
        for j in range(OUTSIDE):  # the last hour before and the first hours after the year
            when = (last_minute if j % 2 else new_year) + datetime.timedelta(seconds=7 * j)
            signals.append(
                Signal(
                    reference=f"B-X-{j + 1:07d}",
                    received_at=when,
                    text="Buiten het jaar.",
                    council=councils[j % len(councils)],
                    regeling="WW",
                    onderwerp=onds[0],
                )
            )
        Signal.objects.bulk_create(signals, batch_size=2000)

        unusable = make_password(None)
        users = get_user_model().objects.bulk_create(
            [
                get_user_model()(email=f"bench-lid-{i}@raadsplein.example", password=unusable)
                for i in range(600)
            ],
            batch_size=500,
        )
        memberships = []
        for i, user in enumerate(users):
            start = datetime.date(YEAR - rng.randint(0, 4), rng.randint(1, 12), rng.randint(1, 28))
            end = None
            if i % 5 == 0:
                end = max(start, datetime.date(YEAR, rng.randint(1, 12), rng.randint(1, 28)))
            memberships.append(
                Membership(
                    user=user, council=councils[i % len(councils)], start_date=start, end_date=end
                )
            )
        Membership.objects.bulk_create(memberships, batch_size=500)

        advices = []
        for i in range(300):
            sent = datetime.date(YEAR, rng.randint(1, 12), rng.randint(1, 28))
            due = sent + datetime.timedelta(days=42)
            fate = i % 3  # on time, late, still waiting
            answered = None if fate == 2 else due + datetime.timedelta(days=-5 if fate == 0 else 9)
            advices.append(
                Advice(
                    kind=Advice.Kind.REQUESTED if i % 2 else Advice.Kind.UNSOLICITED,
                    title=f"Advies {i}",
                    text="Schrijf de brieven in eenvoudige taal.",
                    sent_on=sent,
                    answer_due=due,
                    answered_on=answered,
                    status=Advice.Status.SENT if answered is None else Advice.Status.ANSWERED,
                    follow_up=rng.choice(["", "satisfied", "not_satisfied"]) if answered else "",
                )
            )
        Advice.objects.bulk_create(advices)
        Advice.councils.through.objects.bulk_create(
            [
                Advice.councils.through(advice_id=a.pk, council_id=councils[i % len(councils)].pk)
                for i, a in enumerate(advices)
            ]
        )

        plans = Plan.objects.bulk_create(
            [Plan(title=f"Plan {i}", council=councils[i % len(councils)]) for i in range(24)]
        )
        statuses = [s for s, _label in ProposalStatus.choices]
        Proposal.objects.bulk_create(
            [
                Proposal(
                    plan=plan,
                    number=n + 1,
                    title=f"Voorstel {n + 1}",
                    text="Voorstel.",
                    status=rng.choice(statuses),
                    submitted_at=moment(rng.randint(1, 12)) if n % 2 else None,
                )
                for plan in plans
                for n in range(10)
            ]
        )

        # Meetings and activities are multi-table models: bulk_create cannot make them.
        for i in range(240):
            start = moment(rng.randint(1, 12))
            Meeting.objects.create(
                kind=rng.choice([k for k, _label in Meeting.Kind.choices]),
                title=f"Vergadering {i}",
                council=councils[i % len(councils)],
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                status=EventStatus.CANCELLED if i % 12 == 0 else EventStatus.SCHEDULED,
            )
        for i in range(120):
            start = moment(rng.randint(1, 12))
            Activity.objects.create(
                kind=rng.choice([k for k, _label in Activity.Kind.choices]),
                scope=Activity.Scope.REGIONAL,
                title=f"Activiteit {i}",
                council=councils[i % len(councils)],
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                visibility="public",
                status=EventStatus.CANCELLED if i % 10 == 0 else EventStatus.SCHEDULED,
            )

        bands = [b for b, _label in AgeBand.choices] + [""]
        app_statuses = [s for s, _label in ApplicationStatus.choices]
        applications = []
        for i in range(800):
            created = moment(rng.randint(1, 12))
            status = rng.choice(app_statuses)
            decided = status in {"accepted", "rejected", "withdrawn"}
            applications.append(
                Application(
                    reference=f"A-B-{i + 1:06d}",
                    council=councils[i % len(councils)],
                    name=f"Aanmelder {i}",
                    email=f"aanmelder{i}@example.org",
                    motivation="Ik wil meedoen.",
                    experience="WW",
                    consent_text="Ja",
                    consent_at=created,
                    age_band=rng.choice(bands),
                    status=status,
                    created_at=created,
                    decided_at=created + datetime.timedelta(days=20) if decided else None,
                    user=users[i] if status == "accepted" and i < len(users) else None,
                )
            )
        Application.objects.bulk_create(applications, batch_size=500)

        channels = Channel.objects.bulk_create(
            [Channel(platform=p, name=f"Bench {p}") for p in ("mastodon", "linkedin", "bluesky")]
        )
        posts = Post.objects.bulk_create(
            [Post(text=f"Bericht {i}", status=Post.Status.SUBMITTED) for i in range(150)]
        )
        Publication.objects.bulk_create(
            [
                Publication(
                    post=post,
                    channel=channel,
                    text=post.text,
                    status=Publication.Status.PUBLISHED,
                    published_at=moment(rng.randint(1, 12)),
                )
                for post in posts
                for channel in channels[: rng.randint(1, 3)]
            ]
        )

        lists = list(NewsList.objects.all()) or [NewsList.objects.create(name="Bench")]
        subscribers = Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=f"bench-abonnee-{i}@example.org",
                    confirmed_at=moment(rng.randint(1, 12)),
                    unsubscribed_at=moment(12) if i % 9 == 0 else None,
                    consent_text="Ja",
                    consent_at=timezone.now(),
                    consent_source="/nieuwsflits/",
                )
                for i in range(3000)
            ],
            batch_size=1000,
        )
        Subscription.objects.bulk_create(
            [
                Subscription(subscriber=s, news_list=lists[i % len(lists)])
                for i, s in enumerate(subscribers)
            ],
            batch_size=1000,
        )
        flashes = []
        for month in range(1, 13):
            flash = Flash.objects.create(
                subject=f"Nieuwsflits {month}", status=Flash.Status.SENT, sent_at=moment(month)
            )
            flash.lists.set(lists)
            flashes.append(flash)
        Delivery.objects.bulk_create(
            [
                Delivery(flash=flash, subscriber=s, status=Delivery.Status.SENT)
                for flash in flashes
                for s in subscribers[:2000]
            ],
            batch_size=2000,
        )

        AnnualReport.objects.filter(year=YEAR).delete()
        for council in (None, noord):
            AnnualReport.objects.create(
                year=YEAR,
                council=council,
                intro="Een jaar met veel signalen.\nDe raden gaven adviezen.",
                highlights="Vijftigduizend signalen.",
                plans="Meer jonge leden.",
                status=ReportStatus.PUBLISHED,
                published_at=timezone.now(),
            )

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    in_year = Signal.objects.filter(received_at__year=YEAR).count()
    return {
        "year": YEAR,
        "seconds": round(time.perf_counter() - started, 1),
        "signals_in_year": count,
        "signals_outside_year": OUTSIDE,
        "signals_in_database": Signal.objects.count(),
        "signals_in_year_check": in_year,
        "councils": len(councils),
        "advices": 300,
        "proposals": 240,
        "meetings": 240,
        "activities": 120,
        "memberships": 600,
        "applications": 800,
        "publications": Publication.objects.filter(status="published").count(),
        "subscribers": 3000,
        "deliveries": 24000,
    }


# --- measuring (a fresh process) -------------------------------------------------------------


def _timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def _series(fn, runs: int) -> dict:
    seconds = [_timed(fn)[0] for _ in range(runs)]
    return {
        "runs": runs,
        "p50_ms": round(statistics.median(seconds) * 1000, 1),
        "max_ms": round(max(seconds) * 1000, 1),
        "min_ms": round(min(seconds) * 1000, 1),
    }


def _traced_peak_mb(fn) -> float:
    import tracemalloc

    tracemalloc.start()
    try:
        fn()
        return round(tracemalloc.get_traced_memory()[1] / 2**20, 2)
    finally:
        tracemalloc.stop()


class Queries:
    """Counts SQL statements on the default connection (also across a request, which may close
    and reopen the connection; the execute wrapper stays)."""

    def __enter__(self):
        from django.db import connection

        self.count = 0
        self._cm = connection.execute_wrapper(self)
        self._cm.__enter__()
        return self

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __exit__(self, *exc):
        return self._cm.__exit__(*exc)


def measure(runs: int) -> dict:
    import io

    from django.core.cache import cache
    from django.test import Client
    from pypdf import PdfReader

    from councils.models import Council
    from reports import exports, selectors
    from reports.figures import report_figures, year_bounds
    from reports.models import AnnualReport
    from signals.models import Signal

    noord = Council.objects.get(slug=COUNCIL_SLUG)
    start, end = year_bounds(YEAR)
    # a plain count, not the report's GROUP BY: the seeded signals plus the demo's own
    in_year = Signal.objects.filter(received_at__gte=start, received_at__lt=end).count()
    out: dict = {"figures": {}, "failures": [], "signals_in_year_plain_count": in_year}
    for name, council in (("national", None), ("council_noord", noord)):
        with Queries() as queries:
            cold_s, figures = _timed(lambda c=council: report_figures(year=YEAR, council=c))
        out["figures"][name] = {
            "cold_ms": round(cold_s * 1000, 1),
            "warm": _series(lambda c=council: report_figures(year=YEAR, council=c), runs),
            "queries": queries.count,
            "signals_total": figures["signals"]["total"],
            "signals_busiest_month": max(r["count"] for r in figures["signals"]["by_month"]),
            "advices_sent": figures["advices"]["sent"],
            "meetings_held": figures["meetings"]["meetings"],
            "tracemalloc_peak_mb": _traced_peak_mb(
                lambda c=council: report_figures(year=YEAR, council=c)
            ),
        }
    national = out["figures"]["national"]
    if national["signals_total"] != in_year or in_year < SIGNALS:
        out["failures"].append(
            f"national report counts {national['signals_total']} signals, the year has "
            f"{in_year} (seeded {SIGNALS})"
        )

    cache.clear()
    client = Client(SERVER_NAME="127.0.0.1")
    path = f"/jaarverslag/{YEAR}/"
    with Queries() as queries:
        first_s, response = _timed(lambda: client.get(path))
    if response.status_code != 200:
        out["failures"].append(f"{path} answered {response.status_code}")
    body = response.content.decode()
    expected = f"{in_year:,}".replace(",", ".")  # as the Dutch page writes it
    if expected not in body:
        out["failures"].append(f"{path} does not show {expected} signals")
    out["web_page"] = {
        "path": path,
        "first_ms": round(first_s * 1000, 1),
        "warm": _series(lambda: client.get(path), runs),
        "queries": queries.count,
        "bytes": len(response.content),
        "svg_charts": body.count("<svg "),
        "tables": body.count("<table"),
    }

    report = AnnualReport.objects.select_related("council").get(year=YEAR, council=None)
    document = selectors.report_document(report)
    first_s, pdf = _timed(lambda: exports.report_pdf(document))
    builds = [_timed(lambda: exports.report_pdf(document))[0] for _ in range(max(runs - 2, 1))]
    if not pdf.startswith(b"%PDF"):
        out["failures"].append("the PDF does not start with %PDF")
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    if expected not in text:
        out["failures"].append(f"the PDF does not show {expected} signals")
    both_s, _pdf = _timed(lambda: exports.report_pdf(selectors.report_document(report)))
    out["pdf"] = {
        "first_build_in_process_s": round(first_s, 2),
        "build_p50_s": round(statistics.median(builds), 2),
        "build_max_s": round(max(builds), 2),
        "figures_and_build_s": round(both_s, 2),
        "bytes": len(pdf),
        "pages": len(reader.pages),
        "tracemalloc_peak_mb": _traced_peak_mb(lambda: exports.report_pdf(document)),
    }
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


# --- running ----------------------------------------------------------------------------------


def run_part(flag: str, env: dict, timeout: int = 900) -> dict:
    return skeleton.run_part(Path(__file__).resolve(), flag, env, timeout)


def one_backend(name: str, pg_server: str) -> dict:
    with skeleton.Bench("report", database=name, pg_server=pg_server) as bench:
        bench.prepare()  # pages name the manifest's static files
        bench.lap("migrate_demo_collectstatic")
        log(f"{name}: seeding a year with {SIGNALS:,} signals (bulk_create)")
        seeded = run_part(SEED_FLAG, bench.env)
        bench.lap("seed")
        log(f"{name}: seeded in {seeded['seconds']} s")
        log(f"{name}: measuring the figures, the page and the PDF")
        measured = run_part(MEASURE_FLAG, bench.env)
        bench.lap("measure")
    failures = measured.pop("failures")
    return bench.section(
        data=seeded,
        **measured,
        failures=failures,
    )


def main() -> int:

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    pg_server = skeleton.postgres_server()
    names = skeleton.wanted_databases("BENCH_REPORT_BACKENDS")
    info = machine()
    info["cpu_busy_pct_before"] = busy_now()
    skipped = {}
    if "postgresql" in names:
        try:
            if not pg_server:
                raise RuntimeError("DATABASE_URL is not a PostgreSQL URL")
            info["postgresql"] = skeleton.postgres_version(pg_server)
        except Exception as error:  # noqa: BLE001 - any failure means: no PostgreSQL this run
            log(f"PostgreSQL left out: {error}")
            skipped["postgresql"] = str(error)
            names.remove("postgresql")

    report = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    sections = report.get("backends", {})
    for name, why in skipped.items():
        sections.setdefault(name, {})["skipped_in_last_run"] = why
    failures: list[str] = []
    for name in names:
        section = one_backend(name, pg_server)
        sections[name] = section
        failures += [f"{name}: {f}" for f in section["failures"]]
        fig, page, pdf = section["figures"], section["web_page"], section["pdf"]
        print(f"\n== {name}")
        for key, value in fig.items():
            print(
                f"report_figures {key:<14} cold {value['cold_ms']:>8} ms  warm p50 "
                f"{value['warm']['p50_ms']:>8} ms  {value['queries']} queries  "
                f"tracemalloc peak {value['tracemalloc_peak_mb']} MB"
            )
        print(
            f"web page {page['path']}: first {page['first_ms']} ms, warm p50 "
            f"{page['warm']['p50_ms']} ms, {page['queries']} queries, {page['bytes']:,} bytes"
        )
        print(
            f"PDF: {pdf['pages']} pages, {pdf['bytes']:,} bytes; first build "
            f"{pdf['first_build_in_process_s']} s, p50 {pdf['build_p50_s']} s; tracemalloc peak "
            f"{pdf['tracemalloc_peak_mb']} MB; process peak RSS {section['peak_rss_mb']} MB"
        )
    info["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    report = {
        "about": (
            "The annual report for a year with BENCH_REPORT_SIGNALS signals: report_figures "
            "(national and one council, cold and warm), the web page through the test client "
            "and the PDF (WeasyPrint), with peak memory; one section per database."
        ),
        "machine": info,
        "settings": {
            "django_settings": SETTINGS,
            "debug": False,
            "signals": SIGNALS,
            "runs": RUNS,
            "year": YEAR,
        },
        "backends": sections,
    }
    return skeleton.done(RESULTS.name, report, failures)


if __name__ == "__main__":
    if SEED_FLAG in sys.argv[1:]:
        sys.exit(_in_django(seed, SIGNALS))
    if MEASURE_FLAG in sys.argv[1:]:
        sys.exit(_in_django(measure, RUNS))
    sys.exit(main())
