"""Benchmarks (``make bench``): production settings, served over plain HTTP on loopback.

Only what loopback needs differs from production: no HTTPS redirect or secure-only cookies,
loopback hosts, a fixed secret key, and the bench URLconf (which adds the /bench/floor/ page).
The file-based cache and the task database go to ``BENCH_DIR`` when it is set, so a run never
touches ``var/``."""

import os

_BENCH_SECRET_KEY = "bench-only-insecure-key-never-use-in-production-" + "b" * 20
# production.py requires SECRET_KEY in the environment; the bench has a fixed default.
os.environ.setdefault("SECRET_KEY", _BENCH_SECRET_KEY)

from .production import *  # noqa: E402, F403

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default=_BENCH_SECRET_KEY)
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ROOT_URLCONF = "raadsplein.urls_bench"

_bench_dir = env.str("BENCH_DIR", default="")
if _bench_dir:
    if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
        CACHES["default"]["LOCATION"] = os.path.join(_bench_dir, "cache")
        CACHES["pages"]["LOCATION"] = os.path.join(_bench_dir, "cache-pages")
    if HUEY.get("filename"):
        HUEY = {**HUEY, "filename": os.path.join(_bench_dir, "tasks.sqlite3")}
