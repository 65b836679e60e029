"""`make bench`, knowledge part: dossiers at volume and the handbook's PDF, written to
bench/results/knowledge.json.

Per database (SQLite always; PostgreSQL too when DATABASE_URL names a PostgreSQL server, in a
fresh database ``raadsplein_bench_<pid>_<n>`` on it, dropped afterwards; BENCH_KNOWLEDGE_BACKENDS=
sqlite,postgresql picks):

1. A fresh database (SQLite in a temporary directory): ``migrate`` + ``demo`` (which loads the
   handbook's first edition and the eight demo dossiers).
2. ``knowledge_bench.py --seed`` (a subprocess with the bench settings, bulk_create):
   BENCH_DOSSIERS (2,000) dossiers spread over the demo's councils, with visibilities, states,
   themes, councils that joined, a timeline of BENCH_UPDATES (20) updates each (notes,
   documents, joins, status), documents with 1-3 versions, follows for every demo member. Plus
   one dossier of the demo member's council ("noord", owned by them) with a long timeline
   (BENCH_LONG_TIMELINE, 300 updates), 10 documents of 3 versions each and links to the demo's
   meetings and signals: the detail page measured. The version files all point at one small
   real file in the private storage; the bulk rows are not put in the search index (no page
   measured here searches). On PostgreSQL an ANALYZE follows, as autovacuum would do.
3. ``--queries``: each page once through Django's test client as the demo member, with the
   number of SQL queries and the time in-process (median of 5), and the detail page of a
   dossier with a short timeline and no documents beside the long one: the same count means no
   query per row.
4. ``--pdf``: the whole handbook as one PDF (``handbook.pdf.handbook_pdf``): the first build in
   a fresh process (WeasyPrint's import and font set-up included), then BENCH_PDF_RUNS (5)
   builds each with the cache cleared (p50/max, and how much of it is the template), its size
   in bytes and its page count (pypdf), and a cached read. The cache is cleared at the end, so
   the first request over HTTP builds it again.
5. gunicorn and a real login as in run.py, a check that each page shows what was seeded, then
   wrk for BENCH_SECONDS against: the floor, "Mijn overzicht" (its dossier panel runs over all
   dossiers), the dossier list (first page, and a filtered page), the long dossier's page,
   "wat speelt er elders" and the handbook PDF (cached; the first, uncached request is timed
   on its own).

Each run replaces only its own databases' sections of the JSON. The run fails (exit 1) when wrk
saw errors or non-2xx responses, or a page does not show what was seeded.

Environment: BENCH_DOSSIERS (2000), BENCH_UPDATES (20), BENCH_LONG_TIMELINE (300),
BENCH_PDF_RUNS (5), BENCH_KNOWLEDGE_BACKENDS, DATABASE_URL (the PostgreSQL server); the skeleton's
BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_THREADS, BENCH_WORKERS, BENCH_WORKER_CLASS, BENCH_KEEP
and BENCH_WAIT_IDLE.

Every URL opened here is http://127.0.0.1:<port> built by this script (hence the S310 noqa).
"""

from __future__ import annotations

import datetime
import json
import os
import re
import signal
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import skeleton
from skeleton import (
    MEMBER_EMAIL,
    SEED_FLAG,
    add_floor_ratios,
    busy_now,
    ensure_wrk,
    fetch,
    log,
    machine,
    manage,
    seed_in_django,
    status_of,
    table,
)

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results" / "knowledge.json"
QUERIES_FLAG = "--queries"
PDF_FLAG = "--pdf"
DOSSIERS = int(os.environ.get("BENCH_DOSSIERS", "2000"))
UPDATES = int(os.environ.get("BENCH_UPDATES", "20"))
LONG_TIMELINE = int(os.environ.get("BENCH_LONG_TIMELINE", "300"))
PDF_RUNS = int(os.environ.get("BENCH_PDF_RUNS", "5"))
LONG_TITLE = "Benchdossier met een lange tijdlijn"
LONG_DOCUMENTS = 10
LONG_VERSIONS = 3
FILTER = "?status=open&onderwerp=bereikbaarheid"
SUMMARY = (
    "Cliënten vertellen ons hierover. Wij verzamelen hun ervaringen en praten met UWV over "
    "wat beter kan. Andere raden kunnen meedoen en hun voorbeelden toevoegen."
)

SUBJECTS = [
    "Brieven in gewone taal",
    "Bereikbaarheid van de telefoon",
    "Wachttijden bij de keuring",
    "Terugvordering na inkomsten",
    "Re-integratie na ziekte",
    "Mijn UWV voor iedereen",
    "Bejegening aan de balie",
    "Privacy bij het delen van gegevens",
    "Werkgevers en loonkostensubsidie",
    "Scholing voor werkzoekenden",
]
NOTES = [
    "Gesprek gehad met de afdeling klantcontact. Zij komen terug met cijfers.",
    "Signalen van de afgelopen drie maanden op een rij gezet voor de vergadering.",
    "UWV belooft een reactie binnen zes weken. Wij houden de datum in de gaten.",
    "De werkgroep heeft een eerste opzet van het advies besproken en aangevuld.",
    "Twee leden delen hun ervaring in de volgende vergadering van de raad.",
    "Voorbeelden verzameld bij achterbanorganisaties in de regio.",
]


# --- seeding (run in a subprocess with the bench database) -----------------------------------


class _NoAutoNow:
    """Lets bulk_create keep the dates we give (auto_now_add would set them all to now)."""

    def __init__(self, *fields):
        self.fields = fields

    def __enter__(self):
        for field in self.fields:
            field.auto_now_add = False

    def __exit__(self, *exc):
        for field in self.fields:
            field.auto_now_add = True
        return False


def seed(count: int) -> dict:
    """``count`` dossiers with timelines, documents, versions and follows, and the long dossier
    of the demo member's council; what was made. Runs inside Django."""
    import random

    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages
    from django.db import connection, transaction
    from django.utils import timezone

    from common.models import Visibility
    from common.taxonomy import choices
    from councils.models import Council, Membership
    from dossiers import services
    from dossiers.models import (
        DocumentVersion,
        Dossier,
        DossierDocument,
        DossierStatus,
        DossierUpdate,
        Follow,
    )

    started = time.perf_counter()
    rng = random.Random(2026)
    member = get_user_model().objects.get(email=MEMBER_EMAIL)
    people: dict[int, list] = {}
    for m in Membership.objects.active().select_related("user").order_by("id"):
        people.setdefault(m.council_id, []).append(m.user)
    councils = list(Council.objects.filter(pk__in=people).order_by("id"))
    noord = Council.objects.get(slug="noord")
    regelingen = [code for code, _ in choices("regeling")]
    onderwerpen = [code for code, _ in choices("onderwerp")]
    stored = storages["private"].save(
        "dossiers/bench-document.txt",
        ContentFile(b"Verslag van het gesprek met UWV over de bereikbaarheid.\n"),
    )
    now = timezone.now()
    K = DossierUpdate.Kind

    def version(document, number, at, by):
        return DocumentVersion(
            document=document,
            number=number,
            file=stored,
            original_name=f"verslag-{number}.txt",
            size=57,
            note="Aangevuld na het gesprek" if number > 1 else "",
            uploaded_by=by,
            uploaded_at=at,
            text="Verslag van het gesprek met UWV over de bereikbaarheid.",
            extraction=DocumentVersion.Extraction.DONE,
        )

    fields = [
        Dossier._meta.get_field("created_at"),
        DossierUpdate._meta.get_field("at"),
        DossierDocument._meta.get_field("created_at"),
        DocumentVersion._meta.get_field("uploaded_at"),
        Follow._meta.get_field("since"),
    ]
    with transaction.atomic(), _NoAutoNow(*fields):
        dossiers = []
        for i in range(count):
            council = councils[i % len(councils)]
            begun = now - datetime.timedelta(days=rng.randint(20, 730), hours=rng.randint(0, 23))
            closed = i % 6 == 0
            changed = begun + (now - begun) * rng.uniform(0.3, 1.0)
            dossiers.append(
                Dossier(
                    title=f"{SUBJECTS[i % len(SUBJECTS)]} ({council.name}, {i + 1})",
                    summary=SUMMARY,
                    regeling=rng.choice(regelingen),
                    onderwerp=rng.choice(onderwerpen),
                    council=council,
                    owner=rng.choice(people[council.pk]),
                    status=DossierStatus.CLOSED if closed else DossierStatus.OPEN,
                    visibility=rng.choices(
                        [Visibility.COUNCILS, Visibility.COUNCIL, Visibility.PUBLIC],
                        weights=[60, 25, 15],
                    )[0],
                    created_at=begun,
                    changed_at=changed,
                    closed_at=changed if closed else None,
                )
            )
        Dossier.objects.bulk_create(dossiers, batch_size=500)  # sets the pks (SQLite, PG)

        joined: dict[int, list] = {}
        through = []
        for dossier in dossiers:
            if rng.random() < 0.35:
                others = rng.sample([c for c in councils if c.pk != dossier.council_id], 2)
                joined[dossier.pk] = others[: rng.randint(1, 2)]
                through += [
                    Dossier.councils.through(dossier_id=dossier.pk, council_id=c.pk)
                    for c in joined[dossier.pk]
                ]
        Dossier.councils.through.objects.bulk_create(through, batch_size=1000)

        documents, pending_versions = [], []
        for dossier in dossiers:
            for d in range(rng.choice([0, 1, 1, 2, 3])):
                documents.append(
                    DossierDocument(
                        dossier=dossier,
                        title=f"Verslag {d + 1}",
                        created_at=dossier.created_at,
                        created_by=dossier.owner,
                    )
                )
        DossierDocument.objects.bulk_create(documents, batch_size=1000)
        for document in documents:
            span = (document.dossier.changed_at - document.created_at) / 4
            for n in range(1, rng.randint(1, 3) + 1):
                pending_versions.append(
                    version(document, n, document.created_at + span * n, document.created_by)
                )
        DocumentVersion.objects.bulk_create(pending_versions, batch_size=1000)
        versions_of: dict[int, list] = {}
        for v in pending_versions:
            versions_of.setdefault(v.document.dossier_id, []).append(v)

        updates = []
        for dossier in dossiers:
            crowd = people[dossier.council_id]
            step = (dossier.changed_at - dossier.created_at) / max(UPDATES - 1, 1)
            kinds = [K.STARTED]
            kinds += [K.JOINED] * len(joined.get(dossier.pk, []))
            kinds += [K.DOCUMENT] * len(versions_of.get(dossier.pk, []))
            if dossier.status == DossierStatus.CLOSED:
                kinds.append(K.STATUS)
            kinds[1:1] = [K.NOTE] * max(0, UPDATES - len(kinds))
            kinds = kinds[:UPDATES]
            docs = iter(versions_of.get(dossier.pk, []))
            for n, kind in enumerate(kinds):
                line = DossierUpdate(
                    dossier=dossier,
                    kind=kind,
                    author=rng.choice(crowd),
                    at=dossier.created_at + step * n,
                )
                if kind == K.STARTED:
                    line.text = dossier.title
                elif kind == K.NOTE:
                    line.text = rng.choice(NOTES)
                elif kind == K.DOCUMENT:
                    line.version = next(docs, None)
                    line.text = "Nieuw stuk: Verslag"
                elif kind == K.STATUS:
                    line.text = "Het dossier is afgerond."
                updates.append(line)
        DossierUpdate.objects.bulk_create(updates, batch_size=2000)

        # Follows: every demo member follows 15 dossiers of their council, the bench member 40.
        follows = {}
        for council_id, users in people.items():
            own = [d for d in dossiers if d.council_id == council_id]
            for user in users:
                for dossier in rng.sample(own, min(len(own), 40 if user == member else 15)):
                    follows[(dossier.pk, user.pk)] = Follow(
                        dossier=dossier, user=user, since=dossier.created_at
                    )
        existing = set(Follow.objects.values_list("dossier_id", "user_id"))
        Follow.objects.bulk_create(
            [f for key, f in follows.items() if key not in existing], batch_size=2000
        )

    # The long dossier: made through the services where the page shows what they make (links),
    # then its timeline and documents in bulk.
    long = services.dossier_start(
        actor=member,
        council=noord,
        title=LONG_TITLE,
        summary="Een dossier met een lange geschiedenis, tien stukken en koppelingen.",
        regeling="WW",
        onderwerp="bereikbaarheid",
        visibility=Visibility.COUNCILS,
    )
    partners = [c for c in councils if c.pk != noord.pk][:2]
    long.councils.set(partners)
    linked = _link_demo_objects(services, member, long, noord)
    crowd = people[noord.pk]
    begun = now - datetime.timedelta(days=700)
    with transaction.atomic(), _NoAutoNow(*fields):
        docs = DossierDocument.objects.bulk_create(
            [
                DossierDocument(
                    dossier=long, title=f"Stuk {n + 1:02d}", created_at=begun, created_by=member
                )
                for n in range(LONG_DOCUMENTS)
            ]
        )
        long_versions = DocumentVersion.objects.bulk_create(
            [
                version(doc, n, begun + datetime.timedelta(days=30 * n), rng.choice(crowd))
                for doc in docs
                for n in range(1, LONG_VERSIONS + 1)
            ]
        )
        step = (now - begun) / LONG_TIMELINE
        lines = []
        for n in range(LONG_TIMELINE):
            v = long_versions[n // 10] if n % 10 == 5 and n // 10 < len(long_versions) else None
            lines.append(
                DossierUpdate(
                    dossier=long,
                    kind=K.DOCUMENT if v else K.NOTE,
                    text="Nieuw stuk" if v else rng.choice(NOTES),
                    author=rng.choice(crowd),
                    version=v,
                    at=begun + step * n,
                )
            )
        DossierUpdate.objects.bulk_create(lines, batch_size=2000)
    Dossier.objects.filter(pk=long.pk).update(changed_at=now)
    analyzed = False
    if connection.vendor == "postgresql":
        # A live server's autovacuum gathers planner statistics within a minute or so after a
        # bulk load; the local test server runs without autovacuum, and without statistics the
        # planner takes 2,009 dossiers for 14 (the feed's page query: 8 ms instead of 0.9 ms).
        # SQLite is left as the app leaves it: it never runs ANALYZE.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        analyzed = True

    return {
        "dossiers_seeded": len(dossiers),
        "councils": len(councils),
        "updates_per_dossier": UPDATES,
        "long_dossier_pk": long.pk,
        "long_dossier": {
            "timeline": DossierUpdate.objects.filter(dossier=long).count(),
            "documents": LONG_DOCUMENTS,
            "versions": LONG_VERSIONS * LONG_DOCUMENTS,
            "links": linked,
            "councils_joined": len(partners),
        },
        "postgresql_analyzed_after_seeding": analyzed,
        "in_database": {
            "dossiers": Dossier.objects.count(),
            "updates": DossierUpdate.objects.count(),
            "documents": DossierDocument.objects.count(),
            "versions": DocumentVersion.objects.count(),
            "follows": Follow.objects.count(),
            "follows_of_member": Follow.objects.filter(user=member).count(),
        },
        "by_visibility": dict(
            Counter(Dossier.objects.values_list("visibility", flat=True)).most_common()
        ),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _link_demo_objects(services, member, dossier, council) -> int:
    """Link the demo's meetings and signals of the member's council (as a member would)."""
    from meetings.models import Meeting
    from signals.models import Signal

    made = 0
    for kind, objects in (
        ("meeting", Meeting.objects.filter(council=council).order_by("id")[:3]),
        ("signal", Signal.objects.filter(council=council).order_by("id")[:3]),
    ):
        for obj in objects:
            services.link_object(actor=member, dossier=dossier, kind=kind, obj=obj)
            made += 1
    return made


# --- query counts in-process ------------------------------------------------------------------


def page_paths(long_pk: int) -> list[tuple[str, str]]:
    return [
        ("mijn_overzicht", "/mijn/"),
        ("dossier_list", "/dossiers/"),
        ("dossier_list_filtered", "/dossiers/" + FILTER),
        ("dossier_detail", f"/dossiers/{long_pk}/"),
        ("elsewhere", "/dossiers/elders/"),
    ]


class _SqlClock:
    """Every SQL statement of a block with its own time (the debug cursor's log rounds to ms)."""

    def __init__(self):
        self.statements: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements.append((time.perf_counter() - started, sql))


def queries(_count: int) -> dict:
    """Each page once as the demo member through the test client: SQL statements and time."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from dossiers.models import Dossier

    member = get_user_model().objects.get(email=MEMBER_EMAIL)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(member)
    long = Dossier.objects.get(title=LONG_TITLE)
    # A seeded dossier of the same council, owned by the member too, with a document and a
    # timeline of BENCH_UPDATES: the same parts on the page, with fewer rows.
    seeded = Dossier.objects.filter(
        council=long.council, summary__startswith=SUMMARY[:40], documents__isnull=False
    ).exclude(pk=long.pk)
    short = (seeded.filter(owner=member) or seeded).order_by("id").first()
    paths = page_paths(long.pk) + [("dossier_detail_short", f"/dossiers/{short.pk}/")]
    result = {}
    for name, path in paths:
        client.get(path)  # warm: templates, imports
        clock = _SqlClock()
        with connection.execute_wrapper(clock):
            response = client.get(path)
        times = []
        for _ in range(5):
            started = time.perf_counter()
            client.get(path)
            times.append(time.perf_counter() - started)
        slowest = sorted(clock.statements, reverse=True)[:3]
        result[name] = {
            "path": path,
            "status": response.status_code,
            "queries": len(clock.statements),
            "sql_ms": round(sum(t for t, _ in clock.statements) * 1000, 2),
            "in_process_ms_p50": round(statistics.median(times) * 1000, 1),
            "bytes": len(response.content),
            "slowest_sql": [{"ms": round(t * 1000, 2), "sql": sql[:400]} for t, sql in slowest],
        }
    for name, dossier in (("dossier_detail", long), ("dossier_detail_short", short)):
        result[name]["timeline"] = dossier.updates.count()
        result[name]["documents"] = dossier.documents.count()
    return result


# --- the handbook PDF -------------------------------------------------------------------------


def pdf(runs: int) -> dict:
    import io
    import resource

    from django.core.cache import cache
    from pypdf import PdfReader

    from handbook import pdf as handbook_pdf_module
    from handbook.selectors import live_chapters, live_index

    index = live_index()
    if index is None:
        raise RuntimeError("no live handbook in the demo data")
    chapters = list(live_chapters(index))
    cache.clear()
    started = time.perf_counter()
    first = handbook_pdf_module.handbook_pdf(index)  # imports WeasyPrint, sets up fonts
    first_s = time.perf_counter() - started

    builds, cpu, templates = [], [], []
    for _ in range(runs):
        cache.clear()
        started, cpu_started = time.perf_counter(), time.process_time()
        built = handbook_pdf_module.handbook_pdf(index)
        builds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        if built.seconds == 0:
            raise RuntimeError("the PDF came from the cache after cache.clear()")
        key, edition = handbook_pdf_module.edition_key(index, chapters)
        started = time.perf_counter()
        handbook_pdf_module.render_html(index, chapters, edition)
        templates.append(time.perf_counter() - started)

    cached = []
    for _ in range(20):
        started = time.perf_counter()
        again = handbook_pdf_module.handbook_pdf(index)
        cached.append(time.perf_counter() - started)
    if again.seconds != 0:
        raise RuntimeError("the PDF was built again instead of read from the cache")
    reader = PdfReader(io.BytesIO(built.content))
    cache.clear()  # the first request over HTTP builds it again (timed there)
    return {
        "chapters": len(chapters),
        "bytes": len(built.content),
        "pages": len(reader.pages),
        "same_size_every_build": len(first.content) == len(built.content),
        "first_build_in_fresh_process_s": round(first_s, 2),
        "cold_builds": {
            "runs": runs,
            "p50_s": round(statistics.median(builds), 2),
            "max_s": round(max(builds), 2),
            "min_s": round(min(builds), 2),
            "all_s": [round(b, 2) for b in builds],
            # CPU time of this process: close to the wall time when nothing else competed
            "cpu_p50_s": round(statistics.median(cpu), 2),
            "template_p50_ms": round(statistics.median(templates) * 1000, 1),
        },
        "cached_read_in_process_ms_p50": round(statistics.median(cached) * 1000, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


# --- running ----------------------------------------------------------------------------------


def check_pages(base: str, cookie: str, long_pk: int) -> tuple[dict, list[str]]:
    """What each page shows of the seeded data; the failures."""
    seen, failures = {}, []
    _s, _h, body = fetch(base, "/dossiers/", cookie)
    html = body.decode()
    total = re.search(r'<h2 id="lijst">([\d.,]+) dossiers', html)
    seen["list_total"] = int(re.sub(r"\D", "", total[1])) if total else 0
    seen["list_cards"] = html.count('<li class="card">')
    if seen["list_cards"] != 20 or seen["list_total"] < DOSSIERS // 2:
        failures.append(f"/dossiers/ shows {seen['list_cards']} of {seen['list_total']}")
    _s, _h, body = fetch(base, "/dossiers/" + FILTER, cookie)
    total = re.search(r'<h2 id="lijst">([\d.,]+) dossiers?<', body.decode())
    seen["filtered_total"] = int(re.sub(r"\D", "", total[1])) if total else 0
    if not seen["filtered_total"]:
        failures.append(f"/dossiers/{FILTER} shows no dossiers")
    _s, _h, body = fetch(base, f"/dossiers/{long_pk}/", cookie)
    html = body.decode()
    seen["detail_documents"] = html.count('class="card dossier-document"')
    seen["detail_download_links"] = html.count("downloaden<span")
    timeline = html.split('class="timeline dossier-timeline"', 1)[-1].split("</ol>", 1)[0]
    seen["detail_timeline_items"] = timeline.count("<li>")
    seen["detail_bytes"] = len(body)
    if seen["detail_documents"] != LONG_DOCUMENTS or seen["detail_timeline_items"] != 20:
        failures.append(f"/dossiers/{long_pk}/ shows {seen}")
    _s, _h, body = fetch(base, "/dossiers/elders/", cookie)
    seen["elsewhere_items"] = body.decode().count('<li class="card">')
    if seen["elsewhere_items"] != 25:
        failures.append(f"/dossiers/elders/ shows {seen['elsewhere_items']} items, expected 25")
    return seen, failures


def cpu_ms_per_request(result: dict) -> float:
    """gunicorn's CPU time per request: its share of all CPUs over the run, divided by the
    requests. Unlike req/s and latency it hardly moves when other processes compete for the
    CPUs (the shared development machine often runs test suites beside the bench)."""
    cpus = os.cpu_count() or 1  # /proc/stat's first line counts every CPU
    seconds = result["duration_s"] * cpus * result["cpu"]["server_pct"] / 100
    return round(1000 * seconds / result["requests"], 2) if result["requests"] else 0.0


def run_part(flag: str, env: dict, timeout: int = 900) -> dict:
    return skeleton.run_part(Path(__file__).resolve(), flag, env, timeout)


def one_backend(name: str, wrk: str, pg_server: str) -> dict:
    failures: list[str] = []
    with skeleton.Bench("knowledge", database=name, pg_server=pg_server) as bench:
        lap = bench.lap
        env = bench.env
        bench.prepare(collectstatic=False)
        lap("migrate_and_demo")
        log(f"{name}: seeding {DOSSIERS:,} dossiers with {UPDATES} updates each (bulk_create)")
        seeded = run_part(SEED_FLAG, env)
        lap("seed")
        log(f"{name}: seeded in {seeded['seconds']} s: {seeded['in_database']}")
        manage(env, "collectstatic", "--noinput")  # pages name the manifest's static files
        counted = run_part(QUERIES_FLAG, env)
        lap("queries")
        log(f"{name}: building the handbook PDF {PDF_RUNS + 1} times")
        built = run_part(PDF_FLAG, env)
        lap("pdf")

        base = bench.serve()
        cookie = bench.login()
        long_pk = seeded["long_dossier_pk"]
        shown, failures = check_pages(base, cookie, long_pk)

        clock = time.perf_counter()
        status, headers, body = fetch(base, "/mijn/handboek.pdf", cookie)
        built["http_first_request_uncached_s"] = round(time.perf_counter() - clock, 2)
        if status != 200 or not body.startswith(b"%PDF") or len(body) != built["bytes"]:
            failures.append(f"/mijn/handboek.pdf: {status}, {len(body)} bytes")
        lap("checks")

        pages = skeleton.measure_pages(
            wrk,
            bench,
            [
                ("floor", "/bench/floor/", "", "/bench/floor/"),
                *[(n, p, cookie, p.replace(str(long_pk), "<pk>")) for n, p in page_paths(long_pk)],
                ("handbook_pdf", "/mijn/handboek.pdf", cookie, "/mijn/handboek.pdf"),
            ],
        )
        for page_name, result in pages.items():
            if page_name in counted:
                result["queries"] = counted[page_name]["queries"]
        status, location = status_of(base, f"/dossiers/{long_pk}/", cookie)
        if status != 200:
            failures.append(f"/dossiers/{long_pk}/ after the run answered {status} {location}")
        lap("wrk")

    add_floor_ratios(pages)
    for result in pages.values():
        result["server_cpu_ms_per_request"] = cpu_ms_per_request(result)
    failures += [
        f"{n}: errors {r['errors']}, {r['non_2xx']} non-2xx"
        for n, r in pages.items()
        if r["errors_total"] or r["non_2xx"]
    ]
    return bench.section(
        data={**seeded, "pages_show": shown},
        queries=counted,
        handbook_pdf=built,
        pages=pages,
        failures=failures,
    )


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    pg_server = skeleton.postgres_server()
    names = skeleton.wanted_databases("BENCH_KNOWLEDGE_BACKENDS")
    wrk = ensure_wrk()
    info = machine()
    info["cpu_busy_pct_before"] = busy_now()
    if info["cpu_busy_pct_before"] > 10:
        log(
            f"warning: the machine is {info['cpu_busy_pct_before']} % busy before the run; "
            "other work makes the figures lower and noisier (BENCH_WAIT_IDLE=600 waits)"
        )
    skipped = {}
    if "postgresql" in names:
        try:
            if not pg_server:
                raise RuntimeError("DATABASE_URL is not a PostgreSQL URL")
            info["postgresql"] = skeleton.postgres_version(pg_server)
        except Exception as error:  # noqa: BLE001 - any failure means: no PostgreSQL this run
            log(f"PostgreSQL left out: {error}")
            skipped["postgresql"] = str(error)
            names.remove("postgresql")

    report = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    sections = report.get("backends", {})
    for name, why in skipped.items():  # keep the last real figures, say why not this time
        sections.setdefault(name, {})["skipped_in_last_run"] = why
    failures: list[str] = []
    for name in names:
        section = one_backend(name, wrk, pg_server)
        sections[name] = section
        failures += [f"{name}: {f}" for f in section["failures"]]
        print()
        print(f"== {name}")
        print(table(section["pages"]))
        print(
            "server CPU ms per request: "
            + ", ".join(
                f"{n} {r['server_cpu_ms_per_request']}" for n, r in section["pages"].items()
            )
        )
        pdf_info = section["handbook_pdf"]
        print(
            f"handbook PDF: {pdf_info['pages']} pages, {pdf_info['bytes']:,} bytes; cold build "
            f"p50 {pdf_info['cold_builds']['p50_s']} s, max {pdf_info['cold_builds']['max_s']} s "
            f"(first in a fresh process {pdf_info['first_build_in_fresh_process_s']} s)"
        )
    info["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    report = {
        "about": (
            "Dossier pages with BENCH_DOSSIERS dossiers and the handbook PDF; one section per "
            "database, each from its own run (its timestamp). Pages through gunicorn and wrk, "
            "as ratios to the floor page; query counts in-process through the test client."
        ),
        "machine": info,
        "settings": skeleton.run_settings(
            dossiers=DOSSIERS,
            updates_per_dossier=UPDATES,
            long_timeline=LONG_TIMELINE,
            pdf_runs=PDF_RUNS,
        ),
        "backends": sections,
    }
    return skeleton.done(RESULTS.name, report, failures)


if __name__ == "__main__":
    if SEED_FLAG in sys.argv[1:]:
        sys.exit(seed_in_django(seed, DOSSIERS))
    if QUERIES_FLAG in sys.argv[1:]:
        sys.exit(seed_in_django(queries, 0))
    if PDF_FLAG in sys.argv[1:]:
        sys.exit(seed_in_django(pdf, PDF_RUNS))
    sys.exit(main())
