"""Chaos tests: real mail servers that hang or hold back answers, worker processes that the
test kills. Each is bounded to seconds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker_process(tmp_path):
    """Start a worker process on the test's database: ``start(code)`` runs Python code after
    django.setup(), ``start_consumer()`` runs ``manage.py run_huey``. All are killed at the end."""
    from django.db import connection

    started: list[subprocess.Popen] = []

    def environ(smtp_port: int, **extra) -> dict:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.chaos.worker_settings",
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
            "CHAOS_DB_NAME": str(connection.settings_dict["NAME"]),
            "CHAOS_SMTP_PORT": str(smtp_port),
            "CHAOS_HUEY_FILE": str(tmp_path / "huey.sqlite3"),
        }
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def start(code: str, *, smtp_port: int, **extra) -> subprocess.Popen:
        script = "import django\ndjango.setup()\n" + code
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", script], cwd=ROOT, env=environ(smtp_port, **extra)
        )
        started.append(process)
        return process

    def start_consumer(*, smtp_port: int, **extra) -> subprocess.Popen:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "src/manage.py", "run_huey", "--quiet"],
            cwd=ROOT,
            env=environ(smtp_port, **extra),
        )
        started.append(process)
        return process

    start.consumer = start_consumer
    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)


def wait_for(condition, *, timeout: float = 30, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting after {timeout} s: {what}")
