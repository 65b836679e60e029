"""A hung mail server and a real task worker, for the ``burst.*_hung_smtp`` parts of
bench/signals.py.

``HungSMTP`` accepts every connection on loopback and never greets (as ``SilentServer`` in
tests/chaos/smtp.py), and counts the connections it holds: a client that gives up (EMAIL_TIMEOUT)
closes its end, and the connection no longer counts. ``Worker`` is ``manage.py run_huey`` with
the server's environment. ``queue_mail`` writes, through the project's own services, a news
flash to a few hundred confirmed subscribers (``flash_send``) and some outbox mail, so that the
worker's threads are busy talking to the hung server.
"""

from __future__ import annotations

import contextlib
import select
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from skeleton import PROJECT_DIR, SRC_DIR, log, run_json, stop


class HungSMTP:
    """Accepts connections on 127.0.0.1 and never says a word; counts what it holds."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self._open: list[socket.socket] = []
        self._closed: list[socket.socket] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._samples: list[int] | None = None
        self._threads = [
            threading.Thread(target=self._accept, daemon=True),
            threading.Thread(target=self._watch, daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            with self._lock:
                self._open.append(conn)
                self.accepted += 1

    def _watch(self) -> None:
        """Every 0.1 s: drop the connections whose client hung up; sample the count."""
        while not self._stop.wait(0.1):
            with self._lock:
                conns = list(self._open)
            gone = []
            if conns:
                poller = select.poll()
                for conn in conns:
                    poller.register(conn, select.POLLIN | select.POLLHUP | select.POLLERR)
                ready = {fd for fd, _event in poller.poll(0)}
                for conn in conns:
                    if conn.fileno() not in ready:
                        continue
                    try:  # the client never speaks first: readable means it hung up
                        data = conn.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
                    except BlockingIOError:
                        continue
                    except OSError:
                        data = b""
                    if not data:
                        gone.append(conn)
            with self._lock:
                for conn in gone:
                    self._open.remove(conn)
                    self._closed.append(conn)
                if self._samples is not None:
                    self._samples.append(len(self._open))

    @property
    def held(self) -> int:
        with self._lock:
            return len(self._open)

    @property
    def released(self) -> int:
        """Connections the clients closed (each one a send that gave up after EMAIL_TIMEOUT)."""
        with self._lock:
            return len(self._closed)

    def wait_held(self, count: int, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while self.held < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.held

    def start_sampling(self) -> None:
        with self._lock:
            self._samples = [len(self._open)]
            self._accepted_at_start = self.accepted
            self._released_at_start = len(self._closed)

    def stop_sampling(self) -> dict:
        time.sleep(0.15)  # one more sample
        with self._lock:
            samples, self._samples = self._samples or [0], None
            return {
                "held_min": min(samples),
                "held_max": max(samples),
                "held_at_end": len(self._open),
                "accepted": self.accepted - self._accepted_at_start,
                "given_up_by_clients": len(self._closed) - self._released_at_start,
            }

    def close(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes the accept() and refuses new ones
        self.sock.close()
        with self._lock:
            for conn in self._open + self._closed:
                conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class Worker:
    """``manage.py run_huey`` with the given environment, its output in ``logfile``; stopped
    (SIGTERM, then SIGKILL after 15 s) at the end of the block, whatever happened."""

    def __init__(self, env: dict, logfile: Path):
        self.env, self.logfile = env, logfile
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        log(f"task worker: manage.py run_huey ({self.env.get('WORKERS', '2')} threads)")
        with self.logfile.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, str(SRC_DIR / "manage.py"), "run_huey"],
                cwd=PROJECT_DIR,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        return self

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def __exit__(self, *exc):
        process = self.process
        stop(process, "the task worker", 15)
        text = self.logfile.read_text(errors="replace") if self.logfile.exists() else ""
        # Each record is printed twice: by huey's own handler ("[time] LEVEL:name:thread:...")
        # and by the root logger of settings.LOGGING (the bare message). Count huey's lines.
        records = "\n".join(line for line in text.splitlines() if line.startswith("["))
        self.log = {
            "database_is_locked": text.lower().count("database is locked"),  # any line
            "tasks_started": records.count(":Executing "),
            "tasks_failed": records.count(":Unhandled exception in task"),  # a send gave up
            "tasks_requeued": records.count(":Requeueing "),  # to be tried again later
            "exit_code": process.returncode if process is not None else None,
        }
        return False


# Run by ``manage.py shell -c`` with the phase's environment. The outbox mail the demo wrote is
# still queued (no worker ran before): it is marked sent, so that the worker's start-up sweep
# (common.tasks.resume_after_start) does not spend its threads on it and the flash and the mail
# written here are what it sends.
QUEUE_MAIL = """
import json
from django.db import transaction
from django.utils import timezone
from common.models import OutboxMessage
from common.outbox import outbox_enqueue
from newsletters.models import Flash, NewsList, Subscriber, Subscription
from newsletters.services import flash_send

now = timezone.now()
stale = OutboxMessage.objects.filter(status=OutboxMessage.Status.QUEUED).update(
    status=OutboxMessage.Status.SENT, sent_at=now
)
news = NewsList.objects.create(name="Bench: hung mail server %(name)s")
subscribers = Subscriber.objects.bulk_create(
    Subscriber(
        email=f"lezer{i}@bench.example", name=f"Lezer {i}", confirmed_at=now,
        consent_text="bench", consent_at=now, consent_source="bench/signals.py",
    )
    for i in range(%(subscribers)d)
)
Subscription.objects.bulk_create(
    Subscription(subscriber=s, news_list=news) for s in subscribers
)
flash = Flash.objects.create(subject="Nieuwsflits tijdens een hangende mailserver", intro="Bench.")
flash.lists.add(news)
deliveries = flash_send(flash=flash, actor=None)
for i in range(%(outbox)d):
    with transaction.atomic():
        outbox_enqueue(
            to=[f"collega{i}@bench.example"], subject=f"Bench {i}", body_text="Bench.",
            kind="bench.hung_smtp", caused_by=None,
        )
print("BENCH_JSON " + json.dumps({
    "demo_outbox_marked_sent": stale, "flash_id": flash.pk, "flash_deliveries": deliveries,
    "outbox_queued": %(outbox)d,
}))
"""


def queue_mail(env: dict, name: str, subscribers: int, outbox: int) -> dict:
    log(f"queue a news flash to {subscribers} subscribers and {outbox} outbox messages")
    code = QUEUE_MAIL % {"name": name, "subscribers": subscribers, "outbox": outbox}
    command = [sys.executable, str(SRC_DIR / "manage.py"), "shell", "-c", code]
    return run_json(command, env, 300, "queueing the mail")


MAIL_QUERIES = {
    "outbox": "SELECT status, COUNT(*) FROM common_outboxmessage GROUP BY status",
    "outbox_kind": "SELECT kind, COUNT(*) FROM common_outboxmessage GROUP BY kind",
    "deliveries": "SELECT status, COUNT(*) FROM newsletters_delivery GROUP BY status",
    "flashes": "SELECT status, COUNT(*) FROM newsletters_flash GROUP BY status",
}


def mail_state(cursor, flash_id: int) -> dict:
    """Outbox and flash rows by status (and outbox rows by kind); the flash's run state."""
    state = {}
    for key, query in MAIL_QUERIES.items():
        cursor.execute(query)
        state[key] = {str(k): n for k, n in cursor.fetchall()}
    columns = "status, failed_runs, lease_until IS NOT NULL, last_error"
    cursor.execute(f"SELECT {columns} FROM newsletters_flash WHERE id = {int(flash_id)}")  # noqa: S608
    status, failed_runs, leased, last_error = cursor.fetchone()
    state["flash"] = {
        "status": status,
        "failed_runs": failed_runs,
        "leased": bool(leased),
        "last_error": (last_error or "")[:200],
    }
    return state
