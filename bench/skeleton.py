"""The skeleton every bench script stands on (issue 18): one place for what each run does.

- ``Bench``: a fresh database (SQLite in a temporary directory, or a fresh PostgreSQL database
  ``raadsplein_bench_<pid>_<n>`` on the server ``DATABASE_URL``/``BENCH_POSTGRES_URL`` names,
  dropped at the end), ``migrate`` + ``demo`` + ``collectstatic``, gunicorn with
  ``raadsplein.settings.bench`` on a free loopback port, a real login as a demo user; everything
  stops and is removed at the end, also on error, Ctrl-C or SIGTERM.
- wrk (``report.lua``) with a warm-up, the CPU shares during each run, the machine's load
  (``os.getloadavg``, CPU count) with every result, and ``write_json`` (timestamp, git commit).

Environment: BENCH_SECONDS (per wrk run, default 10), BENCH_ROUNDS (alternating rounds, for the
scripts that use them), BENCH_CONNECTIONS (8), BENCH_THREADS (2), BENCH_WORKERS (2),
BENCH_WORKER_CLASS (sync), BENCH_KEEP=1 keeps the temporary directory, BENCH_WAIT_IDLE (seconds,
default 0) waits at most that long for an idle machine before wrk.

Every URL opened here is http://127.0.0.1:<port> built by this module (hence the S310 noqa).
"""

from __future__ import annotations

import datetime
import http.cookiejar
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import suppress
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
SRC_DIR = PROJECT_DIR / "src"
RESULTS_DIR = BENCH_DIR / "results"
LUA = BENCH_DIR / "report.lua"
VENV_BIN = Path(sys.executable).parent
SETTINGS = "raadsplein.settings.bench"

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")
WAIT_IDLE = int(os.environ.get("BENCH_WAIT_IDLE", "0"))
WRK_TIMEOUT = "5s"  # a request slower than this counts as a timeout error

MEMBER_EMAIL = "lid@raadsplein.example"
MEMBER_PASSWORD = "raadsplein-demo"  # noqa: S105 (the documented demo password)


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(tmp: Path, database_url: str = "") -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        # loopback only, nothing external: no Redis, no S3, no real mail
        if key not in {"REDIS_URL", "S3_BUCKET", "EMAIL_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DATABASE_URL": database_url or f"sqlite:///{tmp / 'bench.sqlite3'}",
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
            "BENCH_DIR": str(tmp),
            "EMAIL_URL": "consolemail://",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def manage(env: dict, *args: str, timeout: int = 600) -> None:
    log("manage.py " + " ".join(args))
    subprocess.run(
        [sys.executable, str(SRC_DIR / "manage.py"), *args],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        timeout=timeout,
        stdout=subprocess.DEVNULL,
    )


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    log("wrk not found; installing the Debian package 'wrk' with apt-get")
    try:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, timeout=300)
    except (OSError, subprocess.SubprocessError):
        try:  # the package lists may be missing on a fresh machine
            subprocess.run(["apt-get", "update", "-qq"], check=True, timeout=300)
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, timeout=300)
        except (OSError, subprocess.SubprocessError):
            pass
    found = shutil.which("wrk")
    if not found:
        sys.exit(
            "[bench] wrk is needed and could not be installed. Install it yourself "
            "(Debian/Ubuntu: sudo apt-get install wrk) and run `make bench` again."
        )
    return found


def start_gunicorn(
    env: dict,
    port: int,
    logfile: Path,
    *,
    workers: int = WORKERS,
    worker_class: str = WORKER_CLASS,
    threads: int = 1,
) -> subprocess.Popen:
    command = [
        str(VENV_BIN / "gunicorn"),
        "raadsplein.wsgi:application",
        "--chdir",
        str(SRC_DIR),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--threads",
        str(threads),
        "--timeout",
        "30",
        "--log-level",
        "warning",
    ]
    per_worker = f" x {threads} threads" if threads > 1 else ""
    log(f"gunicorn: {workers} {worker_class} workers{per_worker} on 127.0.0.1:{port}")
    with logfile.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen | None, what: str = "gunicorn", wait: int = 20) -> None:
    """SIGTERM, then SIGKILL after ``wait`` seconds."""
    if process is None or process.poll() is not None:
        return
    log(f"stopping {what} (pid {process.pid})")
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def wait_for_health(base: str, process: subprocess.Popen, logfile: Path, timeout=60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"gunicorn exited ({process.returncode}):\n{logfile.read_text()[-3000:]}"
            )
        try:
            with urllib.request.urlopen(base + "/health/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(
        f"/health/ did not answer within {timeout} s:\n{logfile.read_text()[-3000:]}"
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def status_of(base: str, path: str, cookie: str = "") -> tuple[int, str]:
    """Status and Location of one GET, redirects not followed."""
    opener = urllib.request.build_opener(_NoRedirect)
    headers = {"Cookie": cookie} if cookie else {}
    request = urllib.request.Request(base + path, headers=headers)  # noqa: S310
    try:
        with opener.open(request, timeout=10) as response:
            response.read()
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")


def login_cookie(base: str, email: str = MEMBER_EMAIL) -> str:
    """Log a demo login (the member by default) in through the real form (CSRF token and
    all); the Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/account/login/", timeout=10) as response:
        html = response.read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise RuntimeError("no CSRF token on /account/login/")
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": match.group(1),
            "login": email,
            "password": MEMBER_PASSWORD,
        }
    ).encode()
    referer = {"Referer": base + "/account/login/"}
    request = urllib.request.Request(base + "/account/login/", data=data, headers=referer)  # noqa: S310
    with opener.open(request, timeout=10) as response:
        response.read()
        landed = urllib.parse.urlsplit(response.geturl()).path
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise RuntimeError(f"login as {email} failed (landed on {landed}, no session)")
    cookie = "; ".join(f"{name}={value}" for name, value in sorted(cookies.items()))
    status, location = status_of(base, "/mijn/", cookie)
    if status != 200:
        raise RuntimeError(f"/mijn/ with the session cookie gave {status} {location}")
    log(f"logged in as {email}; /mijn/ answers 200 with the session cookie")
    return cookie


def machine_ticks() -> tuple[int, int]:
    """(all, busy) CPU ticks of the whole machine since boot, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    total = sum(fields[:8])  # user nice system idle iowait irq softirq steal
    return total, total - fields[3] - fields[4]


def process_tree_ticks(pid: int) -> int:
    """CPU ticks (user + system) of a process and its live children (gunicorn's workers)."""
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(child) for child in children]
    except OSError:
        pass
    ticks = 0
    for one in pids:
        try:
            stat = Path(f"/proc/{one}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class CpuShare:
    """Where the machine's CPU went during one wrk run, in % of all CPUs: the server
    (gunicorn), the load generator (wrk) and everything else. ``other_pct`` well above a few
    percent means something else ran on the machine and the figures are too low."""

    def __init__(self, server_pid: int):
        self.server_pid = server_pid
        self.hz = os.sysconf("SC_CLK_TCK")

    def __enter__(self):
        self.start = (machine_ticks(), process_tree_ticks(self.server_pid), children_cpu_seconds())
        return self

    def __exit__(self, *exc):
        (total0, busy0), server0, wrk0 = self.start
        total1, busy1 = machine_ticks()
        total = max(total1 - total0, 1)
        server = process_tree_ticks(self.server_pid) - server0
        wrk = (children_cpu_seconds() - wrk0) * self.hz
        busy = busy1 - busy0
        self.result = {
            "machine_busy_pct": round(100 * busy / total, 1),
            "server_pct": round(100 * server / total, 1),
            "wrk_pct": round(100 * wrk / total, 1),
            "other_pct": round(max(0.0, 100 * (busy - server - wrk) / total), 1),
        }
        return False


def busy_now(seconds: float = 2.0) -> float:
    """% of all CPUs busy over the next ``seconds``."""
    total0, busy0 = machine_ticks()
    time.sleep(seconds)
    total1, busy1 = machine_ticks()
    return round(100 * (busy1 - busy0) / max(total1 - total0, 1), 1)


def wait_idle(seconds: int) -> float:
    """Wait at most ``seconds`` until the machine is under 10 % busy; the last % busy seen."""
    deadline = time.monotonic() + seconds
    while (busy := busy_now()) > 10 and time.monotonic() < deadline:
        log(f"waiting for an idle machine ({busy} % busy)")
    return busy


def run_wrk(
    wrk: str,
    url: str,
    cookie: str,
    *,
    script: Path = LUA,
    extra_env: dict | None = None,
    seconds: int | None = None,
) -> dict:
    """wrk against ``url`` for ``seconds`` (BENCH_SECONDS); the script's BENCH_JSON line."""
    seconds = seconds or SECONDS
    command = [
        wrk,
        f"--threads={THREADS}",
        f"--connections={CONNECTIONS}",
        f"--duration={seconds}s",
        f"--timeout={WRK_TIMEOUT}",
        f"--script={script}",
        url,
    ]
    env = {**os.environ, "BENCH_COOKIE": cookie, **(extra_env or {})}
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=seconds + 60, check=True
    )
    for line in result.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise RuntimeError(f"no JSON from wrk:\n{result.stdout}\n{result.stderr}")


def summarise(raw: dict) -> dict:
    seconds = raw["duration_us"] / 1e6
    lat = raw["latency_us"]
    return {
        "requests": raw["requests"],
        "duration_s": round(seconds, 3),
        "requests_per_s": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(lat["p50"] / 1000, 2),
        "p95_ms": round(lat["p95"] / 1000, 2),
        "p99_ms": round(lat["p99"] / 1000, 2),
        "mean_ms": round(lat["mean"] / 1000, 2),
        "max_ms": round(lat["max"] / 1000, 2),
        "errors": raw["errors"],
        "errors_total": sum(raw["errors"].values()),
        "non_2xx": raw["non_2xx"],
        "bytes": raw["bytes"],
    }


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        wrk_version = subprocess.run(
            ["wrk", "--version"], capture_output=True, text=True, timeout=10
        ).stdout.split("[")[0]
    except (OSError, subprocess.SubprocessError):
        wrk_version = ""
    versions = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, gunicorn, wagtail; "
            "print(django.get_version(), gunicorn.__version__, wagtail.__version__)",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.split()
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu,
        "load_avg_before": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "django": versions[0],
        "gunicorn": versions[1],
        "wagtail": versions[2],
        "wrk": wrk_version.strip(),
    }


def table(pages: dict) -> str:
    head = (
        f"{'page':<16}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'err':>6}{'non2xx':>8}{'rps/floor':>11}{'p50/floor':>11}{'other cpu%':>12}"
    )
    rows = [head, "-" * len(head)]
    for name, r in pages.items():
        rows.append(
            f"{name:<16}{r['requests_per_s']:>9.1f}{r['p50_ms']:>9.2f}{r['p95_ms']:>9.2f}"
            f"{r['p99_ms']:>9.2f}{r['errors_total']:>6}{r['non_2xx']:>8}"
            f"{r['ratio_to_floor']['requests_per_s']:>11.3f}{r['ratio_to_floor']['p50']:>11.2f}"
            f"{r['cpu']['other_pct']:>12.1f}"
        )
    return "\n".join(rows)


# --- shared by the other bench scripts ------------------------------------------------------

SEED_FLAG = "--seed"


def fetch(base: str, path: str, cookie: str = "") -> tuple[int, dict, bytes]:
    headers = {"Cookie": cookie} if cookie else {}
    request = urllib.request.Request(base + path, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


def measure_page(
    wrk: str,
    base: str,
    server_pid: int,
    name: str,
    path: str,
    cookie: str,
    *,
    seconds: int | None = None,
    warm_up: int = 20,
) -> dict:
    """Check the page answers 200, warm it up, then run wrk on it with the CPU shares and the
    machine's load."""
    status, location = status_of(base, path, cookie)
    if status != 200:
        raise RuntimeError(f"{name} {path} answered {status} {location} before the run")
    for _ in range(warm_up):  # warm up both workers: templates, caches, imports
        status_of(base, path, cookie)
    busy = wait_idle(WAIT_IDLE) if WAIT_IDLE else None
    log(f"wrk {name} {path} for {seconds or SECONDS} s")
    with CpuShare(server_pid) as cpu:
        raw = run_wrk(wrk, base + path, cookie, seconds=seconds)
    result = summarise(raw)
    result["bytes_per_response"] = round(raw["bytes"] / raw["requests"]) if raw["requests"] else 0
    result["cpu"] = cpu.result
    result["cpu_busy_pct_at_start"] = busy
    result["loadavg_1"] = round(os.getloadavg()[0], 2)
    if cpu.result["other_pct"] > 10:
        log(f"warning: other processes used {cpu.result['other_pct']} % of the CPUs")
    return result


def add_floor_ratios(pages: dict) -> None:
    """Each page's throughput and median latency as a ratio of the bare floor view's."""
    floor = pages["floor"]
    for result in pages.values():
        result["ratio_to_floor"] = {
            "requests_per_s": round(result["requests_per_s"] / floor["requests_per_s"], 3),
            "p50": round(result["p50_ms"] / floor["p50_ms"], 2),
        }


def seed_in_django(seed, count: int) -> int:
    """A bench script run with ``--seed``: set up Django with the bench settings, call
    ``seed(count)`` and print its result as one JSON line."""
    # bench/ comes first on sys.path and holds signals.py, which would shadow the Django app
    # ``signals``: import from src/ only.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
    sys.path.insert(0, str(SRC_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()
    print("BENCH_JSON " + json.dumps(seed(count)), flush=True)
    return 0


def run_seed(script: Path, env: dict) -> dict:
    """Run ``script --seed`` against the bench database and return its JSON line."""
    return run_part(script, SEED_FLAG, env, timeout=600)


def run_part(script: Path, flag: str, env: dict, timeout: int = 900) -> dict:
    """Run ``script flag`` (a part that works inside Django) against the bench database; the
    JSON line it prints."""
    return run_json([sys.executable, str(script), flag], env, timeout, flag)


def run_json(command: list[str], env: dict, timeout: int, what: str) -> dict:
    """Run ``command`` in the project directory; its ``BENCH_JSON`` line, parsed."""
    completed = subprocess.run(
        command,
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    for line in completed.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise RuntimeError(
        f"{what} gave no JSON (exit {completed.returncode}):\n{completed.stderr[-4000:]}"
    )


# --- PostgreSQL -------------------------------------------------------------------------------


def postgres_server() -> str:
    """The PostgreSQL server of DATABASE_URL (without the database name), or ''."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return ""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def wanted_databases(knob: str) -> list[str]:
    """The databases the environment variable ``knob`` names (``sqlite,postgresql``), or SQLite
    and, when DATABASE_URL names a PostgreSQL server, PostgreSQL."""
    names = [n.strip() for n in os.environ.get(knob, "").split(",") if n.strip()]
    return names or (["sqlite", "postgresql"] if postgres_server() else ["sqlite"])


def postgres_database(server: str, name: str, create: bool) -> None:
    """Drop the database ``name`` if it is there, and create it anew when ``create``."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(server + "/postgres", autocommit=True, connect_timeout=5) as conn:
        ident = sql.Identifier(name)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))
        if create:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(ident))
    log(f"PostgreSQL database {name} {'created' if create else 'dropped'}")


def postgres_version(server: str) -> str:
    import psycopg

    with psycopg.connect(server + "/postgres", connect_timeout=5) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


# --- the machine and the code -----------------------------------------------------------------


def load() -> dict:
    """The machine's load now: recorded with every result (figures taken under load are low)."""
    return {
        "loadavg_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "cpu_count": os.cpu_count(),
        "cpu_busy_pct": busy_now(1.0),
    }


def git_commit() -> dict:
    """The commit measured, and whether the working tree differs from it."""

    def git(*args: str) -> str:
        with suppress(OSError, subprocess.SubprocessError):
            return subprocess.run(
                ["git", *args], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=30
            ).stdout.strip()
        return ""

    return {
        "commit": git("rev-parse", "HEAD"),
        "subject": git("log", "-1", "--format=%s")[:120],
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no", "--", "src")),
    }


def write_json(name: str, report: dict) -> Path:
    """bench/results/<name>: the report with its time, the code and the load at the end."""
    report = {
        "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "code": git_commit(),
        **report,
        "load_after": load(),
    }
    path = RESULTS_DIR / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return path


def run_settings(**more) -> dict:
    """What every report says about how it was measured."""
    return {
        "django_settings": SETTINGS,
        "debug": False,
        "cache": "file-based (production default without REDIS_URL)",
        "static": "whitenoise, CompressedManifestStaticFilesStorage after collectstatic",
        "server": "gunicorn",
        "workers": WORKERS,
        "worker_class": WORKER_CLASS,
        "bind": "127.0.0.1 (loopback)",
        "load_generator": "wrk",
        "seconds_per_page": SECONDS,
        "connections": CONNECTIONS,
        "threads": THREADS,
        "wrk_timeout": WRK_TIMEOUT,
        "logged_in_as": MEMBER_EMAIL + " (for pages with logged_in true)",
        **more,
    }


# --- one run's life ---------------------------------------------------------------------------


class Bench:
    """One bench run on one database, as a context manager: a temporary directory, a fresh
    database (``database="sqlite"``, or ``"postgresql"`` on ``postgres_server()``), and at the
    end gunicorn stopped, the PostgreSQL database dropped and the directory removed (kept with
    BENCH_KEEP=1), also on error, Ctrl-C or SIGTERM.

        with Bench("pages") as bench:
            bench.prepare()              # migrate, demo (+ seeds), collectstatic
            base = bench.serve()         # gunicorn on a free port, /health/ answers
            cookie = bench.login()       # the demo member's session
    """

    _count = 0

    def __init__(self, name: str, *, database: str = "sqlite", pg_server: str = ""):
        self.name = name
        self.database = database
        self.pg_server = pg_server or postgres_server()
        self.pg_name = ""
        self.process: subprocess.Popen | None = None
        self.base = ""
        self.started = time.monotonic()
        self.phases: dict[str, float] = {}

    def __enter__(self):
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        database_url = ""
        if self.database == "postgresql":
            if not self.pg_server:
                raise RuntimeError("PostgreSQL asked for, but DATABASE_URL names no server")
            Bench._count += 1
            self.pg_name = f"raadsplein_bench_{os.getpid()}_{Bench._count}"
            postgres_database(self.pg_server, self.pg_name, create=True)
            database_url = f"{self.pg_server}/{self.pg_name}"
        # BENCH_REUSE=<a directory kept with BENCH_KEEP=1>: its SQLite database, static files
        # and media as they are, no set-up (prepare() does nothing); kept afterwards.
        self.reused = bool(os.environ.get("BENCH_REUSE")) and self.database == "sqlite"
        if self.reused:
            self.tmp = Path(os.environ["BENCH_REUSE"])
            log(f"reusing {self.tmp} (BENCH_REUSE): no migrate, demo, seeds or collectstatic")
        else:
            self.tmp = Path(tempfile.mkdtemp(prefix=f"raadsplein-bench-{self.name}-"))
        self.env = server_env(self.tmp, database_url)
        return self

    def __exit__(self, *exc):
        stop(self.process)
        if self.pg_name:
            try:
                postgres_database(self.pg_server, self.pg_name, create=False)
            except Exception as error:  # noqa: BLE001 - never hide the run's own error
                log(f"could not drop {self.pg_name}: {error}")
        if os.environ.get("BENCH_KEEP") == "1" or self.reused:
            log(f"kept {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)
        return False

    def phase(self, name: str, started: float) -> None:
        self.phases[name] = round(time.monotonic() - started, 1)

    def lap(self, name: str) -> None:
        """``phases[name]``: the seconds since the last lap (or the start)."""
        now = time.monotonic()
        self.phases[name] = round(now - getattr(self, "_lap", self.started), 1)
        self._lap = now

    def prepare(self, *, seeds: tuple[Path, ...] = (), collectstatic: bool = True) -> list[dict]:
        """migrate + demo, then ``script --seed`` for each script in ``seeds`` (their JSON lines),
        then collectstatic."""
        if self.reused:
            return [{"reused": str(self.tmp)} for _ in seeds]
        started = time.monotonic()
        manage(self.env, "migrate", "--noinput")
        manage(self.env, "demo")
        seeded = []
        for script in seeds:
            log(f"seeding: {script.name} --seed")
            seeded.append(run_seed(script, self.env))
        if collectstatic:
            manage(self.env, "collectstatic", "--noinput")
        self.phase("prepare", started)
        return seeded

    def section(self, **data) -> dict:
        """One database's section of a report: when, which database, ``data``, where the time
        went."""
        return {
            "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": f"PostgreSQL, fresh database {self.pg_name}"
            if self.pg_name
            else "SQLite (WAL) in a temporary directory",
            **data,
            "phase_seconds": self.phases,
            "wall_time_s": round(time.monotonic() - self.started, 1),
        }

    def serve(self, **gunicorn) -> str:
        """gunicorn on a free port (``start_gunicorn``'s options); the base URL once /health/
        answers."""
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.logfile = self.tmp / "gunicorn.log"
        self.process = start_gunicorn(self.env, port, self.logfile, **gunicorn)
        wait_for_health(self.base, self.process, self.logfile)
        return self.base

    def login(self, email: str = MEMBER_EMAIL) -> str:
        return login_cookie(self.base, email)

    def settings(self, **more) -> dict:
        return run_settings(**{"database": self.database, **more})


def measure_pages(wrk: str, bench: Bench, pages: list[tuple[str, str, str, str]]) -> dict:
    """``measure_page`` for each (name, path, cookie, path shown in the JSON), in that order."""
    measured = {}
    for name, path, cookie, shown in pages:
        result = measure_page(wrk, bench.base, bench.process.pid, name, path, cookie)
        measured[name] = {"path": shown, "logged_in": bool(cookie), **result}
    return measured


def finish(name: str, report: dict, failures: list[str], footer: str = "") -> int:
    """The end of a page-measuring script: floor ratios, wrk's errors added to ``failures``, the
    JSON written (``name``), the table printed; the exit status."""
    pages = report["pages"]
    add_floor_ratios(pages)
    failures += [
        f"{page}: errors {r['errors']}, {r['non_2xx']} non-2xx"
        for page, r in pages.items()
        if r["errors_total"] or r["non_2xx"]
    ]
    print()
    print(table(pages))
    if footer:
        print(footer)
    return done(name, {**report, "failures": failures}, failures)


def done(name: str, report: dict, failures: list[str]) -> int:
    """``write_json(name, report)``, the failures printed; the exit status."""
    path = write_json(name, report)
    print(f"\n{path.relative_to(PROJECT_DIR)} written")
    if failures:
        print("[bench] FAILED: " + "\n[bench] FAILED: ".join(failures), file=sys.stderr)
        return 1
    return 0
