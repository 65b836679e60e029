"""`make bench`, second part: the signals figures, written to bench/results/signals.json.

1. ``submit_wrk``: wrk POSTs the public signal form (/signaal/) for BENCH_SECONDS against gunicorn
   (the same setup as run.py: sync workers, SQLite) with one CSRF cookie + token and a different
   text on every request (signals.lua). 302 is success; anything else is an error. Afterwards the
   database must hold exactly one new signal per 302 (plus the POSTs wrk had in flight when it
   stopped, which the server still finishes), with unique references.
2. ``burst``: 1,000 POSTs fired by a Python client with 100 in flight at a time, against
   gunicorn with 2 gthread workers x 8 threads, on SQLite and on PostgreSQL (a fresh database,
   dropped at the end). Every POST must give 302; the database must hold exactly 1,000 new
   signals with 1,000 distinct references; gunicorn's log must not say "database is locked".
   ``burst.*_hung_smtp``: the same while the mail server hangs (issue 13). A server on loopback
   accepts connections and never greets (bench/hung_smtp.py); EMAIL_URL points at it with
   EMAIL_TIMEOUT=60; a real task worker (``manage.py run_huey``, 4 threads) runs beside gunicorn
   with the same environment and task queue file, busy sending a news flash to 300 confirmed
   subscribers and 20 outbox messages to that server before the POSTs start (checked: it holds
   the worker's connections). Every POST asks for an answer by e-mail, so each writes a
   confirmation to the outbox and a task to the queue. Checks as above, plus: the server held at
   least one connection when the POSTs started, 1,000 confirmations were written, and the
   worker's log does not say "database is locked" either.
3. ``classification``: throughput and latency of the active theme model; 4. ``dev_set``: its
   scores on the held-out development set (bench/classify.py, run as a subprocess).
5. Peak memory (VmHWM, the kernel's ru_maxrss) of gunicorn's workers in every phase.

The per-IP rate limit is lifted (SIGNAL_RATE_LIMIT=1000000000): all requests come from 127.0.0.1.
The run fails (exit 1) when a POST errored, a signal was lost or a reference repeated.

Environment: as run.py (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_THREADS, BENCH_WORKERS,
BENCH_WORKER_CLASS for part 1, BENCH_KEEP), plus BENCH_BURST (1000), BENCH_BURST_POOL (100),
BENCH_POSTGRES_URL (postgres://postgres@127.0.0.1:5432; the server only, the database name is
made up per run), BENCH_POSTGRES=0 to leave PostgreSQL out, BENCH_CLASSIFY_N (5000),
BENCH_CLASSIFY_BATCH (100), BENCH_DEV_SET (path of signals_dev.jsonl), BENCH_HUNG_SUBSCRIBERS
(300), BENCH_HUNG_OUTBOX (20), BENCH_HUNG_WORKER_THREADS (4).

Every URL opened here is http://127.0.0.1:<port> built by this script (hence the S310 noqa).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime
import html
import http.client
import http.cookiejar
import json
import os
import re
import resource
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import skeleton
from hung_smtp import HungSMTP, Worker, mail_state, queue_mail
from skeleton import (
    CONNECTIONS,
    PROJECT_DIR,
    SECONDS,
    SETTINGS,
    THREADS,
    WAIT_IDLE,
    WORKER_CLASS,
    WORKERS,
    WRK_TIMEOUT,
    CpuShare,
    busy_now,
    ensure_wrk,
    free_port,
    log,
    machine,
    manage,
    run_wrk,
    start_gunicorn,
    stop,
    summarise,
    wait_for_health,
    wait_idle,
)

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results" / "signals.json"
LUA = BENCH_DIR / "signals.lua"
CLASSIFY = BENCH_DIR / "classify.py"

BURST = int(os.environ.get("BENCH_BURST", "1000"))
BURST_POOL = int(os.environ.get("BENCH_BURST_POOL", "100"))
BURST_WORKERS = 2
BURST_WORKER_CLASS = "gthread"
BURST_THREADS = 8
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
USE_POSTGRES = os.environ.get("BENCH_POSTGRES", "1") != "0"
RATE_LIMIT_OFF = "1000000000"
HUNG_SUBSCRIBERS = int(os.environ.get("BENCH_HUNG_SUBSCRIBERS", "300"))
HUNG_OUTBOX = int(os.environ.get("BENCH_HUNG_OUTBOX", "20"))
HUNG_WORKER_THREADS = int(os.environ.get("BENCH_HUNG_WORKER_THREADS", "4"))
HUNG_EMAIL_TIMEOUT = 60

FORM = "/signaal/"
RECEIVED = "/signaal/ontvangen/"
TEXTS = [
    "Ik wacht al weken op mijn WW-uitkering en niemand belt mij terug.",
    "De brief over mijn herbeoordeling WIA begrijp ik niet, er staan alleen moeilijke woorden in.",
    "Mijn Wajong is deze maand te laat betaald en ik kan mijn huur niet betalen.",
    "De verzekeringsarts luisterde niet naar mij en had mijn dossier niet gelezen.",
    "Inloggen op Mijn UWV lukt niet, de app geeft steeds een foutmelding.",
    "Mijn re-integratiecoach is heel behulpzaam, complimenten voor haar geduld.",
]
POSTCODES = ["1011 AB", "3511 AA", "9712 CP", "5611 AZ", "2511 BT", "6211 LH", "8011 CW"]


# --- HTTP -----------------------------------------------------------------------------------


def form_csrf(base: str) -> tuple[str, str]:
    """GET the form once: the Cookie header with the csrftoken, and the form's token."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + FORM, timeout=10) as response:
        page = response.read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    cookies = {cookie.name: cookie.value for cookie in jar}
    if not match or "csrftoken" not in cookies:
        raise RuntimeError(f"no CSRF token or cookie from {FORM}")
    return f"csrftoken={cookies['csrftoken']}", match.group(1)


def signal_fields(token: str, number: int, tag: str, contact: bool = False) -> dict:
    fields = {
        "csrfmiddlewaretoken": token,
        "text": f"{TEXTS[number % len(TEXTS)]} ({tag} {number})",
        "scheme": "",
        "postcode": POSTCODES[number % len(POSTCODES)] if number % 3 == 0 else "",
        "website": "",
    }
    if contact:  # an answer wanted, by e-mail: the signal writes a confirmation to the outbox
        fields.update(
            {"wants_answer": "on", "email": f"melder{number}@bench.example", "consent": "on"}
        )
    return fields


def post_signal(port: int, cookie: str, fields: dict) -> dict:
    """One POST of the form on a new connection: status, ms, and what went wrong if not 302."""
    body = urllib.parse.urlencode(fields).encode()
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    start = time.perf_counter()
    try:
        connection.request("POST", FORM, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode(errors="replace")
        status, location = response.status, response.getheader("Location", "")
    except (OSError, http.client.HTTPException) as error:
        ms = (time.perf_counter() - start) * 1000
        return {"status": 0, "ms": ms, "error": f"{type(error).__name__}: {error}"}
    finally:
        connection.close()
    ms = (time.perf_counter() - start) * 1000
    if status == 302 and location == RECEIVED:
        return {"status": 302, "ms": ms, "error": ""}
    reason = re.search(r'class="errorlist[^"]*"[^>]*>\s*<li>(.*?)</li>', content, re.S)
    detail = html.unescape(reason.group(1)).strip() if reason else location
    return {"status": status, "ms": ms, "error": f"HTTP {status} {detail}".strip()}


# --- database -------------------------------------------------------------------------------


def db_connect(database_url: str):
    if database_url.startswith("sqlite:///"):
        return sqlite3.connect(database_url.removeprefix("sqlite://"), timeout=30)
    import psycopg

    return psycopg.connect(database_url, connect_timeout=5)


def db_state(database_url: str, since_id: int = 0) -> dict:
    """Signals in the database, and those with an id above ``since_id`` (the new ones)."""
    with db_connect(database_url) as connection:
        cursor = connection.cursor()
        cursor.execute(
            "SELECT COUNT(*), COALESCE(MAX(id), 0), COUNT(DISTINCT reference) FROM signals_signal"
        )
        total, max_id, distinct = cursor.fetchone()
        cursor.execute(
            f"SELECT reference FROM signals_signal WHERE id > {int(since_id)} ORDER BY id"  # noqa: S608
        )
        references = [row[0] for row in cursor.fetchall()]
    per_year: dict[str, list[int]] = {}
    for reference in references:
        year, number = reference.rsplit("-", 1)
        per_year.setdefault(year, []).append(int(number))
    contiguous = all(
        sorted(numbers) == list(range(min(numbers), min(numbers) + len(numbers)))
        for numbers in per_year.values()
    )
    return {
        "total": total,
        "max_id": max_id,
        "all_references_unique": distinct == total,
        "new": len(references),
        "new_distinct_references": len(set(references)),
        "new_references_contiguous": contiguous,
        "new_first": references[0] if references else "",
        "new_last": references[-1] if references else "",
    }


def wait_for_rows(database_url: str, since_id: int, expected: int, timeout: float = 20) -> dict:
    """After wrk hangs up the server still finishes the POSTs it had: wait until the count
    reaches ``expected`` or stops moving for two seconds."""
    deadline = time.monotonic() + timeout
    state = db_state(database_url, since_id)
    last_change = time.monotonic()
    while state["new"] < expected and time.monotonic() < deadline:
        time.sleep(0.25)
        newer = db_state(database_url, since_id)
        if newer["new"] != state["new"]:
            last_change = time.monotonic()
        elif time.monotonic() - last_change > 2:
            return newer
        state = newer
    return state


# --- gunicorn -------------------------------------------------------------------------------


def worker_pids(master: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    except OSError:
        return []


def peak_rss_mb(pid: int) -> dict:
    """Peak (VmHWM, what getrusage reports as ru_maxrss) and current resident memory."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in {"VmHWM", "VmRSS"}:
                values[key] = round(int(rest.split()[0]) / 1024, 1)
    except OSError:
        pass
    return {"peak_mb": values.get("VmHWM"), "rss_mb": values.get("VmRSS")}


def gunicorn_memory(master: int) -> dict:
    workers = [peak_rss_mb(pid) for pid in worker_pids(master)]
    return {
        "master_peak_mb": peak_rss_mb(master)["peak_mb"],
        "workers_peak_mb": [w["peak_mb"] for w in workers],
        "workers_rss_mb_at_end": [w["rss_mb"] for w in workers],
    }


def postgres_ticks() -> dict[int, int]:
    """CPU ticks (user + system) of every local PostgreSQL process, by pid."""
    ticks = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != "postgres":
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks[int(entry.name)] = int(fields[11]) + int(fields[12])
    return ticks


def log_findings(logfile: Path) -> dict:
    text = logfile.read_text(errors="replace") if logfile.exists() else ""
    return {
        "database_is_locked": text.lower().count("database is locked"),
        "tracebacks": text.count("Traceback (most recent call last)"),
        "worker_timeouts": text.count("WORKER TIMEOUT"),
        "tail": text[-1500:] if "Traceback" in text else "",
    }


class Server:
    """gunicorn for one phase: started, checked on /health/, stopped at the end of the block."""

    def __init__(self, env: dict, tmp: Path, name: str, **options):
        self.env, self.options = env, options
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.logfile = tmp / f"gunicorn-{name}.log"
        self.process = None

    def __enter__(self):
        self.process = start_gunicorn(self.env, self.port, self.logfile, **self.options)
        try:
            wait_for_health(self.base, self.process, self.logfile)
        except BaseException:
            stop(self.process)
            raise
        return self

    def __exit__(self, *exc):
        self.memory = gunicorn_memory(self.process.pid)
        stop(self.process)
        self.log = log_findings(self.logfile)
        return False


# --- the phases -----------------------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def warm_up(port: int, cookie: str, token: str, posts: int = 16) -> None:
    """A few concurrent POSTs so that every worker has its imports, templates and the theme
    model loaded before the measurement; they must all succeed."""
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(
            pool.map(
                lambda n: post_signal(port, cookie, signal_fields(token, n, "warm")), range(posts)
            )
        )
    failed = [a["error"] for a in answers if a["status"] != 302]
    if failed:
        raise RuntimeError(f"warm-up POSTs failed: {failed[:3]}")


def submit_wrk(wrk: str, env: dict, tmp: Path, database_url: str) -> tuple[dict, list[str]]:
    with Server(env, tmp, "submit-wrk") as server:
        cookie, token = form_csrf(server.base)
        check = post_signal(server.port, cookie, signal_fields(token, 0, "check"))
        if check["status"] != 302:
            raise RuntimeError(f"the form did not accept a valid signal: {check['error']}")
        warm_up(server.port, cookie, token)
        busy = wait_idle(WAIT_IDLE) if WAIT_IDLE else None
        before = db_state(database_url)
        log(f"wrk POST {FORM} for {SECONDS} s")
        with CpuShare(server.process.pid) as cpu:
            raw = run_wrk(
                wrk,
                server.base + FORM,
                cookie,
                script=LUA,
                extra_env={"BENCH_CSRF_TOKEN": token},
            )
        in_flight = raw["sent"] - raw["received"]
        expected = raw["status"]["302"] + in_flight
        after = wait_for_rows(database_url, before["max_id"], expected)
    result = summarise(raw)
    result.pop("non_2xx")
    result.update(
        {
            "successes": raw["status"]["302"],
            "non_302": raw["non_2xx"],
            "status": raw["status"],
            "sent": raw["sent"],
            "in_flight_at_stop": in_flight,
            "cpu": cpu.result,
            "cpu_busy_pct_at_start": busy,
            "db": {"before": before["total"], **after},
            "memory": server.memory,
            "gunicorn_log": server.log,
        }
    )
    failures = []
    if result["errors_total"] or result["non_302"]:
        failures.append(
            f"submit_wrk: {result['non_302']} non-302 responses, errors {result['errors']}"
        )
    if after["new"] < result["successes"]:
        failures.append(f"submit_wrk: {result['successes'] - after['new']} signals lost")
    elif after["new"] != expected:
        failures.append(
            f"submit_wrk: {after['new']} new signals, expected {expected} "
            f"({result['successes']} answered 302 + {in_flight} in flight at the stop)"
        )
    if not after["all_references_unique"] or after["new_distinct_references"] != after["new"]:
        failures.append("submit_wrk: references are not unique")
    if server.log["database_is_locked"]:
        failures.append(f"submit_wrk: {server.log['database_is_locked']} x 'database is locked'")
    return result, failures


def burst(
    name: str,
    env: dict,
    tmp: Path,
    database_url: str,
    *,
    contact: bool = False,
    ready=None,
    smtp: HungSMTP | None = None,
) -> tuple[dict, list[str]]:
    """``contact``: every POST asks for an answer by e-mail. ``ready``: called after the
    warm-up, right before the POSTs (the hung-SMTP parts start the task worker there).
    ``smtp``: the hung mail server, whose held connections are sampled during the POSTs."""
    options = {
        "workers": BURST_WORKERS,
        "worker_class": BURST_WORKER_CLASS,
        "threads": BURST_THREADS,
    }
    with Server(env, tmp, f"burst-{name}", **options) as server:
        cookie, token = form_csrf(server.base)
        warm_up(server.port, cookie, token)
        busy = wait_idle(WAIT_IDLE) if WAIT_IDLE else None
        if ready is not None:
            ready()
        before = db_state(database_url)
        log(f"{BURST} POSTs, {BURST_POOL} in flight, on {name}")
        usage0, pg0 = resource.getrusage(resource.RUSAGE_SELF), postgres_ticks()
        with CpuShare(server.process.pid) as cpu:
            if smtp is not None:
                smtp.start_sampling()
            start = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(BURST_POOL) as pool:
                futures = [
                    pool.submit(
                        post_signal,
                        server.port,
                        cookie,
                        signal_fields(token, n, f"burst-{name}", contact),
                    )
                    for n in range(BURST)
                ]
                answers = [f.result() for f in futures]
            wall = time.perf_counter() - start
            during = smtp.stop_sampling() if smtp is not None else None
        usage1, pg1 = resource.getrusage(resource.RUSAGE_SELF), postgres_ticks()
        after = db_state(database_url, before["max_id"])
    client_cpu = (usage1.ru_utime + usage1.ru_stime) - (usage0.ru_utime + usage0.ru_stime)
    pg_cpu = sum(t - pg0.get(pid, 0) for pid, t in pg1.items()) / os.sysconf("SC_CLK_TCK")
    cpus = len(os.sched_getaffinity(0))
    client_pct = round(100 * client_cpu / wall / cpus, 1)
    postgres_pct = round(100 * pg_cpu / wall / cpus, 1)
    cpu.result.pop("wrk_pct")  # no wrk here: the client is this process (client_pct)
    cpu.result["client_pct"] = client_pct
    cpu.result["postgres_pct"] = postgres_pct  # the local PostgreSQL server's processes
    other = cpu.result["other_pct"] - client_pct - postgres_pct
    cpu.result["other_pct"] = round(max(0.0, other), 1)
    ms = [a["ms"] for a in answers]
    errors: dict[str, int] = {}
    for answer in answers:
        if answer["error"]:
            errors[answer["error"]] = errors.get(answer["error"], 0) + 1
    statuses: dict[str, int] = {}
    for answer in answers:
        statuses[str(answer["status"])] = statuses.get(str(answer["status"]), 0) + 1
    successes = statuses.get("302", 0)
    result = {
        "posts": BURST,
        "in_flight": BURST_POOL,
        "server": f"gunicorn, {BURST_WORKERS} {BURST_WORKER_CLASS} workers x {BURST_THREADS} "
        "threads",
        "wall_time_s": round(wall, 3),
        "posts_per_s": round(BURST / wall, 1),
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1),
        "max_ms": round(max(ms), 1),
        "successes": successes,
        "errors_total": BURST - successes,
        "status": statuses,
        "errors": errors,
        "cpu": cpu.result,
        "cpu_busy_pct_at_start": busy,
        "db": {"before": before["total"], **after},
        "memory": server.memory,
        "gunicorn_log": server.log,
    }
    if during is not None:
        result["smtp_during_burst"] = during
    failures = []
    if successes != BURST:
        failures.append(f"burst {name}: {BURST - successes} POSTs failed: {errors}")
    if after["new"] != BURST:
        failures.append(f"burst {name}: {after['new']} new signals, expected {BURST}")
    if after["new_distinct_references"] != BURST or not after["all_references_unique"]:
        failures.append(f"burst {name}: {after['new_distinct_references']} distinct references")
    if server.log["database_is_locked"]:
        failures.append(f"burst {name}: {server.log['database_is_locked']} x 'database is locked'")
    return result, failures


def mail_snapshot(database_url: str, flash_id: int) -> dict:
    with contextlib.closing(db_connect(database_url)) as connection:
        return mail_state(connection.cursor(), flash_id)


def burst_hung_smtp(name: str, env: dict, tmp: Path, database_url: str) -> tuple[dict, list[str]]:
    """The burst while the mail server hangs: a task worker (``manage.py run_huey``) runs beside
    gunicorn with EMAIL_URL pointing at a server that accepts and never greets, and is busy
    sending a news flash and outbox mail to it; every POST asks for an answer by e-mail, so its
    confirmation goes to the outbox (and a task to the queue) too. The worker and the server
    are stopped at the end, whatever happens."""
    phase_dir = tmp / f"hung-{name}"  # its own task queue file and cache (settings/bench.py)
    phase_dir.mkdir(exist_ok=True)
    failures: list[str] = []
    with HungSMTP() as smtp, contextlib.ExitStack() as stack:
        hung_env = {
            **env,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
            "EMAIL_TIMEOUT": str(HUNG_EMAIL_TIMEOUT),
            "BENCH_DIR": str(phase_dir),
            "WORKERS": str(HUNG_WORKER_THREADS),
        }
        log(f"hung mail server on 127.0.0.1:{smtp.port} (accepts, never greets)")
        queued = queue_mail(hung_env, name, HUNG_SUBSCRIBERS, HUNG_OUTBOX)
        worker = Worker(hung_env, tmp / f"worker-{name}.log")
        at_start: dict = {}

        def ready() -> None:
            stack.enter_context(worker)
            held = smtp.wait_held(HUNG_WORKER_THREADS, timeout=60)
            if not worker.alive():
                raise RuntimeError(f"the task worker exited:\n{worker.logfile.read_text()[-3000:]}")
            at_start.update(
                {
                    "accepted": smtp.accepted,
                    "held": held,
                    "mail": mail_snapshot(database_url, queued["flash_id"]),
                }
            )
            log(
                f"the hung mail server holds {held} connections of the worker "
                f"({smtp.accepted} accepted so far)"
            )

        result, problems = burst(
            name, hung_env, tmp, database_url, contact=True, ready=ready, smtp=smtp
        )
        failures += problems
        mail_after = mail_snapshot(database_url, queued["flash_id"])
        stack.close()  # the worker stops here
        accepted_total = smtp.accepted
    during = result.pop("smtp_during_burst")
    received = mail_after["outbox_kind"].get("signal.received", 0) - at_start["mail"][
        "outbox_kind"
    ].get("signal.received", 0)
    result["smtp"] = {
        "server": "accepts every connection on 127.0.0.1 and never greets (bench/hung_smtp.py, "
        "as SilentServer in tests/chaos/smtp.py)",
        "email_timeout_s": HUNG_EMAIL_TIMEOUT,
        "worker": f"manage.py run_huey, {HUNG_WORKER_THREADS} threads, the server's environment",
        "queued_before": queued,
        "held_at_burst_start": at_start["held"],
        "accepted_before_burst": at_start["accepted"],
        "during_burst": during,
        "accepted_total": accepted_total,
        "worker_log": worker.log,
    }
    result["mail"] = {
        "at_burst_start": at_start["mail"],
        "after_burst": mail_after,
        "confirmations_written": received,
    }
    if at_start["held"] < 1:
        failures.append(f"burst {name}: the hung mail server held no connection before the burst")
    if received != BURST:
        failures.append(
            f"burst {name}: {received} confirmation mails in the outbox, expected {BURST}"
        )
    if worker.log["database_is_locked"]:
        failures.append(
            f"burst {name}: {worker.log['database_is_locked']} x 'database is locked' in the "
            "task worker's log"
        )
    return result, failures


def classification(env: dict) -> dict:
    if WAIT_IDLE:
        wait_idle(WAIT_IDLE)
    log("classifier: throughput, latency, development set")
    completed = subprocess.run(
        [sys.executable, str(CLASSIFY)],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    sys.stderr.write(completed.stderr[-3000:] if completed.returncode else "")
    for line in completed.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise RuntimeError(f"bench/classify.py gave no JSON (exit {completed.returncode})")


def setup_database(env: dict) -> None:
    manage(env, "migrate", "--noinput")
    manage(env, "demo")


def postgres_version() -> str:
    try:
        import psycopg

        with psycopg.connect(POSTGRES_URL + "/postgres", connect_timeout=3) as connection:
            return connection.execute("SHOW server_version").fetchone()[0]
    except Exception as error:  # noqa: BLE001 - any failure means: no PostgreSQL for this run
        log(f"PostgreSQL at {POSTGRES_URL} is not available ({error}); leaving it out")
        return ""


# --- report ---------------------------------------------------------------------------------


def tables(report: dict) -> str:
    w = report["submit_wrk"]
    lines = [
        f"submit_wrk (SQLite, {w['settings']}): {w['requests_per_s']} req/s, p50 {w['p50_ms']} "
        f"ms, p95 {w['p95_ms']} ms, p99 {w['p99_ms']} ms, {w['successes']} x 302, "
        f"{w['non_302']} non-302, errors {w['errors_total']}; new signals {w['db']['new']} "
        f"(302 + {w['in_flight_at_stop']} in flight), references unique "
        f"{w['db']['all_references_unique']}",
        "",
        f"{'burst':<22}{'wall s':>8}{'posts/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'max ms':>9}{'302':>6}{'err':>5}{'new rows':>10}{'distinct':>10}{'locked':>8}",
    ]
    hung = []
    for name, b in report["burst"].items():
        if "skipped" in b:
            lines.append(f"{name:<22}skipped: {b['skipped']}")
            continue
        lines.append(
            f"{name:<22}{b['wall_time_s']:>8.2f}{b['posts_per_s']:>9.1f}{b['p50_ms']:>9.1f}"
            f"{b['p95_ms']:>9.1f}{b['p99_ms']:>9.1f}{b['max_ms']:>9.1f}{b['successes']:>6}"
            f"{b['errors_total']:>5}{b['db']['new']:>10}{b['db']['new_distinct_references']:>10}"
            f"{b['gunicorn_log']['database_is_locked']:>8}"
        )
        if "smtp" in b:
            m, d = b["smtp"], b["smtp"]["during_burst"]
            hung.append(
                f"{name}: the hung mail server held {m['held_at_burst_start']} connections of "
                f"the task worker when the burst started ({m['accepted_before_burst']} accepted "
                f"before), {d['held_min']}-{d['held_max']} during it ({d['accepted']} new, "
                f"{d['given_up_by_clients']} given up after EMAIL_TIMEOUT), "
                f"{m['accepted_total']} in all; {b['mail']['confirmations_written']} "
                f"confirmations written to the outbox; 'database is locked' in the worker's "
                f"log: {m['worker_log']['database_is_locked']}"
            )
    lines += hung
    c = report["classification"]
    lines += [
        "",
        f"classifier {c['model_version']}: {c['throughput']['signals_per_s']} signals/s "
        f"(batches of {c['throughput']['batch_size']}), one text p50 "
        f"{c['single_predict']['p50_ms']} ms (classify() with the version check "
        f"{c['single_classify']['p50_ms']} ms), train from seed {c['train_from_seed_s']} s",
    ]
    d = report["dev_set"]
    if "skipped" in d:
        lines.append(f"development set: skipped ({d['skipped']})")
    else:
        lines.append(
            f"development set (n={d['n']}): onderwerp macro-F1 {d['onderwerp_macro_f1']}, "
            f"regeling accuracy {d['regeling_accuracy']}"
        )
    return "\n".join(lines)


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    wrk = ensure_wrk()
    started = time.monotonic()
    failures: list[str] = []
    # skeleton.Bench: the temporary directory (SQLite, logs, static files) and the fresh
    # PostgreSQL database, removed at the end; each phase starts and stops its own gunicorn.
    with contextlib.ExitStack() as benches:
        sqlite = benches.enter_context(skeleton.Bench("signals"))
        tmp = sqlite.tmp
        env = {**sqlite.env, "SIGNAL_RATE_LIMIT": RATE_LIMIT_OFF}
        sqlite_url = env["DATABASE_URL"]
        info = machine()
        info["cpu_busy_pct_before"] = busy_now()
        if info["cpu_busy_pct_before"] > 10:
            log(
                f"warning: the machine is {info['cpu_busy_pct_before']} % busy before the run; "
                "other work makes the figures lower and noisier (BENCH_WAIT_IDLE=600 waits)"
            )
        pg_version = postgres_version() if USE_POSTGRES else ""
        info["postgresql"] = pg_version
        phases: dict[str, float] = {}
        mark = time.monotonic()
        pg_url = ""
        if pg_version:
            pg = benches.enter_context(
                skeleton.Bench("signals", database="postgresql", pg_server=POSTGRES_URL)
            )
            pg_url = f"{POSTGRES_URL}/{pg.pg_name}"
        pg_env = {**env, "DATABASE_URL": pg_url}

        def lap(name: str) -> None:
            nonlocal mark
            phases[name] = round(time.monotonic() - mark, 1)
            mark = time.monotonic()

        # The two databases are set up at the same time (nothing is measured yet).
        with concurrent.futures.ThreadPoolExecutor(1) as background:
            if pg_version:
                pg_setup = background.submit(setup_database, pg_env)
            setup_database(env)
            manage(env, "collectstatic", "--noinput")
            if pg_version:
                pg_setup.result()

        lap("setup")
        classified = classification(env)
        lap("classification")
        dev_set = classified.pop("dev_set")

        wrk_result, problems = submit_wrk(wrk, env, tmp, sqlite_url)
        lap("submit_wrk")
        wrk_result["settings"] = f"gunicorn, {WORKERS} {WORKER_CLASS} workers"
        failures += problems

        bursts = {}
        bursts["sqlite"], problems = burst("sqlite", env, tmp, sqlite_url)
        lap("burst_sqlite")
        failures += problems
        if pg_version:
            bursts["postgresql"], problems = burst("postgresql", pg_env, tmp, pg_url)
            lap("burst_postgresql")
            failures += problems
        else:
            reason = "BENCH_POSTGRES=0" if not USE_POSTGRES else f"no server at {POSTGRES_URL}"
            bursts["postgresql"] = {"skipped": reason}
        bursts["sqlite_hung_smtp"], problems = burst_hung_smtp(
            "sqlite_hung_smtp", env, tmp, sqlite_url
        )
        lap("burst_sqlite_hung_smtp")
        failures += problems
        if pg_version:
            bursts["postgresql_hung_smtp"], problems = burst_hung_smtp(
                "postgresql_hung_smtp", pg_env, tmp, pg_url
            )
            lap("burst_postgresql_hung_smtp")
            failures += problems
        else:
            bursts["postgresql_hung_smtp"] = {"skipped": bursts["postgresql"]["skipped"]}

    report = {
        "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": info,
        "settings": {
            "django_settings": SETTINGS,
            "debug": False,
            "rate_limit": f"SIGNAL_RATE_LIMIT={RATE_LIMIT_OFF} (effectively off)",
            "sqlite": "fresh file, WAL, IMMEDIATE transactions, migrate + demo data",
            "postgresql": "fresh database per run (migrate + demo data), dropped afterwards",
            "cache": "file-based (production default without REDIS_URL)",
            "bind": "127.0.0.1 (loopback)",
            "csrf": "one csrftoken cookie + form token for every POST",
            "submit_wrk": {
                "server": f"gunicorn, {WORKERS} {WORKER_CLASS} workers",
                "load_generator": "wrk with bench/signals.lua",
                "seconds": SECONDS,
                "connections": CONNECTIONS,
                "threads": THREADS,
                "wrk_timeout": WRK_TIMEOUT,
            },
            "burst": {
                "server": f"gunicorn, {BURST_WORKERS} {BURST_WORKER_CLASS} workers x "
                f"{BURST_THREADS} threads",
                "client": f"Python ThreadPoolExecutor({BURST_POOL}), http.client, "
                "a new connection per POST",
                "posts": BURST,
            },
            "burst_hung_smtp": {
                "as": "burst, and: every POST asks for an answer by e-mail (a confirmation to "
                "the outbox); a mail server on loopback that accepts and never greets; "
                f"EMAIL_TIMEOUT={HUNG_EMAIL_TIMEOUT}; a task worker (manage.py run_huey, "
                f"{HUNG_WORKER_THREADS} threads) beside gunicorn, busy sending a news flash to "
                f"{HUNG_SUBSCRIBERS} subscribers and {HUNG_OUTBOX} outbox messages to it",
            },
        },
        "submit_wrk": wrk_result,
        "burst": bursts,
        "classification": classified,
        "dev_set": dev_set,
        "checks": {"passed": not failures, "failures": failures},
        "wall_time_s": round(time.monotonic() - started, 1),
        "phase_seconds": phases,
    }
    report["machine"]["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print()
    print(tables(report))
    print(f"\n{RESULTS.relative_to(PROJECT_DIR)} written ({report['wall_time_s']} s)")
    if failures:
        for failure in failures:
            print(f"[bench] FAILED: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
