"""`make bench`, promotion part: one news flash to 10,000 subscribers through a local SMTP
server, and the news pages; written to bench/results/promotion.json.

1. A fresh SQLite database in a temporary directory (migrate + demo data, collectstatic), as
   run.py does.
2. One news list with BENCH_SUBSCRIBERS (10,000) confirmed subscribers and a flash to it that
   links one demo news item. Made with bulk_create by this file itself, run as a subprocess
   with the bench settings (``promotion_bench.py --seed``).
3. gunicorn as run.py starts it; wrk for BENCH_SECONDS against the floor page, the news list
   /nieuws/ and one news item (ratios to the floor).
4. An aiosmtpd SMTP server in this process (EMAIL_URL points the outbox transport at it), a
   Huey consumer (``manage.py run_huey``, as production runs it) with
   NEWSFLASH_RATE_PER_SECOND set very high (the service has no "unthrottled" value: 0 means
   the default), and the flash sent the way the editor's "Verzenden" button does it
   (``newsletters.services.flash_send``, which queues ``flash_deliver_task``;
   ``promotion_bench.py --send``).
5. A simple timed loop of GETs (one client, the home page and /nieuws/ in turn) for
   BENCH_PROBE_SECONDS before the send and for as long as the send lasts: p50/p95 during the
   send against before. The run fails (exit 1) unless every subscriber got exactly one
   message, or when wrk saw errors.

Environment: as run.py (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_THREADS, BENCH_WORKERS,
BENCH_WORKER_CLASS, BENCH_KEEP, BENCH_WAIT_IDLE), plus BENCH_SUBSCRIBERS (10000),
BENCH_PROBE_SECONDS (10) and BENCH_SEND_TIMEOUT (900 s).

Every URL opened here is http://127.0.0.1:<port> built by this script (hence the S310 noqa).
"""

from __future__ import annotations

import collections
import datetime
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import skeleton
from skeleton import (
    CONNECTIONS,
    PROJECT_DIR,
    SECONDS,
    SEED_FLAG,
    SETTINGS,
    SRC_DIR,
    THREADS,
    WORKER_CLASS,
    WORKERS,
    WRK_TIMEOUT,
    add_floor_ratios,
    busy_now,
    ensure_wrk,
    free_port,
    log,
    machine,
    measure_page,
    seed_in_django,
    stop,
    table,
)

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results" / "promotion.json"
SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "10000"))
PROBE_SECONDS = float(os.environ.get("BENCH_PROBE_SECONDS", "10"))
SEND_TIMEOUT = float(os.environ.get("BENCH_SEND_TIMEOUT", "900"))
SEND_FLAG = "--send"
HIGH_RATE = "1000000"  # messages per second: in effect no throttle
LIST_NAME = "Benchlijst nieuwsflits"
DOMAIN = "bench.example"


# --- in Django (subprocesses with the bench database) -----------------------------------------


def seed(count: int) -> dict:
    """A news list with ``count`` confirmed subscribers and a draft flash to it."""
    from django.db import transaction
    from django.utils import timezone

    from newsletters.models import Flash, NewsList, Subscriber, Subscription
    from publishing.models import NewsIndexPage, NewsItem

    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        news_list = NewsList.objects.create(name=LIST_NAME)
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=f"abonnee{i}@{DOMAIN}",
                    name=f"Abonnee {i}",
                    confirmed_at=now,
                    consent_text="Ja, stuur mij de nieuwsflitsen.",
                    consent_at=now,
                    consent_source="/nieuwsflits/",
                )
                for i in range(count)
            ],
            batch_size=1000,
        )
        pks = Subscriber.objects.filter(email__endswith="@" + DOMAIN).values_list("pk", flat=True)
        Subscription.objects.bulk_create(
            [Subscription(subscriber_id=pk, news_list=news_list) for pk in pks], batch_size=1000
        )
        item = NewsItem.objects.live().order_by("-first_published_at").first()
        flash = Flash.objects.create(subject="Benchflits", intro="Nieuws voor de benchmark.")
        flash.lists.add(news_list)
        if item is not None:
            flash.pages.add(item)
    index = NewsIndexPage.objects.live().first()
    return {
        "flash_pk": flash.pk,
        "subscribers": Subscriber.objects.filter(confirmed_at__isnull=False).count(),
        "on_list": Subscription.objects.filter(news_list=news_list).count(),
        "news_index_path": index.url if index else "/nieuws/",
        "news_item_path": item.url if item else None,
        "seconds": round(time.perf_counter() - started, 2),
    }


def send(flash_pk: int) -> dict:
    """Press "Verzenden" as an administrator would: queue the deliveries and the task."""
    from django.contrib.auth import get_user_model

    from newsletters.models import Flash
    from newsletters.services import flash_send

    actor = get_user_model().objects.filter(is_superuser=True).first()
    queued = flash_send(flash=Flash.objects.get(pk=flash_pk), actor=actor)
    return {"queued": queued}


def status(flash_pk: int) -> dict:
    from newsletters.models import Flash
    from newsletters.services import progress

    flash = Flash.objects.get(pk=flash_pk)
    return {"flash_status": flash.status, **progress(flash)}


# --- the SMTP server ----------------------------------------------------------------------------


class Counting:
    """aiosmtpd handler: counts messages per recipient, with the time of first and last."""

    def __init__(self):
        self.per_rcpt: collections.Counter = collections.Counter()
        self.messages = 0
        self.first = None
        self.last = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        now = time.monotonic()
        with self.lock:
            self.messages += 1
            self.per_rcpt.update(envelope.rcpt_tos)
            self.first = self.first or now
            self.last = now
        return "250 OK"


# --- the latency probe --------------------------------------------------------------------------


def probe(base: str, paths: list[str], until) -> dict:
    """GET each path in turn until ``until()`` is true; per path p50/p95 in ms."""
    times: dict[str, list[float]] = {path: [] for path in paths}
    errors = 0
    while not until():
        for path in paths:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310
                    response.read()
                    if response.status != 200:
                        errors += 1
            except OSError:
                errors += 1
            times[path].append((time.perf_counter() - started) * 1000)
    result = {}
    for path, values in times.items():
        values.sort()
        result[path] = {
            "requests": len(values),
            "p50_ms": round(statistics.median(values), 2) if values else None,
            "p95_ms": round(values[int(0.95 * (len(values) - 1))], 2) if values else None,
            "max_ms": round(values[-1], 2) if values else None,
        }
    result["errors"] = errors
    return result


def django_call(script_flag: str, arg: int, env: dict) -> dict:
    completed = subprocess.run(
        [sys.executable, __file__, script_flag, str(arg)],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    for line in completed.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise RuntimeError(f"{script_flag} gave no JSON:\n{completed.stderr[-3000:]}")


# --- measuring --------------------------------------------------------------------------------


def main() -> int:  # noqa: PLR0915 - one linear run
    from aiosmtpd.controller import Controller

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    wrk = ensure_wrk()
    handler = Counting()
    smtp_port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    process = consumer = None
    smtp_started = False
    started = time.monotonic()
    failures: list[str] = []
    # skeleton.Bench: the temporary directory, and gunicorn stopped and the directory removed
    # (kept with BENCH_KEEP=1) at the end; the Huey consumer and the SMTP server are ours.
    with skeleton.Bench("promotion") as bench:
        tmp, env = bench.tmp, bench.env
        env["EMAIL_URL"] = f"smtp://127.0.0.1:{smtp_port}"
        env["NEWSFLASH_RATE_PER_SECOND"] = HIGH_RATE
        try:
            info = machine()
            info["cpu_busy_pct_before"] = busy_now()
            log(f"migrate, demo, {SUBSCRIBERS} confirmed subscribers on one list, collectstatic")
            [seeded] = bench.prepare(seeds=(Path(__file__).resolve(),))

            base = bench.serve()
            process = bench.process

            pages = {}
            targets = [("floor", "/bench/floor/"), ("news_list", seeded["news_index_path"])]
            if seeded["news_item_path"]:
                targets.append(("news_item", seeded["news_item_path"]))
            for name, path in targets:
                result = measure_page(wrk, base, process.pid, name, path, "")
                pages[name] = {"path": path, "logged_in": False, **result}
            add_floor_ratios(pages)

            probe_paths = ["/", seeded["news_index_path"]]
            log(f"latency before the send: {PROBE_SECONDS} s of GETs on {probe_paths}")
            stop_at = time.monotonic() + PROBE_SECONDS
            before = probe(base, probe_paths, lambda: time.monotonic() > stop_at)

            controller.start()
            smtp_started = True
            log(f"SMTP server on 127.0.0.1:{smtp_port}; Huey consumer; sending the flash")
            with (tmp / "huey.log").open("wb") as out:
                consumer = subprocess.Popen(
                    [sys.executable, str(SRC_DIR / "manage.py"), "run_huey"],
                    cwd=PROJECT_DIR,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            send_started = time.monotonic()
            sent = django_call(SEND_FLAG, seeded["flash_pk"], env)
            deadline = send_started + SEND_TIMEOUT

            def ours_received() -> int:
                with handler.lock:
                    return sum(n for r, n in handler.per_rcpt.items() if r.endswith("@" + DOMAIN))

            def done() -> bool:
                return ours_received() >= SUBSCRIBERS or time.monotonic() > deadline

            during = probe(base, probe_paths, done)
            send_seconds = time.monotonic() - send_started
            time.sleep(2)  # anything sent twice would arrive now
            final = django_call("--status", seeded["flash_pk"], env)
        finally:
            if consumer is not None and consumer.poll() is None:
                consumer.send_signal(signal.SIGINT)
                try:
                    consumer.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    consumer.kill()
            stop(process)
            if smtp_started:
                controller.stop()

    # the outbox also sends the demo data's own mail (invitations and the like): count apart
    ours = {r: n for r, n in handler.per_rcpt.items() if r.endswith("@" + DOMAIN)}
    other = {r: n for r, n in handler.per_rcpt.items() if r not in ours}
    received = sum(ours.values())
    distinct = len(ours)
    twice = sum(1 for n in ours.values() if n > 1)
    smtp_window = (handler.last - handler.first) if handler.first else 0.0
    sending = {
        "recipients": SUBSCRIBERS,
        "queued": sent["queued"],
        "messages_received": handler.messages,
        "recipients_received": received,
        "distinct_recipients": distinct,
        "recipients_received_twice": twice,
        "other_outbox_messages": dict(sorted(other.items())),
        "all_exactly_once": distinct == SUBSCRIBERS and received == SUBSCRIBERS and not twice,
        "seconds_send_to_last_message": round(send_seconds, 2),
        "seconds_first_to_last_message": round(smtp_window, 2),
        "messages_per_s": round(handler.messages / smtp_window, 1) if smtp_window else None,
        "note": "messages_per_s counts all messages the SMTP server got between the first and "
        "the last, the outbox's few other ones included",
        "messages_per_s_including_start": round(handler.messages / send_seconds, 1),
        "rate_setting_used": float(HIGH_RATE),
        "default_rate_per_s": 10.0,
        "expected_seconds_at_default_rate": SUBSCRIBERS / 10.0,
        "flash_after": final,
    }
    if not sending["all_exactly_once"]:
        failures.append(
            f"{distinct} of {SUBSCRIBERS} recipients got a message, {twice} more than once"
        )
    failures += [
        f"{name}: errors {r['errors']}, {r['non_2xx']} non-2xx"
        for name, r in pages.items()
        if r["errors_total"] or r["non_2xx"]
    ]
    latency = {"before_send": before, "during_send": during, "during_over_before_p50": {}}
    for path in probe_paths:
        b, d = before[path], during[path]
        if b["p50_ms"] and d["p50_ms"]:
            latency["during_over_before_p50"][path] = round(d["p50_ms"] / b["p50_ms"], 2)
    report = {
        "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": info,
        "settings": {
            "django_settings": SETTINGS,
            "debug": False,
            "database": "SQLite (WAL), fresh, migrate + demo data + the subscribers below",
            "server": "gunicorn",
            "workers": WORKERS,
            "worker_class": WORKER_CLASS,
            "task_queue": "Huey (SqliteHuey), manage.py run_huey, production consumer settings",
            "smtp": "aiosmtpd in the bench process, loopback",
            "load_generator": "wrk (pages); one sequential urllib client (latency probe)",
            "seconds_per_page": SECONDS,
            "connections": CONNECTIONS,
            "threads": THREADS,
            "wrk_timeout": WRK_TIMEOUT,
            "probe_seconds_before": PROBE_SECONDS,
        },
        "data": seeded,
        "sending": sending,
        "latency_during_send": latency,
        "pages": pages,
        "failures": failures,
        "wall_time_s": round(time.monotonic() - started, 1),
    }
    report["machine"]["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print()
    print(table(pages))
    print(json.dumps({"sending": sending, "latency": latency}, indent=2))
    print(f"\n{RESULTS.relative_to(PROJECT_DIR)} written ({report['wall_time_s']} s)")
    if failures:
        print("[bench] " + "\n[bench] ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if SEED_FLAG in args:
        sys.exit(seed_in_django(seed, SUBSCRIBERS))
    elif SEND_FLAG in args:
        sys.exit(seed_in_django(send, int(args[-1])))
    elif "--status" in args:
        sys.exit(seed_in_django(status, int(args[-1])))
    sys.exit(main())
