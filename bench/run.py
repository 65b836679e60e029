"""`bench/run.py`: load-test a few pages under gunicorn on loopback and write
bench/results/platform.json.

The set-up, gunicorn, the login and wrk are the skeleton's (bench/skeleton.py): a fresh SQLite
database (migrate + demo data), collectstatic, gunicorn with raadsplein.settings.bench, the demo
member's session through the real login form, then wrk against each page for BENCH_SECONDS.
bench/pages.py measures every page of issue 18 against the floor; this keeps the short list.
"""

from __future__ import annotations

import sys
import time

import skeleton as sk

# name, path, needs the member's session
PAGES = [
    ("floor", "/bench/floor/", False),
    ("home", "/", False),
    ("council_page", "/raden/noord/", False),
    ("mijn_overzicht", "/mijn/", True),
]


def main() -> int:
    wrk = sk.ensure_wrk()
    info = sk.machine()
    info["cpu_busy_pct_before"] = sk.busy_now()
    with sk.Bench("platform") as bench:
        sk.manage(bench.env, "compilemessages", "--ignore=.venv")
        bench.prepare()
        bench.serve()
        cookie = bench.login()
        pages = {}
        for name, path, needs_login in PAGES:
            page_cookie = cookie if needs_login else ""
            result = sk.measure_page(wrk, bench.base, bench.process.pid, name, path, page_cookie)
            pages[name] = {"path": path, "logged_in": needs_login, **result}
        # the session must still have been valid at the end of the run
        status, location = sk.status_of(bench.base, "/mijn/", cookie)
        if status != 200:
            raise RuntimeError(f"/mijn/ after the run answered {status} {location}")
        settings = bench.settings()
    sk.add_floor_ratios(pages)
    path = sk.write_json(
        "platform.json",
        {
            "machine": info,
            "settings": settings,
            "pages": pages,
            "wall_time_s": round(time.monotonic() - bench.started, 1),
        },
    )
    print()
    print(sk.table(pages))
    print(f"\n{path.relative_to(sk.PROJECT_DIR)} written")
    failed = [n for n, r in pages.items() if r["errors_total"] or r["non_2xx"]]
    if failed:
        print(f"[bench] errors or non-2xx responses on: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
