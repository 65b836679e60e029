"""`make bench`: load-test a few pages under gunicorn on loopback and write
bench/results/platform.json.

Steps: a fresh SQLite database in a temporary directory (migrate + demo data), collectstatic,
gunicorn with production-like settings (raadsplein.settings.bench) on 127.0.0.1, a session
cookie for the demo member (a real login through the form), then wrk against each page for a
bounded time. Everything stops at the end, also on error or Ctrl-C.

Environment: BENCH_SECONDS (per page, default 10), BENCH_CONNECTIONS (8), BENCH_THREADS (2),
BENCH_WORKERS (2), BENCH_WORKER_CLASS (sync), BENCH_KEEP=1 keeps the temporary directory,
BENCH_WAIT_IDLE (seconds, default 0) waits at most that long for an idle machine before wrk.

Every URL opened here is http://127.0.0.1:<port> built by this script (hence the S310 noqa).
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
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
SRC_DIR = PROJECT_DIR / "src"
RESULTS = BENCH_DIR / "results" / "platform.json"
LUA = BENCH_DIR / "report.lua"
VENV_BIN = Path(sys.executable).parent
SETTINGS = "raadsplein.settings.bench"

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")
WAIT_IDLE = int(os.environ.get("BENCH_WAIT_IDLE", "0"))
WRK_TIMEOUT = "5s"  # a request slower than this counts as a timeout error

MEMBER_EMAIL = "lid@raadsplein.example"
MEMBER_PASSWORD = "raadsplein-demo"  # noqa: S105 (the documented demo password)

# name, path, needs the member's session
PAGES = [
    ("floor", "/bench/floor/", False),
    ("home", "/", False),
    ("council_page", "/raden/noord/", False),
    ("mijn_overzicht", "/mijn/", True),
]


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(tmp: Path) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        # loopback only, nothing external: no Redis, no S3, no real mail
        if key not in {"REDIS_URL", "S3_BUCKET", "EMAIL_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
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


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    log(f"stopping gunicorn (pid {process.pid})")
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
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
    wrk: str, url: str, cookie: str, *, script: Path = LUA, extra_env: dict | None = None
) -> dict:
    """wrk against ``url`` for BENCH_SECONDS; the script's BENCH_JSON line, parsed."""
    command = [
        wrk,
        f"--threads={THREADS}",
        f"--connections={CONNECTIONS}",
        f"--duration={SECONDS}s",
        f"--timeout={WRK_TIMEOUT}",
        f"--script={script}",
        url,
    ]
    env = {**os.environ, "BENCH_COOKIE": cookie, **(extra_env or {})}
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=SECONDS + 60, check=True
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


def measure_page(wrk: str, base: str, server_pid: int, name: str, path: str, cookie: str) -> dict:
    """Check the page answers 200, warm it up, then run wrk on it with the CPU shares."""
    status, location = status_of(base, path, cookie)
    if status != 200:
        raise RuntimeError(f"{name} {path} answered {status} {location} before the run")
    for _ in range(20):  # warm up both workers: templates, caches, imports
        status_of(base, path, cookie)
    busy = wait_idle(WAIT_IDLE) if WAIT_IDLE else None
    log(f"wrk {name} {path} for {SECONDS} s")
    with CpuShare(server_pid) as cpu:
        raw = run_wrk(wrk, base + path, cookie)
    result = summarise(raw)
    result["bytes_per_response"] = round(raw["bytes"] / raw["requests"]) if raw["requests"] else 0
    result["cpu"] = cpu.result
    result["cpu_busy_pct_at_start"] = busy
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
    completed = subprocess.run(
        [sys.executable, str(script), SEED_FLAG],
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
    raise RuntimeError(
        f"seeding gave no JSON (exit {completed.returncode}):\n{completed.stderr[-3000:]}"
    )


def main() -> int:
    # SIGTERM ends the run like Ctrl-C does: through the finally below, so gunicorn stops too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    wrk = ensure_wrk()
    keep = os.environ.get("BENCH_KEEP") == "1"
    tmp = Path(tempfile.mkdtemp(prefix="raadsplein-bench-"))
    env = server_env(tmp)
    process = None
    started = time.monotonic()
    try:
        info = machine()
        info["cpu_busy_pct_before"] = busy_now()
        if info["cpu_busy_pct_before"] > 10:
            log(
                f"warning: the machine is {info['cpu_busy_pct_before']} % busy before the run; "
                "other work makes the figures lower and noisier (see cpu.other_pct per page)"
            )
        manage(env, "migrate", "--noinput")
        manage(env, "compilemessages", "--ignore=.venv")
        manage(env, "demo")
        manage(env, "collectstatic", "--noinput")

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        logfile = tmp / "gunicorn.log"
        process = start_gunicorn(env, port, logfile)
        wait_for_health(base, process, logfile)
        cookie = login_cookie(base)

        if WAIT_IDLE:
            info["cpu_busy_pct_at_start"] = wait_idle(WAIT_IDLE)

        pages = {}
        for name, path, needs_login in PAGES:
            page_cookie = cookie if needs_login else ""
            status, location = status_of(base, path, page_cookie)
            if status != 200:
                raise RuntimeError(f"{path} answered {status} {location} before the run")
            for _ in range(20):  # warm up both workers: templates, caches, imports
                status_of(base, path, page_cookie)
            log(f"wrk {name} {path} for {SECONDS} s")
            with CpuShare(process.pid) as cpu:
                raw = run_wrk(wrk, base + path, page_cookie)
            pages[name] = {"path": path, "logged_in": needs_login, **summarise(raw)}
            pages[name]["cpu"] = cpu.result
            if cpu.result["other_pct"] > 10:
                log(f"warning: other processes used {cpu.result['other_pct']} % of the CPUs")
        # the session must still have been valid at the end of the run
        status, location = status_of(base, "/mijn/", cookie)
        if status != 200:
            raise RuntimeError(f"/mijn/ after the run answered {status} {location}")
    finally:
        stop(process)
        if keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    add_floor_ratios(pages)
    report = {
        "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": info,
        "settings": {
            "django_settings": SETTINGS,
            "debug": False,
            "database": "SQLite (WAL), fresh, migrate + demo data",
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
        },
        "pages": pages,
        "wall_time_s": round(time.monotonic() - started, 1),
    }
    report["machine"]["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print()
    print(table(pages))
    print(f"\n{RESULTS.relative_to(PROJECT_DIR)} written ({report['wall_time_s']} s)")
    noisy = [n for n, r in pages.items() if r["cpu"]["other_pct"] > 10]
    if noisy:
        print(f"[bench] other processes competed for the CPUs during: {', '.join(noisy)}")
    failed = [n for n, r in pages.items() if r["errors_total"] or r["non_2xx"]]
    if failed:
        print(f"[bench] errors or non-2xx responses on: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
