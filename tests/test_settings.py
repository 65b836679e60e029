"""Settings: production mode passes Django's deploy check; SQLite takes concurrent writers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def run(args, env_extra, timeout=120):
    env = {**os.environ, **env_extra}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [PY, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = run(
        ["src/manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {
            "DJANGO_SETTINGS_MODULE": "raadsplein.settings.production",
            "SECRET_KEY": "a-long-random-production-key-" + "k" * 40,
            "ALLOWED_HOSTS": "raadsplein.example",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run(
        ["src/manage.py", "check"],
        {
            "DJANGO_SETTINGS_MODULE": "raadsplein.settings.production",
            "SECRET_KEY": "",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_responses_carry_the_security_headers(tmp_path):
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/health/', secure=True, HTTP_HOST='raadsplein.example');"
        "print(r.status_code);"
        "[print(h + ': ' + r.get(h, '')) for h in ('Content-Security-Policy',"
        " 'Strict-Transport-Security', 'Referrer-Policy', 'X-Content-Type-Options',"
        " 'X-Frame-Options', 'Permissions-Policy')]"
    )
    result = run(
        ["-c", script],
        {
            "PYTHONPATH": str(ROOT / "src"),
            "DJANGO_SETTINGS_MODULE": "raadsplein.settings.production",
            "SECRET_KEY": "a-long-random-production-key-" + "k" * 40,
            "ALLOWED_HOSTS": "raadsplein.example",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
    )
    out = result.stdout
    assert out.startswith("200"), out + result.stderr
    assert "script-src 'self'" in out and "unsafe-inline" not in out.split("Strict")[0]
    assert "max-age=31536000" in out
    assert "Referrer-Policy: same-origin" in out
    assert "X-Content-Type-Options: nosniff" in out
    assert "X-Frame-Options: DENY" in out
    assert "Permissions-Policy: " in out and "camera=()" in out


CONCURRENT_WRITER = """
import sys, django
django.setup()
from django.db import connection, transaction
errors = 0
for i in range(int(sys.argv[1])):
    try:
        with transaction.atomic():
            with connection.cursor() as c:
                c.execute("SELECT COUNT(*) FROM counter")  # read, then write: the lock upgrade
                c.execute("INSERT INTO counter (n) VALUES (%s)", [i])
    except Exception as exc:
        errors += 1
        print(type(exc).__name__, exc, file=sys.stderr)
print(errors)
"""


@pytest.mark.skipif(
    "postgres" in os.environ.get("DATABASE_URL", ""),
    reason="SQLite behaviour; runs in the SQLite pass",
)
def test_sqlite_concurrent_writers_never_see_database_is_locked(tmp_path):
    import sqlite3

    db = tmp_path / "concurrent.sqlite3"
    sqlite3.connect(db).execute("CREATE TABLE counter (n INTEGER)").connection.commit()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "raadsplein.settings.dev",
        "DATABASE_URL": f"sqlite:///{db}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    procs = [
        subprocess.Popen(
            [PY, "-c", CONCURRENT_WRITER, "150"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [out.strip() for out, _ in outputs] == ["0"] * 4, [err for _, err in outputs]
    connection = sqlite3.connect(db)
    assert connection.execute("SELECT COUNT(*) FROM counter").fetchone()[0] == 600
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
