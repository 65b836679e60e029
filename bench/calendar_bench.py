"""`make bench`, third part: the calendar with 1,000 events, written to
bench/results/calendar.json.

1. A fresh SQLite database in a temporary directory (migrate + demo data, collectstatic), as
   run.py does.
2. 1,000 events for the demo member lid@raadsplein.example, spread over the coming year: 500
   activities they signed up for (Registration; every tenth on the waiting list, which the feed
   marks tentative) and 500 meetings of their council they are invited to (MeetingInvitation).
   Made with bulk_create by this file itself, run as a subprocess with the bench settings
   (``calendar_bench.py --seed``). The member's demo sign-ups and invitations are removed first,
   so that their feed holds exactly those 1,000 events.
3. gunicorn as run.py starts it, a real login as the demo member, then wrk for BENCH_SECONDS
   against each of: the floor page, the member's personal feed /agenda/feed/<token>.ics (no
   login: the token is the key) and the activity list /agenda/ (logged in).
4. The feed is fetched once and parsed with icalendar: it must hold exactly 1,000 VEVENTs with
   distinct UIDs. The run fails (exit 1) when it does not, or when wrk saw errors or non-2xx.

Named calendar_bench.py, not calendar.py: bench/ is the first entry of sys.path when a script
here runs, and a bench/calendar.py would shadow the standard library's ``calendar`` (which
Django and the month view import); see bench/classify.py for the same with ``signals``.

Environment: as run.py (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_THREADS, BENCH_WORKERS,
BENCH_WORKER_CLASS, BENCH_KEEP, BENCH_WAIT_IDLE), plus BENCH_CALENDAR_EVENTS (1000; half
activities, half meetings).

Every URL opened here is http://127.0.0.1:<port> built by this script (hence the S310 noqa).
"""

from __future__ import annotations

import datetime
import os
import re
import sys
import time
from pathlib import Path

import skeleton as sk
from skeleton import MEMBER_EMAIL, SEED_FLAG, fetch, log, run_seed, seed_in_django

EVENTS = int(os.environ.get("BENCH_CALENDAR_EVENTS", "1000"))
TITLE_PREFIX = "Bench"
FEED_PATH = "/agenda/feed/{token}.ics"
FEED_SHOWN = "/agenda/feed/<token>.ics"  # in the JSON: the token is a secret
LIST_PATH = "/agenda/"


# --- the events (run in a subprocess with the bench database) -------------------------------


def seed(events: int) -> dict:
    """Make ``events`` events for the demo member with bulk_create; what was made, and the
    member's feed token. Runs inside Django (the caller has set up the environment)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from councils.models import Membership
    from meetings.models import Activity, Meeting, MeetingInvitation, Registration
    from meetings.selectors_activities import AMSTERDAM
    from meetings.services import calendar_token_get

    started = time.perf_counter()
    user = get_user_model().objects.get(email=MEMBER_EMAIL)
    membership = Membership.objects.active().filter(user=user).select_related("council").first()
    if membership is None:
        raise RuntimeError(f"{MEMBER_EMAIL} sits on no council in the demo data")
    council = membership.council
    n_activities = events // 2
    n_meetings = events - n_activities
    today = timezone.localdate(timezone=AMSTERDAM)
    kinds = list(Activity.Kind.values)
    rsvps = list(MeetingInvitation.Rsvp.values)

    def at(index: int, count: int, hour: int) -> datetime.datetime:
        """Spread ``count`` events over the coming year, from tomorrow on."""
        day = today + datetime.timedelta(days=1 + index * 364 // count)
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=AMSTERDAM)

    with transaction.atomic():
        removed = {
            "registrations": Registration.objects.filter(user=user).delete()[0],
            "invitations": MeetingInvitation.objects.filter(user=user).delete()[0],
        }
        activities = []
        for i in range(n_activities):
            start = at(i, n_activities, 9 + i % 8)
            national = i % 5 == 0
            activities.append(
                Activity(
                    title=f"{TITLE_PREFIX}-activiteit {i + 1}",
                    description="Een activiteit voor de benchmark van de agenda.",
                    kind=kinds[i % len(kinds)],
                    scope=Activity.Scope.NATIONAL if national else Activity.Scope.REGIONAL,
                    council=None if national else council,
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=2),
                    location="" if i % 4 == 0 else "UWV-kantoor, Groningen",
                    online_url="https://video.voorbeeld.example/bench" if i % 4 == 0 else "",
                    capacity=None if i % 3 == 0 else 25,
                    step_free=i % 2 == 0,
                    hearing_loop=i % 3 == 0,
                    visibility="councils",
                )
            )
        Activity.objects.bulk_create(activities, batch_size=250)
        activities = list(
            Activity.objects.filter(title__startswith=f"{TITLE_PREFIX}-activiteit ").order_by("pk")
        )
        Registration.objects.bulk_create(
            [
                Registration(
                    activity=activity,
                    user=user,
                    status=(
                        Registration.Status.WAITLISTED
                        if i % 10 == 0
                        else Registration.Status.CONFIRMED
                    ),
                    access_needs=["hearing_loop"] if i % 7 == 0 else [],
                )
                for i, activity in enumerate(activities)
            ],
            batch_size=250,
        )
        meetings = []
        for i in range(n_meetings):
            start = at(i, n_meetings, 13 + i % 5)
            meetings.append(
                Meeting(
                    kind=Meeting.Kind.COUNCIL,
                    council=council,
                    title=f"{TITLE_PREFIX}-vergadering {i + 1}",
                    description="Een vergadering voor de benchmark van de agenda.",
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=2),
                    location="Stadhuis, Zwolle",
                )
            )
        Meeting.objects.bulk_create(meetings, batch_size=250)
        meetings = list(
            Meeting.objects.filter(title__startswith=f"{TITLE_PREFIX}-vergadering ").order_by("pk")
        )
        MeetingInvitation.objects.bulk_create(
            [
                MeetingInvitation(
                    meeting=meeting, user=user, on_behalf_of=council, rsvp=rsvps[i % len(rsvps)]
                )
                for i, meeting in enumerate(meetings)
            ],
            batch_size=250,
        )
    token = calendar_token_get(user=user).token
    return {
        "member": MEMBER_EMAIL,
        "council": council.slug,
        "activities": len(activities),
        "registrations": Registration.objects.filter(user=user).count(),
        "waitlisted": Registration.objects.filter(
            user=user, status=Registration.Status.WAITLISTED
        ).count(),
        "meetings": len(meetings),
        "invitations": MeetingInvitation.objects.filter(user=user).count(),
        "first": str(min(a.starts_at for a in activities)),
        "last": str(max(m.starts_at for m in meetings)),
        "demo_removed": removed,
        "seconds": round(time.perf_counter() - started, 2),
        "token": token,
    }


def seed_and_log(env: dict) -> dict:
    log(f"seeding {EVENTS} events for {MEMBER_EMAIL} (bulk_create)")
    return run_seed(Path(__file__).resolve(), env)


# --- checks before measuring ------------------------------------------------------------------


def check_feed(base: str, path: str) -> dict:
    """The feed once, parsed with icalendar: its size and its events."""
    import icalendar

    started = time.perf_counter()
    status, headers, body = fetch(base, path)
    took_ms = (time.perf_counter() - started) * 1000
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    uids = {str(event.get("UID")) for event in events}
    statuses: dict[str, int] = {}
    for event in events:
        value = str(event.get("STATUS", ""))
        statuses[value] = statuses.get(value, 0) + 1
    return {
        "status": status,
        "content_type": headers.get("Content-Type", ""),
        "bytes": len(body),
        "vevents": len(events),
        "distinct_uids": len(uids),
        "event_status": statuses,
        "single_fetch_ms": round(took_ms, 1),
    }


def check_list(base: str, cookie: str) -> dict:
    """/agenda/ once: the number of activities it says it found, and the page's size."""
    status, _headers, body = fetch(base, LIST_PATH, cookie)
    html = body.decode()
    found = re.search(r"([\d.]+) activiteiten gevonden", html)
    return {
        "status": status,
        "bytes": len(body),
        "activities_found": int(found.group(1).replace(".", "")) if found else None,
        "items_on_page": html.count('<li class="card">'),
    }


# --- measuring --------------------------------------------------------------------------------


def main() -> int:
    wrk = sk.ensure_wrk()
    info = sk.machine()
    failures: list[str] = []
    with sk.Bench("calendar") as bench:
        bench.prepare(collectstatic=False)
        seeded = seed_and_log(bench.env)
        token = seeded.pop("token")
        sk.manage(bench.env, "collectstatic", "--noinput")
        base = bench.serve()
        cookie = bench.login()

        feed_path = FEED_PATH.format(token=token)
        feed = check_feed(base, feed_path)
        log(f"feed: {feed['bytes']} bytes, {feed['vevents']} VEVENTs")
        if feed["vevents"] != EVENTS or feed["distinct_uids"] != EVENTS:
            failures.append(
                f"the feed holds {feed['vevents']} VEVENTs ({feed['distinct_uids']} distinct "
                f"UIDs), expected {EVENTS}"
            )
        listed = check_list(base, cookie)
        if not listed["activities_found"] or listed["activities_found"] < seeded["activities"]:
            failures.append(f"/agenda/ found {listed['activities_found']} activities")
        pages = sk.measure_pages(
            wrk,
            bench,
            [
                ("floor", "/bench/floor/", "", "/bench/floor/"),
                ("personal_feed", feed_path, "", FEED_SHOWN),
                ("agenda", LIST_PATH, cookie, LIST_PATH),
            ],
        )
        # the session must still have been valid at the end of the run
        status, location = sk.status_of(base, LIST_PATH, cookie)
        if status != 200:
            failures.append(f"{LIST_PATH} after the run answered {status} {location}")
        settings = bench.settings(database="SQLite (WAL), fresh, migrate + demo + the events")
    report = {
        "machine": info,
        "settings": settings,
        "events": seeded,
        "feed": feed,
        "agenda": listed,
        "pages": pages,
        "wall_time_s": round(time.monotonic() - bench.started, 1),
    }
    footer = (
        f"\nfeed: {feed['bytes']:,} bytes, {feed['vevents']} VEVENTs "
        f"({feed['event_status']}); /agenda/: {listed['activities_found']} activities, "
        f"{listed['items_on_page']} on the first page"
    )
    return sk.finish("calendar.json", report, failures, footer)


if __name__ == "__main__":
    sys.exit(seed_in_django(seed, EVENTS) if sys.argv[1:] == [SEED_FLAG] else main())
