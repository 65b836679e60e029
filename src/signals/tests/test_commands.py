"""signals_redact and signals_classify on a database that has only been migrated."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.skipif(
    "postgres" in os.environ.get("DATABASE_URL", ""),
    reason="uses its own SQLite file; runs in the SQLite pass",
)
@pytest.mark.django_db
def test_commands_on_a_freshly_migrated_database(tmp_path):
    import sqlite3

    from django.db import connection

    # The test database is a freshly migrated one: a copy of its file (what is committed, no
    # test's data) saves migrating from nothing again, which took a minute of CI time.
    fresh = tmp_path / "fresh.sqlite3"
    with (
        sqlite3.connect(connection.settings_dict["NAME"]) as source,
        sqlite3.connect(fresh) as target,
    ):
        source.backup(target)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "raadsplein.settings.dev",
        "DATABASE_URL": f"sqlite:///{fresh}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "src/manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    manage("migrate", "--noinput", "-v0")  # nothing left to apply, but it must say so
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": 1, "text": "Mijn BSN is 111222333, bel 06-12345678."})
        + "\n"
        + json.dumps({"id": 2, "text": "De keuringsarts van de WIA luisterde niet naar mij."})
        + "\n",
        encoding="utf-8",
    )
    manage("signals_redact", "--input", str(source), "--output", str(tmp_path / "red.jsonl"))
    redacted = [json.loads(line) for line in (tmp_path / "red.jsonl").read_text().splitlines()]
    assert redacted[0] == {
        "id": 1,
        "text": "Mijn BSN is 111222333, bel 06-12345678.",
        "redacted": "Mijn BSN is [BSN], bel [TELEFOON].",
    }
    manage("signals_classify", "--input", str(source), "--output", str(tmp_path / "cls.jsonl"))
    classified = [json.loads(line) for line in (tmp_path / "cls.jsonl").read_text().splitlines()]
    assert [item["id"] for item in classified] == [1, 2]
    assert classified[1]["regeling"] == "WIA"
    assert all(0 <= item["confidence"] <= 1 for item in classified)
    assert set(classified[0]) == {"id", "text", "regeling", "onderwerp", "confidence"}
