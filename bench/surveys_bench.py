"""`make bench`, questionnaires part: the results page and the answers export of a
questionnaire with 5,000 responses, on SQLite and PostgreSQL, written to
bench/results/surveys.json.

Per database (SQLite always; PostgreSQL too on BENCH_POSTGRES_URL, default
postgres://postgres@127.0.0.1:5432, in a fresh database that is dropped afterwards; left out
with a note when no server answers or BENCH_POSTGRES=0):

1. A fresh database (SQLite in a temporary directory): ``migrate`` + ``demo``.
2. ``surveys_bench.py --seed`` (a subprocess with the bench settings, bulk_create): one more
   questionnaire of the working group Samenwerking & Contact, closed and anonymous, with the
   demo inventory's nine questions in three sections (every kind: one choice, several choices,
   scale, rank, number, short and long text, "anders, namelijk", a conditional question) and
   BENCH_SURVEY_RESPONSES (5,000) responses spread over the demo's councils and roles, with the
   answers the demo makes (``surveys.demo.inventory_answers``; every third response an open
   remark), and a finished participation for each demo member (the response rate is not what
   is measured). The URLs measured come from ``reverse``: a name
   that is not there (the results or export part not built yet) is skipped with a message.
3. ``--queries``: each URL once through Django's test client as the working group's member
   ``centraal@raadsplein.example`` (it manages the questionnaire): status, SQL statements and
   their time, the time in-process (median of 3), bytes; for the exports the rows.
4. gunicorn and a real login as that member, as run.py: wrk for BENCH_SECONDS on the floor and
   the results page (as ratios to the floor); the exports, which take longer than wrk's
   timeout allows under 8 connections, as BENCH_EXPORT_RUNS (5) requests one after another
   (p50, max, bytes, rows), after one that is not counted.

Each run replaces only its own databases' sections of the JSON. The run fails (exit 1) when a
page that is there answers other than 200, wrk saw errors, or an export has fewer rows than
responses.

Environment: BENCH_SURVEY_RESPONSES (5000), BENCH_EXPORT_RUNS (5), BENCH_POSTGRES_URL,
BENCH_POSTGRES, BENCH_SURVEY_BACKENDS (sqlite,postgresql); the skeleton's BENCH_SECONDS,
BENCH_CONNECTIONS, BENCH_THREADS, BENCH_WORKERS, BENCH_WORKER_CLASS, BENCH_KEEP and
BENCH_WAIT_IDLE.

Every URL opened here is http://127.0.0.1:<port> built by this script (hence the S310 noqa).
"""

from __future__ import annotations

import datetime
import json
import os
import signal
import statistics
import sys
import time
import uuid
from pathlib import Path

import skeleton
from knowledge_bench import _SqlClock  # every SQL statement with its own time
from skeleton import (
    SEED_FLAG,
    add_floor_ratios,
    busy_now,
    ensure_wrk,
    fetch,
    log,
    machine,
    manage,
    measure_page,
    seed_in_django,
    table,
)

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results" / "surveys.json"
RESPONSES = int(os.environ.get("BENCH_SURVEY_RESPONSES", "5000"))
EXPORT_RUNS = int(os.environ.get("BENCH_EXPORT_RUNS", "5"))
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
USE_POSTGRES = os.environ.get("BENCH_POSTGRES", "1") != "0"
ASKER_EMAIL = "centraal@raadsplein.example"  # a member of Samenwerking & Contact
TITLE = "Benchvragenlijst met veel antwoorden"
QUERIES_FLAG = "--queries"
# (name in the JSON, URL name, kwargs besides pk)
URLS = [
    ("results", "surveys:results", {}),
    ("export_answers_csv", "surveys:export_answers", {"fmt": "csv"}),
    ("export_answers_xlsx", "surveys:export_answers", {"fmt": "xlsx"}),
]


# --- in Django (subprocesses with the bench settings) -----------------------------------------


def paths(pk: int) -> tuple[dict, dict]:
    """The path of each URL measured, and the ones that are not there with why."""
    from django.urls import NoReverseMatch, reverse

    found, missing = {}, {}
    for name, url_name, kwargs in URLS:
        try:
            found[name] = reverse(url_name, kwargs={"pk": pk, **kwargs})
        except NoReverseMatch as error:
            missing[name] = f"{url_name} is not there yet ({error})"
    return found, missing


def seed(count: int) -> dict:
    """A closed anonymous questionnaire of Samenwerking & Contact with ``count`` responses."""
    import random

    from django.db import connection, transaction
    from django.utils import timezone

    from councils.models import Membership, WorkingGroup
    from surveys.demo import INVENTORY, inventory_answers, questions_build
    from surveys.models import Answer, Participation, Response, Survey

    started = time.perf_counter()
    rng = random.Random(5000)  # noqa: S311 - bench data, not a secret
    now = timezone.now()
    group = WorkingGroup.objects.get(slug="samenwerking-contact")
    memberships = list(
        Membership.objects.active()
        .order_by("council_id", "user_id")
        .values_list("user_id", "council_id", "role")
    )
    with transaction.atomic():
        survey = Survey.objects.create(
            title=TITLE,
            intro="Een vragenlijst voor de benchmark van de uitslag en de export.",
            working_group=group,
            anonymous=True,
            opens_at=now - datetime.timedelta(days=30),
            closes_at=now - datetime.timedelta(days=1),
            published_at=now - datetime.timedelta(days=31),
            announced_at=now - datetime.timedelta(days=30),
            reminded_at=now - datetime.timedelta(days=4),
        )
        q = questions_build(survey, INVENTORY)
        Participation.objects.bulk_create(
            Participation(survey=survey, user_id=u, council_id=c, finished=True)
            for u, c, _role in {m[0]: m for m in memberships}.values()
        )
        made = 0
        for start in range(0, count, 500):
            batch = []
            for index in range(start, min(count, start + 500)):
                _user, council_id, role = memberships[index % len(memberships)]
                batch.append(
                    Response(
                        id=uuid.UUID(int=rng.getrandbits(128), version=4),
                        survey=survey,
                        council_id=council_id,
                        role=role,
                    )
                )
            Response.objects.bulk_create(batch)
            answers = []
            for offset, response in enumerate(batch):
                index = start + offset
                remark = (
                    f"Opmerking {index + 1}: wij horen te weinig terug van UWV over signalen."
                    if index % 3 == 0
                    else ""
                )
                answers += inventory_answers(q, response, index, rng, remark)
            Answer.objects.bulk_create(answers, batch_size=2000)
            made += len(batch)
    analyzed = False
    if connection.vendor == "postgresql":  # as autovacuum would do on a live server
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        analyzed = True
    found, missing = paths(survey.pk)
    return {
        "survey_pk": survey.pk,
        "responses": made,
        "answers": Answer.objects.filter(question__survey=survey).count(),
        "questions": survey.questions.count(),
        "councils": Response.objects.filter(survey=survey).values("council").distinct().count(),
        "postgresql_analyzed_after_seeding": analyzed,
        "paths": found,
        "missing": missing,
        "seconds": round(time.perf_counter() - started, 1),
    }


def rows_in(name: str, content: bytes) -> int:
    """Data rows of an export (without the header row)."""
    if name.endswith("_csv"):
        text = content.decode("utf-8-sig")
        return max(0, len([line for line in text.splitlines() if line.strip()]) - 1)
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    # a streamed workbook has no stored dimension (max_row None): count the rows
    return max(0, max(sum(1 for _ in sheet.iter_rows()) for sheet in book.worksheets) - 1)


def queries(_count: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from surveys.models import Survey

    survey = Survey.objects.get(title=TITLE)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(email=ASKER_EMAIL))
    found, missing = paths(survey.pk)
    result: dict = {"missing": missing}
    for name, path in found.items():
        client.get(path)  # warm: templates, imports
        clock = _SqlClock()
        with connection.execute_wrapper(clock):
            response = client.get(path)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        times = []
        for _ in range(3):
            started = time.perf_counter()
            again = client.get(path)
            if again.streaming:
                b"".join(again.streaming_content)
            times.append(time.perf_counter() - started)
        slowest = sorted(clock.statements, reverse=True)[:3]
        result[name] = {
            "path": path,
            "status": response.status_code,
            "content_type": response.get("Content-Type", ""),
            "queries": len(clock.statements),
            "sql_ms": round(sum(t for t, _ in clock.statements) * 1000, 1),
            "in_process_ms_p50": round(statistics.median(times) * 1000, 1),
            "bytes": len(content),
            "slowest_sql": [{"ms": round(t * 1000, 2), "sql": sql[:300]} for t, sql in slowest],
        }
        if name.startswith("export") and response.status_code == 200:
            result[name]["rows"] = rows_in(name, content)
    return result


# --- running ----------------------------------------------------------------------------------


def run_part(flag: str, env: dict, timeout: int = 1200) -> dict:
    return skeleton.run_part(Path(__file__).resolve(), flag, env, timeout)


def postgres_version() -> str:
    return skeleton.postgres_version(POSTGRES_URL)


def timed_downloads(base: str, path: str, cookie: str, runs: int) -> dict:
    fetch(base, path, cookie)  # warm up, not counted
    times, sizes = [], set()
    for _ in range(runs):
        started = time.perf_counter()
        status, headers, body = fetch(base, path, cookie)
        times.append(time.perf_counter() - started)
        sizes.add(len(body))
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
    return {
        "runs": runs,
        "p50_ms": round(statistics.median(times) * 1000, 1),
        "max_ms": round(max(times) * 1000, 1),
        "min_ms": round(min(times) * 1000, 1),
        "bytes": max(sizes),
        "same_size_every_time": len(sizes) == 1,
        "content_type": headers.get("Content-Type", ""),
    }


def one_backend(name: str, wrk: str) -> dict:
    failures: list[str] = []
    pages: dict = {}
    downloads: dict = {}
    with skeleton.Bench("surveys", database=name, pg_server=POSTGRES_URL) as bench:
        lap = bench.lap
        env = bench.env
        manage(env, "migrate", "--noinput")
        manage(env, "demo")
        lap("migrate_and_demo")
        log(f"{name}: seeding a questionnaire with {RESPONSES:,} responses (bulk_create)")
        seeded = run_part(SEED_FLAG, env)
        lap("seed")
        log(f"{name}: {seeded['responses']:,} responses, {seeded['answers']:,} answers")
        for missing, why in seeded["missing"].items():
            log(f"{name}: skipping {missing}: {why}")
        manage(env, "collectstatic", "--noinput")
        counted = run_part(QUERIES_FLAG, env) if seeded["paths"] else {}
        lap("queries")
        for part, found in counted.items():
            if part == "missing":
                continue
            if found["status"] != 200:
                failures.append(f"{part} {found['path']} answered {found['status']}")
            if "rows" in found and found["rows"] < RESPONSES:
                failures.append(f"{part} has {found['rows']} rows, expected {RESPONSES}")

        base = bench.serve()
        cookie = bench.login(ASKER_EMAIL)
        measured = [("floor", "/bench/floor/", "")]
        if "results" in seeded["paths"]:
            measured.append(("results", seeded["paths"]["results"], cookie))
        for page_name, path, page_cookie in measured:
            result = measure_page(wrk, base, bench.process.pid, page_name, path, page_cookie)
            pages[page_name] = {
                "path": path.replace(str(seeded["survey_pk"]), "<pk>"),
                "logged_in": bool(page_cookie),
                **result,
            }
            if page_name in counted:
                pages[page_name]["queries"] = counted[page_name]["queries"]
        lap("wrk")
        for part, path in seeded["paths"].items():
            if part.startswith("export"):
                log(f"{name}: {part} {path}, {EXPORT_RUNS} downloads one after another")
                downloads[part] = {
                    "path": path.replace(str(seeded["survey_pk"]), "<pk>"),
                    **timed_downloads(base, path, cookie, EXPORT_RUNS),
                }
        lap("downloads")

    add_floor_ratios(pages)
    failures += [
        f"{n}: errors {r['errors']}, {r['non_2xx']} non-2xx"
        for n, r in pages.items()
        if r["errors_total"] or r["non_2xx"]
    ]
    return bench.section(
        data=seeded,
        skipped=seeded["missing"],
        queries=counted,
        pages=pages,
        exports=downloads,
        failures=failures,
    )


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    wanted = os.environ.get("BENCH_SURVEY_BACKENDS", "sqlite,postgresql")
    names = [n.strip() for n in wanted.split(",") if n.strip()]
    wrk = ensure_wrk()
    info = machine()
    info["cpu_busy_pct_before"] = busy_now()
    if info["cpu_busy_pct_before"] > 10:
        log(
            f"warning: the machine is {info['cpu_busy_pct_before']} % busy before the run; "
            "other work makes the figures lower and noisier (BENCH_WAIT_IDLE=600 waits)"
        )
    skipped = {}
    if "postgresql" in names:
        try:
            if not USE_POSTGRES:
                raise RuntimeError("BENCH_POSTGRES=0")
            info["postgresql"] = postgres_version()
        except Exception as error:  # noqa: BLE001 - any failure means: no PostgreSQL this run
            log(f"PostgreSQL left out: {error}")
            skipped["postgresql"] = str(error)
            names.remove("postgresql")

    report = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    sections = report.get("backends", {})
    for name, why in skipped.items():  # keep the last real figures, say why not this time
        sections.setdefault(name, {})["skipped_in_last_run"] = why
    failures: list[str] = []
    for name in names:
        section = one_backend(name, wrk)
        sections[name] = section
        failures += [f"{name}: {f}" for f in section["failures"]]
        print()
        print(f"== {name}")
        print(table(section["pages"]))
        for part, found in section["exports"].items():
            print(
                f"{part}: p50 {found['p50_ms']} ms, max {found['max_ms']} ms, "
                f"{found['bytes']:,} bytes, {section['queries'][part].get('rows')} rows, "
                f"{section['queries'][part]['queries']} queries"
            )
        for part, why in section["skipped"].items():
            print(f"{part}: skipped, {why}")
    info["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    report = {
        "about": (
            "The results page and the answers export (CSV, XLSX) of a closed anonymous "
            "questionnaire with BENCH_SURVEY_RESPONSES responses; one section per database, "
            "each from its own run (its timestamp). The results page through gunicorn and wrk "
            "as a ratio to the floor page; the exports as downloads one after another; query "
            "counts in-process through the test client."
        ),
        "machine": info,
        "settings": skeleton.run_settings(
            logged_in_as=ASKER_EMAIL + " (a member of the asking working group)",
            responses=RESPONSES,
            export_runs=EXPORT_RUNS,
        ),
        "backends": sections,
    }
    return skeleton.done(RESULTS.name, report, failures)


if __name__ == "__main__":
    if SEED_FLAG in sys.argv[1:]:
        sys.exit(seed_in_django(seed, RESPONSES))
    if QUERIES_FLAG in sys.argv[1:]:
        sys.exit(seed_in_django(queries, 0))
    sys.exit(main())
