"""`make bench`, search part: 100,000 indexed items, written to bench/results/search.json.

Per database (SQLite always; PostgreSQL when DATABASE_URL names a PostgreSQL server, in a fresh
database ``raadsplein_bench_<pid>_<n>`` on that server, as ``skeleton.Bench`` makes and drops
it; BENCH_SEARCH_BACKENDS=sqlite,postgresql picks):

1. A fresh database: ``migrate`` + ``demo`` (SQLite in a temporary directory).
2. ``search_bench.py --seed`` (a subprocess with the bench settings): BENCH_SEARCH_ITEMS (100,000)
   ``SearchEntry`` rows with Dutch texts of 30-200 words (signals, meeting agendas, dossier
   summaries and documents, handbook paragraphs, news), themes from ``common.taxonomy``, the
   demo's councils, and audiences 40 % public, 20 % members_groups, 30 % restricted to 1-3
   councils (``SearchEntryCouncil`` rows), 10 % logged_in; ``stems`` from
   ``sitesearch.text.stems_of``. Written with bulk_create, then put in the configured Wagtail
   backend with ``add_bulk`` in batches of BENCH_SEARCH_BATCH (500, as ``sitesearch.index.rebuild``
   does), then the planner statistics as the app keeps them (``sitesearch.tasks.search_analyze``).
   Timed per phase, with the CPU of this process and of its PostgreSQL backend; then what one
   more ``add_bulk`` of a single entry costs (what every ``sitesearch.index.update`` does) and
   the database's size.
3. ``search_bench.py --measure``: ``sitesearch.query.search()`` called in-process for 20 fixed
   queries and three viewers (visitor, the demo's district member lid@, the demo's administrator
   beheerder@), fetching the page's entries as the view does; each warmed up once, then run
   BENCH_SEARCH_REPEAT (3) times. A call is stopped after BENCH_SEARCH_TIMEOUT seconds (5; SQLite
   interrupt, PostgreSQL cancel): it counts as that many seconds (``censored``), and its repeats
   are skipped. p50/p95/mean per viewer and per query, and the SQL of one run with its times.
4. The search page /zoeken/ over HTTP (gunicorn and wrk from run.py, with BENCH_SEARCH_CONNECTIONS
   (2) connections so the latency is one request's, not a queue's) for the queries whose
   in-process p95 for that viewer stays under wrk's timeout; the others are listed as skipped.
5. ``search_bench.py --diagnose``: where a search's time goes. ``parts`` times the statements
   of ``search()`` apart as the visitor (count, facet by kind, the page by relevance, the same
   page unordered). If the app lacks them, it then makes the two changes that made search fast
   at this size and measures a few queries again (``not_in_the_app``): on SQLite ``ANALYZE``
   (without planner statistics SQLite scans every index entry per statement), on PostgreSQL a
   GIN index on ``(title || body)`` of Wagtail's index table (the expression the backend
   matches on, which its GIN indexes on ``title`` and ``body`` cannot serve).

Each run replaces only its own databases' sections of the JSON, so a SQLite-only run keeps the
last PostgreSQL figures. The run fails (exit 1) when a search errors or times out, a viewer finds
nothing for the common word, a viewer finds more than the administrator, or wrk saw errors.

Environment: BENCH_SEARCH_ITEMS (100000), BENCH_SEARCH_REPEAT (3), BENCH_SEARCH_BATCH (500),
BENCH_SEARCH_TIMEOUT (5 s), BENCH_SEARCH_BACKENDS (sqlite, plus postgresql with DATABASE_URL),
DATABASE_URL (the PostgreSQL server), BENCH_SEARCH_HTTP=0 leaves the HTTP part out,
BENCH_SEARCH_CONNECTIONS (2); the skeleton's BENCH_SECONDS, BENCH_THREADS, BENCH_KEEP for the rest.

Every URL opened here is http://127.0.0.1:<port> built by this script (hence the S310 noqa).
"""

from __future__ import annotations

import datetime
import json
import os
import random
import resource
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import skeleton
from skeleton import (
    MEMBER_EMAIL,
    PROJECT_DIR,
    SECONDS,
    SEED_FLAG,
    SETTINGS,
    THREADS,
    WORKER_CLASS,
    WORKERS,
    WRK_TIMEOUT,
    add_floor_ratios,
    busy_now,
    ensure_wrk,
    fetch,
    log,
    machine,
    manage,
    measure_page,
    seed_in_django,
    stop,
    table,
)

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results" / "search.json"
MEASURE_FLAG = "--measure"
DIAGNOSE_FLAG = "--diagnose"
ITEMS = int(os.environ.get("BENCH_SEARCH_ITEMS", "100000"))
REPEAT = int(os.environ.get("BENCH_SEARCH_REPEAT", "3"))
BATCH = int(os.environ.get("BENCH_SEARCH_BATCH", "500"))
TIMEOUT = float(os.environ.get("BENCH_SEARCH_TIMEOUT", "5"))
HTTP = os.environ.get("BENCH_SEARCH_HTTP", "1") != "0"
HTTP_CONNECTIONS = int(os.environ.get("BENCH_SEARCH_CONNECTIONS", "2"))
ADMIN_EMAIL = "beheerder@raadsplein.example"
KEY_PREFIX = "bench-"

# --- the texts ------------------------------------------------------------------------------

PLACES = [
    "Amsterdam", "Zaandam", "Haarlem", "Leiden", "Den Haag", "Rotterdam", "Dordrecht", "Utrecht",
    "Hilversum", "Middelburg", "Breda", "Tilburg", "Eindhoven", "Venlo", "Maastricht", "Nijmegen",
    "Arnhem", "Apeldoorn", "Zwolle", "Enschede", "Groningen", "Leeuwarden", "Assen", "Emmen",
    "Alkmaar", "Den Helder", "Lelystad", "Almere", "Amersfoort", "Heerlen",
]  # fmt: skip
MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
]  # fmt: skip
SCHEMES = ["WW", "WIA", "WGA", "IVA", "WAO", "Wajong", "Ziektewet", "TW", "IOW"]
# Nouns and adjectives for the slots: enough of them that the index has a long tail of words.
NOUNS = [
    "uitkering", "uitkeringen", "brief", "brieven", "beslissing", "aanvraag", "aanvragen",
    "betaling", "betalingen", "termijn", "bezwaar", "bezwaarschrift", "beroep", "klacht",
    "klachten", "keuring", "herbeoordeling", "verzekeringsarts", "arbeidsdeskundige",
    "klantmanager", "werkcoach", "re-integratie", "reintegratie", "werkgever", "werkgevers",
    "werkzoekende", "sollicitatieplicht", "vacature", "vacatures", "scholing", "opleiding",
    "loonwaarde", "loonkostensubsidie", "jobcoach", "proefplaatsing", "inkomen", "inkomsten",
    "toeslag", "vakantiegeld", "terugvordering", "boete", "maatregel", "wachttijd", "telefoon",
    "telefoonlijn", "website", "app", "formulier", "formulieren", "inlogcode", "DigiD",
    "privacy", "gegevens", "dossier", "dossiers", "medisch", "rapport", "rapporten", "gesprek",
    "gesprekken", "afspraak", "afspraken", "vestiging", "kantoor", "balie", "bereikbaarheid",
    "bejegening", "toon", "taal", "uitleg", "vergadering", "vergaderingen", "agenda", "notulen",
    "voorzitter", "secretaris", "raadslid", "raadsleden", "cliëntenraad", "district",
    "werkgroep", "advies", "adviezen", "signaal", "signalen", "jaarplan", "jaarverslag",
    "handboek", "hoofdstuk", "samenwerking", "overleg", "achterban", "cliënten", "ervaringen",
    "vertrouwen", "wachtlijst", "achterstand", "achterstanden", "capaciteit", "personeel",
    "beleid", "regels", "wet", "wetswijziging", "evaluatie", "onderzoek", "enquête",
    "bijeenkomst", "training", "cursus", "kennis", "voorbeeld", "voorbeelden", "verbetering",
    "knelpunt", "knelpunten", "oplossing", "oplossingen", "tolk", "laaggeletterdheid",
    "mantelzorg", "schulden", "budgetcoach", "armoede", "zorgverzekering", "huurtoeslag",
]  # fmt: skip
ADJECTIVES = [
    "lange", "korte", "onduidelijke", "duidelijke", "late", "snelle", "trage", "vriendelijke",
    "onvriendelijke", "moeilijke", "eenvoudige", "nieuwe", "oude", "landelijke", "regionale",
    "digitale", "persoonlijke", "medische", "financiële", "juridische", "heldere", "ingewikkelde",
]  # fmt: skip
# Words that occur in few entries: how a rare word performs.
RARE = [
    ("keukentafelgesprek", 0.0005),
    ("verzuimbegeleiding", 0.003),
    ("arbeidsongeschiktheidspercentage", 0.01),
]

SENTENCES = {
    "signal": [
        "Ik wacht al {n} weken op een beslissing over mijn {scheme}-uitkering.",
        "De {adj} brief over mijn {noun} begrijp ik niet.",
        "Mijn {scheme} is in {month} te laat betaald en nu kan ik de huur niet betalen.",
        "Niemand belt mij terug over mijn {noun}, ook niet na {n} keer bellen.",
        "De verzekeringsarts in {place} luisterde niet en had mijn dossier niet gelezen.",
        "Inloggen op Mijn UWV lukt niet, de app geeft steeds een foutmelding.",
        "Mijn werkcoach is heel behulpzaam, complimenten voor haar geduld.",
        "Ik kreeg een terugvordering zonder uitleg over de {noun}.",
        "Het kantoor in {place} is alleen op afspraak open en de wachttijd is lang.",
        "De klantmanager gaf {adj} uitleg over de {noun} en de {noun}.",
        "Ik heb bezwaar gemaakt maar na {n} weken nog geen antwoord gekregen.",
        "De telefonische bereikbaarheid van UWV is slecht, ik hing {n} minuten in de wacht.",
        "Er staan te veel moeilijke woorden in de brief over mijn {scheme}.",
        "Bij de herbeoordeling is geen rekening gehouden met mijn klachten.",
    ],
    "meeting": [
        "Agenda van de vergadering van de cliëntenraad in {place} op {n} {month}.",
        "Opening en vaststellen van de agenda.",
        "Verslag van de vorige vergadering en de actielijst.",
        "Bespreking van de signalen over {noun} en {noun} in het district.",
        "De voorzitter meldt dat het overleg met de districtsmanager over de {noun} goed verliep.",
        "Het advies over de {adj} {noun} wordt vastgesteld.",
        "De secretaris licht de {noun} van de werkgroep toe.",
        "Rondvraag: een raadslid vraagt naar de stand van zaken rond de {scheme}.",
        "Afgesproken wordt dat de werkgroep in {month} met een voorstel komt.",
        "Mededelingen van UWV over de {noun} en de {noun}.",
        "Sluiting; de volgende vergadering is in {month} in {place}.",
    ],
    "dossier": [
        "Dit dossier gaat over de {noun} bij de {scheme} in meerdere districten.",
        "Cliënten melden {adj} ervaringen met de {noun}.",
        "In {place} en {place} lopen vergelijkbare knelpunten met de {noun}.",
        "De cliëntenraad heeft UWV gevraagd om {adj} uitleg in de brieven.",
        "Samenvatting: het aantal signalen over de {noun} steeg sinds {month} met {n} procent.",
        "UWV heeft toegezegd de {noun} voor {month} te verbeteren.",
        "Het dossier is gekoppeld aan het advies over {noun} en {noun}.",
        "Andere districten kunnen de aanpak van {place} gebruiken.",
        "Er is een gesprek gepland met de arbeidsdeskundige en de werkgroep {noun}.",
    ],
    "handbook": [
        "Een cliëntenraad praat namens cliënten mee over het beleid van UWV.",
        "In dit hoofdstuk leest u hoe een vergadering van de raad gaat.",
        "De voorzitter leidt de vergadering en de secretaris maakt het verslag.",
        "Een signaal is een ervaring van een cliënt met de {noun}.",
        "U schrijft een advies in eenvoudige taal, met een duidelijke vraag aan UWV.",
        "Werk samen met andere districten als een {noun} in meer regio's speelt.",
        "Bewaar persoonlijke gegevens van cliënten nooit langer dan nodig.",
        "Nieuwe leden krijgen een startgesprek met de voorzitter en een buddy.",
        "Over de {scheme} vindt u meer in het hoofdstuk over regelingen.",
        "Vraag bij twijfel de secretaris of de contactpersoon van UWV om raad.",
    ],
    "news": [
        "De cliëntenraad {place} heeft een nieuw advies over de {noun} gestuurd.",
        "UWV verandert per {month} de regels voor de {scheme}.",
        "Op {n} {month} is een bijeenkomst over {noun} voor alle raadsleden.",
        "Lees hoe de werkgroep de {adj} {noun} heeft verbeterd.",
    ],
}
SENTENCES["document"] = SENTENCES["dossier"] + SENTENCES["meeting"][3:]
TITLES = {
    "signal": ["Signaal over {noun}", "{scheme}: {noun}", "Klacht over de {adj} {noun}"],
    "meeting": ["Vergadering {place} {n} {month}", "Agenda overleg {noun}"],
    "dossier": ["Dossier {noun} {scheme}", "{noun} in {place}", "Aanpak {adj} {noun}"],
    "document": ["Notitie {noun}", "Advies {noun} {scheme}", "Verslag {noun} {month}"],
    "handbook": ["Handboek: {noun}", "Hoofdstuk {n}: {noun}"],
    "news": ["Nieuws: {noun}", "{place}: nieuwe {noun}"],
}
# kind, share of the entries
KINDS = [
    ("signal", 0.35),
    ("meeting", 0.15),
    ("dossier", 0.15),
    ("document", 0.2),
    ("handbook", 0.05),
    ("news", 0.1),
]


def fill(template: str, rng: random.Random) -> str:
    out = template
    while "{" in out:
        slot = out[out.index("{") + 1 : out.index("}")]
        value = {
            "n": lambda: str(rng.randint(2, 28)),
            "scheme": lambda: rng.choice(SCHEMES),
            "noun": lambda: rng.choice(NOUNS),
            "adj": lambda: rng.choice(ADJECTIVES),
            "place": lambda: rng.choice(PLACES),
            "month": lambda: rng.choice(MONTHS),
        }[slot]()
        out = out.replace("{" + slot + "}", value, 1)
    return out


def make_text(kind: str, rng: random.Random) -> tuple[str, str]:
    """A title and a body of 30-200 words."""
    title = fill(rng.choice(TITLES[kind]), rng)
    target = rng.randint(30, 200)
    sentences, count = [], 0
    while count < target:
        sentence = fill(rng.choice(SENTENCES[kind]), rng)
        sentences.append(sentence)
        count += len(sentence.split())
    for word, share in RARE:
        if rng.random() < share:
            sentences.insert(rng.randrange(len(sentences) + 1), f"Het {word} is besproken.")
    return title[:1].upper() + title[1:], " ".join(sentences)


# --- seeding (run in a subprocess with the bench database) -----------------------------------


def backend_cpu_s(connection) -> float:
    """CPU seconds (user + system) of the PostgreSQL backend process serving ``connection``
    (0 on SQLite, which runs in this process)."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # the server runs elsewhere
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def seed(count: int) -> dict:
    """``count`` SearchEntry rows, their councils, and the search backend's index of them."""
    from django.db import connection, transaction
    from wagtail.search.backends import get_search_backend

    from common import taxonomy
    from councils.models import Council
    from sitesearch.models import Audience, SearchEntry, SearchEntryCouncil
    from sitesearch.text import stems_of, terms_of

    rng = random.Random(20240501)  # noqa: S311 (test data)
    phases: dict[str, float] = {}
    started = mark = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        phases[name] = round(now - mark, 2)
        mark = now

    before = SearchEntry.objects.count()
    council_ids = list(Council.objects.order_by("pk").values_list("pk", flat=True))
    regelingen, onderwerpen = taxonomy.regelingen(), taxonomy.onderwerpen()
    kinds = [k for k, _ in KINDS]
    weights = [w for _, w in KINDS]
    audiences = [Audience.PUBLIC, Audience.MEMBERS_GROUPS, Audience.RESTRICTED, Audience.LOGGED_IN]
    audience_weights = [0.4, 0.2, 0.3, 0.1]
    now = datetime.datetime.now(datetime.UTC)

    entries: list = []
    restricted: dict[int, list[int]] = {}  # index in entries -> councils
    words = 0
    for i in range(count):
        kind = rng.choices(kinds, weights)[0]
        title, body = make_text(kind, rng)
        words += len(body.split())
        audience = rng.choices(audiences, audience_weights)[0]
        councils = []
        if audience == Audience.RESTRICTED:
            councils = rng.sample(council_ids, rng.randint(1, 3))
            restricted[i] = councils
        entries.append(
            SearchEntry(
                kind=kind,
                key=f"{KEY_PREFIX}{i}",
                title=title,
                body=body,
                stems=stems_of(f"{title} {body}"),
                title_terms=f" {' '.join(terms_of(title))} ",
                url=f"/bench/{kind}/{i}/",
                date=now - datetime.timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60)),
                council_id=councils[0] if councils else rng.choice([None, *council_ids]),
                regeling=rng.choice(regelingen) if kind != "handbook" else "",
                onderwerp=rng.choice(onderwerpen) if kind != "handbook" else "",
                audience=audience,
            )
        )
    lap("build_texts_and_stems")

    with transaction.atomic():
        SearchEntry.objects.bulk_create(entries, batch_size=2000)
        lap("insert_entries")
        SearchEntryCouncil.objects.bulk_create(
            [
                SearchEntryCouncil(entry_id=entries[i].pk, council_id=c)
                for i, councils in restricted.items()
                for c in councils
            ],
            batch_size=5000,
        )
        lap("insert_entry_councils")

    # The index, as sitesearch.index does it, in batches. The backend's _refresh_title_norms
    # (after every add_bulk, over the whole index) is timed apart.
    backend = get_search_backend()
    index_class = type(backend.get_index_for_model(SearchEntry))  # a new object per call
    norms = {"calls": 0, "seconds": 0.0}
    refresh = getattr(index_class, "_refresh_title_norms", None)
    if refresh is not None:

        def timed_refresh(self, *args, **kwargs):
            t0 = time.perf_counter()
            try:
                return refresh(self, *args, **kwargs)
            finally:
                norms["calls"] += 1
                norms["seconds"] += time.perf_counter() - t0

        index_class._refresh_title_norms = timed_refresh
    connection.ensure_connection()
    cpu0, pg0 = own_cpu_s(), backend_cpu_s(connection)
    batch_seconds = []
    for start in range(0, len(entries), BATCH):
        t0 = time.perf_counter()
        with transaction.atomic():
            backend.add_bulk(SearchEntry, entries[start : start + BATCH])
        batch_seconds.append(time.perf_counter() - t0)
    lap("index_add_bulk")
    index_cpu = {"this_process_s": round(own_cpu_s() - cpu0, 1)}
    if connection.vendor == "postgresql":
        index_cpu["postgresql_backend_s"] = round(backend_cpu_s(connection) - pg0, 1)
    bulk_norms = dict(norms)
    norms.update(calls=0, seconds=0.0)

    # One entry changed: what sitesearch.index.update costs the backend at this size.
    single = []
    for entry in entries[:: max(1, len(entries) // 5)][:5]:
        t0 = time.perf_counter()
        with transaction.atomic():
            backend.add_bulk(SearchEntry, [entry])
        single.append((time.perf_counter() - t0) * 1000)
    # Measure the settled state: planner statistics as the app keeps them (after
    # search_rebuild and daily), or as PostgreSQL's autovacuum makes them soon after a load.
    try:
        from sitesearch.tasks import search_analyze
    except ImportError:
        search_analyze = None
    analyzed = ""
    if search_analyze is not None:
        search_analyze()
        analyzed = "sitesearch.tasks.search_analyze() (as after search_rebuild and daily)"
        lap("analyze")
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        analyzed = "ANALYZE (what autovacuum does soon after a bulk load)"
        lap("analyze")

    thirds = max(1, len(batch_seconds) // 3)
    return {
        "items": count,
        "entries_before": before,
        "entries_in_database": SearchEntry.objects.count(),
        "words_in_bodies": words,
        "mean_words_per_body": round(words / max(count, 1), 1),
        "restricted_council_rows": sum(len(c) for c in restricted.values()),
        "councils": len(council_ids),
        "phases_s": phases,
        "seed_and_index_s": round(time.perf_counter() - started, 1),
        "index": {
            "backend": f"{type(backend).__module__}.{type(backend).__name__}",
            "batch": BATCH,
            "batches": len(batch_seconds),
            "first_third_batch_mean_s": round(statistics.mean(batch_seconds[:thirds]), 3),
            "last_third_batch_mean_s": round(statistics.mean(batch_seconds[-thirds:]), 3),
            "refresh_title_norms_calls": bulk_norms["calls"],
            "refresh_title_norms_s": round(bulk_norms["seconds"], 2),
            "items_per_s": round(count / max(phases["index_add_bulk"], 1e-9)),
            "cpu": index_cpu,
        },
        "single_entry_add_bulk_ms": [round(ms, 1) for ms in single],
        "single_entry_refresh_title_norms_ms": round(
            norms["seconds"] * 1000 / max(norms["calls"], 1), 1
        ),
        "after_load": analyzed or "nothing (this version of the app runs no ANALYZE)",
        "database_size": database_size(),
    }


def database_size() -> dict:
    from django.db import connection
    from wagtail.search.models import IndexEntry

    from sitesearch.models import SearchEntry, SearchEntryCouncil

    tables = [
        SearchEntry._meta.db_table,
        SearchEntryCouncil._meta.db_table,
        IndexEntry._meta.db_table,
    ]
    mb = 1024 * 1024
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            total = cursor.fetchone()[0]
            sizes = {}
            for name in tables:
                cursor.execute("SELECT pg_total_relation_size(%s)", [name])
                sizes[name] = round(cursor.fetchone()[0] / mb, 1)
            return {"database_mb": round(total / mb, 1), "tables_with_indexes_mb": sizes}
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        path = Path(connection.settings_dict["NAME"])
        result = {"database_mb": round(path.stat().st_size / mb, 1)}
        try:
            cursor.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")
            pages = dict(cursor.fetchall())
        except Exception:  # noqa: BLE001 - dbstat is an optional SQLite module
            return result
        fts = IndexEntry._meta.db_table + "_fts"
        result["tables_mb"] = {n: round(pages.get(n, 0) / mb, 1) for n in tables}
        result["tables_mb"][fts + "* (FTS5, its own copy of the text)"] = round(
            sum(size for n, size in pages.items() if n.startswith(fts)) / mb, 1
        )
        return result


# --- measuring in-process (run in a subprocess with the bench database) ----------------------

# name, text, filters (kind, onderwerp, regeling; council "member": the member's council), page
QUERIES = [
    ("common_word", "uitkering", {}, 1),
    ("plural_stemmed", "uitkeringen", {}, 1),
    ("common_word_page_3", "uitkering", {}, 3),
    ("plural_brieven", "brieven", {}, 1),
    ("medium_word", "vergadering", {}, 1),
    ("rare_word", "keukentafelgesprek", {}, 1),
    ("rare_word_2", "verzuimbegeleiding", {}, 1),
    ("long_compound", "arbeidsongeschiktheidspercentage", {}, 1),
    ("no_hits", "fietsenstalling", {}, 1),
    ("two_words", "bezwaar termijn", {}, 1),
    ("two_words_plural", "klachten werkgevers", {}, 1),
    ("three_words", "telefonische bereikbaarheid wacht", {}, 1),
    ("place_name", "Maastricht", {}, 1),
    ("scheme_name", "Wajong", {}, 1),
    ("words_theme_filter", "te laat betaald", {"onderwerp": "betaling"}, 1),
    ("word_regeling_filter", "herbeoordeling", {"regeling": "WIA"}, 1),
    ("word_kind_dossier", "samenwerking", {"kind": "dossier"}, 1),
    ("word_kind_signal_p2", "brief", {"kind": "signal"}, 2),
    ("word_council_filter", "advies", {"council": "member"}, 1),
    ("all_filters", "uitkering", {"kind": "signal", "regeling": "WW", "onderwerp": "brieven"}, 1),
]
VIEWERS = ["visitor", "member", "administrator"]


class TimedOut(Exception):
    pass


def within(seconds: float, fn):
    """``fn()``, its statement stopped after ``seconds`` (SQLite interrupt, PostgreSQL cancel);
    TimedOut then."""
    from django.db import DatabaseError, connection

    connection.ensure_connection()
    raw = connection.connection
    stop_it = raw.interrupt if connection.vendor == "sqlite" else raw.cancel
    fired = threading.Event()

    def fire():
        fired.set()
        stop_it()

    timer = threading.Timer(seconds, fire)
    timer.start()
    try:
        return fn()
    except DatabaseError:
        if fired.is_set():
            raise TimedOut from None
        raise
    finally:
        timer.cancel()


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def stats(values: list[float], censored: int = 0) -> dict:
    out = {
        "n": len(values),
        "p50_ms": round(percentile(values, 50), 1),
        "p95_ms": round(percentile(values, 95), 1),
        "mean_ms": round(statistics.mean(values), 1),
        "max_ms": round(max(values), 1),
    }
    if censored:
        out["censored"] = censored  # runs stopped at the timeout, counted as the timeout
    return out


def setup_viewers():
    from django.contrib.auth import get_user_model

    from councils.selectors import viewer_for

    users = get_user_model().objects
    viewers = {
        "visitor": viewer_for(None),
        "member": viewer_for(users.get(email=MEMBER_EMAIL)),
        "administrator": viewer_for(users.get(email=ADMIN_EMAIL)),
    }
    return viewers, sorted(viewers["member"].council_ids)[0]


def run_search(viewer, text, flt, page, member_council):
    from sitesearch.query import Filters, search

    filters = Filters(
        kind=flt.get("kind", ""),
        council_id=member_council if flt.get("council") == "member" else None,
        onderwerp=flt.get("onderwerp", ""),
        regeling=flt.get("regeling", ""),
    )
    results = search(viewer, text, filters, page=page)
    # what the page shows: the entries of this page (the view renders them)
    shown = list(results.page.object_list) if results.page is not None else []
    return results.total, len(shown)


def time_query(viewer, text, flt, page, member_council, repeat: int) -> dict:
    """A warm-up run (with its SQL statements and their times), then ``repeat`` timed runs;
    stopped at the first timeout."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def once():
        return run_search(viewer, text, flt, page, member_council)

    times: list[float] = []
    result: dict = {}
    try:
        t0 = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            result["total"], result["shown"] = within(TIMEOUT, once)
        result["warm_up_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        result["warm_up_sql"] = [
            {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:200]}
            for q in captured.captured_queries
        ]
        for _ in range(repeat):
            t0 = time.perf_counter()
            within(TIMEOUT, once)
            times.append((time.perf_counter() - t0) * 1000)
    except TimedOut:
        times.append(TIMEOUT * 1000)
        result["timed_out"] = True
    result.update(stats(times, censored=1 if result.get("timed_out") else 0))
    result["samples_ms"] = [round(t, 1) for t in times]
    return result


def measure(repeat: int) -> dict:
    """Warm in-process timings of ``sitesearch.query.search`` for every query and viewer."""
    from django.urls import NoReverseMatch, reverse

    from sitesearch.query import visible_entries

    viewers, member_council = setup_viewers()
    out: dict = {"timeout_s": TIMEOUT, "repeat": repeat, "visible_entries": {}, "queries": {}}
    failures: list[str] = []
    for vname, viewer in viewers.items():
        out["visible_entries"][vname] = visible_entries(viewer).count()
    samples: dict[str, list[float]] = {v: [] for v in VIEWERS}
    censored = dict.fromkeys(VIEWERS, 0)
    started = time.perf_counter()
    for qname, text, flt, page in QUERIES:
        per_viewer = {}
        for vname in VIEWERS:
            if per_viewer.get("visitor", {}).get("timed_out"):
                # the visitor sees the fewest entries; the others would time out as well
                per_viewer[vname] = {
                    "timed_out": True,
                    "not_run": "the visitor already timed out",
                    **stats([TIMEOUT * 1000], censored=1),
                    "samples_ms": [TIMEOUT * 1000],
                }
                samples[vname].append(TIMEOUT * 1000)
                censored[vname] += 1
                failures.append(f"{qname} ({text!r}) as {vname}: not run, the visitor timed out")
                continue
            try:
                r = time_query(viewers[vname], text, flt, page, member_council, repeat)
            except Exception as error:  # noqa: BLE001 - reported, fails the run
                failures.append(f"{qname} as {vname}: {type(error).__name__}: {error}")
                continue
            per_viewer[vname] = r
            samples[vname] += r["samples_ms"]
            if r.get("timed_out"):
                censored[vname] += 1
                failures.append(f"{qname} ({text!r}) as {vname}: over {TIMEOUT:g} s")
        out["queries"][qname] = {"text": text, "filters": flt, "page": page, "by": per_viewer}
        log(
            f"{qname:<21}"
            + "".join(
                f" {v}: {r.get('total', '?'):>6} hits {r['p50_ms']:>7.1f} ms"
                + ("+" if r.get("timed_out") else " ")
                for v, r in per_viewer.items()
            )
        )
    out["viewers"] = {v: stats(t, censored[v]) for v, t in samples.items() if t}
    out["measure_s"] = round(time.perf_counter() - started, 1)

    common = out["queries"]["common_word"]["by"]
    for vname in VIEWERS:
        if vname in common and common[vname].get("total") == 0:
            failures.append(f"common_word found nothing for {vname}")
    for qname, q in out["queries"].items():
        admin = q["by"].get("administrator", {}).get("total")
        for vname in ("visitor", "member"):
            total = q["by"].get(vname, {}).get("total")
            if admin is not None and total is not None and total > admin:
                failures.append(f"{qname}: {vname} finds more than the administrator")
    out["failures"] = failures
    try:
        out["search_path"] = reverse("sitesearch:search")
    except NoReverseMatch:
        out["search_path"] = ""
    return out


# --- diagnosing (run in a subprocess with the bench database) ---------------------------------

DIAGNOSE_QUERIES = ["rare_word", "two_words", "place_name", "common_word"]


def statement_parts(viewer, text: str) -> dict:
    """The statements of ``search()`` timed apart (each stopped at the timeout)."""
    from wagtail.search.backends import get_search_backend

    from sitesearch.query import backend_query, visible_entries

    backend = get_search_backend()
    query = backend_query(text)
    visible = visible_entries(viewer)
    ranked = backend.search(query, visible)
    unranked = backend.search(query, visible, order_by_relevance=False)
    parts: dict = {}
    for name, fn in [
        ("count", ranked.count),
        ("facet_kind", lambda: unranked.facet("kind")),
        ("page_by_relevance", lambda: list(ranked[:20])),
        ("page_unordered", lambda: list(unranked[:20])),
    ]:
        t0 = time.perf_counter()
        try:
            value = within(TIMEOUT, fn)
            parts[name + "_ms"] = round((time.perf_counter() - t0) * 1000, 1)
            if name == "count":
                parts["hits"] = value
        except TimedOut:
            parts[name + "_ms"] = f">{TIMEOUT * 1000:g}"
    return parts


def diagnose(repeat: int) -> dict:
    from django.db import connection

    viewers, member_council = setup_viewers()
    visitor = viewers["visitor"]
    queries = {q[0]: q for q in QUERIES}
    out: dict = {"parts_as_visitor": {}}
    for qname in DIAGNOSE_QUERIES:
        out["parts_as_visitor"][qname] = statement_parts(visitor, queries[qname][1])
        log(f"parts {qname:<12} {out['parts_as_visitor'][qname]}")

    with connection.cursor() as cursor:
        t0 = time.perf_counter()
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone():
                out["not_in_the_app"] = {"change": "none: the database has statistics already"}
                return out
            change = "ANALYZE (planner statistics; the app never runs it)"
            cursor.execute("ANALYZE")
        else:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'wagtailsearch_indexentry' "
                "AND indexdef LIKE '%(title || body)%'"
            )
            found = cursor.fetchone()
            if found:
                out["not_in_the_app"] = {
                    "change": f"none: the app has the GIN index on (title || body) ({found[0]})"
                }
                return out
            change = (
                "CREATE INDEX ... USING gin ((title || body)) on wagtailsearch_indexentry, "
                "then ANALYZE: the expression the backend matches on"
            )
            cursor.execute(
                "CREATE INDEX bench_indexentry_title_body ON wagtailsearch_indexentry "
                "USING gin ((title || body))"
            )
            cursor.execute("ANALYZE wagtailsearch_indexentry")
        took = round(time.perf_counter() - t0, 1)
    after: dict = {}
    for qname in DIAGNOSE_QUERIES:
        _name, text, flt, page = queries[qname]
        after[qname] = {}
        for vname in ("visitor", "administrator"):
            r = time_query(viewers[vname], text, flt, page, member_council, repeat)
            after[qname][vname] = {k: r[k] for k in ("total", "p50_ms", "p95_ms") if k in r}
            if r.get("timed_out"):
                after[qname][vname]["timed_out"] = True
        log(f"after the change: {qname:<12} {after[qname]}")
    parts_after = {}
    for qname in DIAGNOSE_QUERIES:
        parts_after[qname] = statement_parts(visitor, queries[qname][1])
        log(f"parts after the change: {qname:<12} {parts_after[qname]}")
    out["not_in_the_app"] = {
        "change": change,
        "took_s": took,
        "search": after,
        "parts_as_visitor": parts_after,
    }
    return out


# --- HTTP ------------------------------------------------------------------------------------

# name, query (from QUERIES), viewer
HTTP_QUERIES = [
    ("rare_visitor", "rare_word", "visitor"),
    ("common_visitor", "common_word", "visitor"),
    ("two_words_member", "two_words", "member"),
]


def http_part(wrk: str, bench: skeleton.Bench, search_path: str, measured: dict) -> dict:
    skeleton.CONNECTIONS = HTTP_CONNECTIONS  # run_wrk reads it at call time
    limit_ms = float(WRK_TIMEOUT.rstrip("s")) * 1000 * 0.8
    queries = {q[0]: q for q in QUERIES}
    chosen, skipped = [], {}
    for name, qname, vname in HTTP_QUERIES:
        r = measured["queries"][qname]["by"].get(vname, {})
        if r.get("timed_out") or r.get("p95_ms", limit_ms) >= limit_ms:
            skipped[name] = (
                f"in-process p95 {r.get('p95_ms')} ms{' (timed out)' if r.get('timed_out') else ''}"
                f" is near or over wrk's timeout ({WRK_TIMEOUT})"
            )
        else:
            chosen.append((name, queries[qname][1], vname == "member"))
    if not chosen:
        return {"skipped": "every search is too slow for wrk", "per_query": skipped}
    manage(bench.env, "collectstatic", "--noinput")
    base = bench.serve()
    try:
        cookie = bench.login()
        pages, marks = {}, {}
        for name, text, logged_in in [("floor", "", False), *chosen]:
            path = "/bench/floor/" if name == "floor" else f"{search_path}?q={text}"
            path = path.replace(" ", "+")
            page_cookie = cookie if logged_in else ""
            result = measure_page(wrk, base, bench.process.pid, name, path, page_cookie)
            pages[name] = {"path": path, "logged_in": logged_in, **result}
            if name != "floor":
                _status, _headers, body = fetch(base, path, page_cookie)
                marks[name] = body.decode().count("<mark>")
        add_floor_ratios(pages)
        print()
        print(table(pages))
        return {
            "connections": HTTP_CONNECTIONS,
            "pages": pages,
            "marks_on_page": marks,
            "skipped": skipped,
        }
    finally:
        stop(bench.process)  # the diagnosis after this runs without a server, as it always did


# --- orchestration ---------------------------------------------------------------------------


def code_version() -> dict:
    """The commit measured, and whether the search code differs from it."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=30
        ).stdout.strip()

    return {
        "commit": git("rev-parse", "HEAD"),
        "uncommitted_in_src_sitesearch_and_settings": git(
            "status", "--porcelain", "--", "src/sitesearch", "src/raadsplein"
        ).splitlines(),
    }


def run_part(flag: str, env: dict, timeout: int) -> dict:
    return skeleton.run_part(Path(__file__).resolve(), flag, env, timeout)


def one_backend(name: str, wrk: str | None, pg_server: str) -> dict:
    http: dict = {}
    with skeleton.Bench("search", database=name, pg_server=pg_server) as bench:
        lap = bench.lap
        env = bench.env
        manage(env, "migrate", "--noinput")
        manage(env, "demo")
        lap("migrate_and_demo")
        log(f"{name}: seeding and indexing {ITEMS:,} search entries")
        seeded = run_part(SEED_FLAG, env, timeout=1800)
        lap("seed_and_index")
        log(
            f"{name}: seeded and indexed in {seeded['seed_and_index_s']} s "
            f"({seeded['phases_s']}); database {seeded['database_size']['database_mb']} MB"
        )
        measured = run_part(MEASURE_FLAG, env, timeout=1800)
        lap("measure_in_process")
        if not HTTP:
            http = {"skipped": "BENCH_SEARCH_HTTP=0"}
        elif not measured["search_path"]:
            http = {"skipped": "no URL sitesearch:search yet (the search view does not exist)"}
        else:
            http = http_part(wrk, bench, measured["search_path"], measured)
            lap("http")
        diagnosed = run_part(DIAGNOSE_FLAG, env, timeout=1800)
        lap("diagnose")
    failures = measured.pop("failures")
    failures += [
        f"http {n}: errors {r['errors']}, {r['non_2xx']} non-2xx"
        for n, r in http.get("pages", {}).items()
        if r["errors_total"] or r["non_2xx"]
    ]
    return {
        "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": (
            f"PostgreSQL, fresh database {bench.pg_name}; Wagtail's database search backend "
            "with SEARCH_CONFIG dutch"
            if name == "postgresql"
            else "SQLite (WAL) in a temporary directory; Wagtail's database search backend (FTS5)"
        ),
        "seed": seeded,
        "in_process": measured,
        "http": http,
        "diagnose": diagnosed,
        "phase_seconds": bench.phases,
        "wall_time_s": round(time.monotonic() - bench.started, 1),
        "failures": failures,
    }


def summary(sections: dict) -> str:
    head = (
        f"{'database':<12}{'viewer':<15}{'p50 ms':>9}{'p95 ms':>9}{'mean ms':>9}{'max ms':>9}"
        f"{'timeouts':>10}"
    )
    rows = [head, "-" * len(head)]
    for name, section in sections.items():
        for viewer, s in section.get("in_process", {}).get("viewers", {}).items():
            rows.append(
                f"{name:<12}{viewer:<15}{s['p50_ms']:>9.1f}{s['p95_ms']:>9.1f}"
                f"{s['mean_ms']:>9.1f}{s['max_ms']:>9.1f}{s.get('censored', 0):>10}"
            )
        seed_info = section.get("seed", {})
        if seed_info:
            rows.append(
                f"{name:<12}seed + index {seed_info['seed_and_index_s']} s "
                f"(index {seed_info['phases_s']['index_add_bulk']} s), "
                f"database {seed_info['database_size']['database_mb']} MB"
            )
    return "\n".join(rows)


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    pg_server = skeleton.postgres_server()
    wanted = os.environ.get("BENCH_SEARCH_BACKENDS", "")
    names = [n.strip() for n in wanted.split(",") if n.strip()] or (
        ["sqlite", "postgresql"] if pg_server else ["sqlite"]
    )
    info = machine()
    info["code"] = code_version()
    info["cpu_busy_pct_before"] = busy_now()
    if info["cpu_busy_pct_before"] > 10:
        log(f"warning: the machine is {info['cpu_busy_pct_before']} % busy before the run")
    skipped = {}
    if "postgresql" in names:
        try:
            if not pg_server:
                raise RuntimeError("DATABASE_URL is not a PostgreSQL URL")
            info["postgresql"] = skeleton.postgres_version(pg_server)
        except Exception as error:  # noqa: BLE001 - any failure means: no PostgreSQL this run
            log(f"PostgreSQL left out: {error}")
            skipped["postgresql"] = {"skipped": str(error)}
            names.remove("postgresql")
    wrk = ensure_wrk() if HTTP else None

    report = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    sections = report.get("backends", {})
    for name, note in skipped.items():  # keep the last real figures, say why not this time
        sections.setdefault(name, {})["skipped_in_last_run"] = note["skipped"]
    failures: list[str] = []
    for name in names:
        section = one_backend(name, wrk, pg_server)
        sections[name] = section
        failures += [f"{name}: {f}" for f in section["failures"]]
    info["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    report = {
        "about": (
            "sitesearch.query.search() over BENCH_SEARCH_ITEMS entries, warm, in-process "
            "(in_process) and the search page through gunicorn (http), and why slow searches are "
            "slow (diagnose); one section per database, each from its own run (its timestamp)"
        ),
        "machine": info,
        "settings": {
            "django_settings": SETTINGS,
            "items": ITEMS,
            "repeat": REPEAT,
            "timeout_s": TIMEOUT,
            "add_bulk_batch": BATCH,
            "http": {
                "server": f"gunicorn, {WORKERS} {WORKER_CLASS} workers",
                "seconds_per_page": SECONDS,
                "connections": HTTP_CONNECTIONS,
                "threads": THREADS,
                "logged_in_as": MEMBER_EMAIL + " (for pages with logged_in true)",
            },
        },
        "backends": sections,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print()
    print(summary({n: sections[n] for n in names}))
    print(f"\n{RESULTS.relative_to(PROJECT_DIR)} written")
    if failures:
        print("[bench] " + "\n[bench] ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if SEED_FLAG in sys.argv[1:]:
        sys.exit(seed_in_django(seed, ITEMS))
    if MEASURE_FLAG in sys.argv[1:]:
        sys.exit(seed_in_django(measure, REPEAT))
    if DIAGNOSE_FLAG in sys.argv[1:]:
        sys.exit(seed_in_django(diagnose, REPEAT))
    sys.exit(main())
