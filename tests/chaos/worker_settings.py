"""Settings of a worker process that a chaos test starts (and kills): the test settings, on the
test's own database, with a real task queue in a file and the test's mail server."""

import os

from raadsplein.settings.test import *  # noqa: F403

DATABASES = {"default": {**DATABASES["default"], "NAME": os.environ["CHAOS_DB_NAME"]}}  # noqa: F405
DATABASES["default"].pop("TEST", None)
EMAIL_PORT = int(os.environ["CHAOS_SMTP_PORT"])
EMAIL_TIMEOUT = int(os.environ.get("CHAOS_EMAIL_TIMEOUT", "5"))
MAIL_CLAIM_LEASE_SECONDS = float(os.environ.get("CHAOS_LEASE_SECONDS", "2"))
NEWSFLASH_RATE_PER_SECOND = float(os.environ.get("CHAOS_RATE", "50"))
EMAIL_BACKEND = "common.mail.OutboxEmailBackend"
HUEY = {
    "huey_class": "huey.SqliteHuey",
    "name": "chaos",
    "filename": os.environ.get("CHAOS_HUEY_FILE", "/tmp/raadsplein-chaos-huey.sqlite3"),  # noqa: S108
    "immediate": False,
    "consumer": {"workers": 1, "worker_type": "thread"},
}
