"""Tests: tasks run at once, fast password hashing; the database comes from DATABASE_URL
(SQLite by default, PostgreSQL in CI's second run)."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-" + "y" * 20
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HUEY = {**HUEY, "immediate": True}  # noqa: F405
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
OUTBOX_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = 2525  # the tests' own aiosmtpd server sets the real port
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each pytest-xdist worker its own files.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
MEDIA_ROOT = PROJECT_DIR / "var" / f"test-media{_WORKER}"  # noqa: F405
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(PROJECT_DIR / "var" / f"test-private{_WORKER}")},  # noqa: F405
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in production (WAL, IMMEDIATE, busy timeout), not the in-memory database: other
    # threads and processes (the live server, a worker process that a chaos test kills) then
    # lock and wait exactly as they would in production. One file per test process (two runs
    # on one machine never share one); pytest-xdist adds _gw0, _gw1 …, pytest-django deletes it
    # at the end.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")  # noqa: F405
    }
PAGE_CACHE_BUMP_AT_ONCE = True  # tests never commit: see common.pagecache_hooks.invalidate
MEMBER_PAGE_CACHE = False  # on in tests/test_member_page_cache.py and the browser tests
