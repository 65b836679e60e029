"""Classifier figures for bench/signals.py (run by it as a subprocess, with the bench database in
DATABASE_URL): throughput and latency of the active theme model, and its scores on the held-out
development set. Prints one line ``BENCH_JSON {...}``.

The model is the one the application uses (``signals.themes.active_classifier``: the active
model in the database, trained from the seed examples plus members' labels when there is none).
The development set is only ever scored, never trained on; ``texts_also_in_training`` counts
its texts that are among the training examples anyway (should be 0).

Environment: BENCH_CLASSIFY_N (texts, default 5000), BENCH_CLASSIFY_BATCH (default 100),
BENCH_DEV_SET (default <repo>/../shared/data/signals/signals_dev.jsonl).
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
SRC_DIR = PROJECT_DIR / "src"
DEV_SET = Path(
    os.environ.get(
        "BENCH_DEV_SET", PROJECT_DIR.parent / "shared" / "data" / "signals" / "signals_dev.jsonl"
    )
)
N = int(os.environ.get("BENCH_CLASSIFY_N", "5000"))
BATCH = int(os.environ.get("BENCH_CLASSIFY_BATCH", "100"))
SINGLE_RUNS = 200

# bench/signals.py would shadow the Django app ``signals``: import from src/ only.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
sys.path.insert(0, str(SRC_DIR))


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def timings_ms(call, inputs: list) -> dict:
    took = []
    for item in inputs:
        start = time.perf_counter()
        call(item)
        took.append((time.perf_counter() - start) * 1000)
    return {
        "runs": len(took),
        "p50_ms": round(statistics.median(took), 3),
        "p95_ms": round(percentile(took, 95), 3),
        "mean_ms": round(statistics.fmean(took), 3),
    }


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def normalised(text: str) -> str:
    return " ".join(text.lower().split())


def main() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "raadsplein.settings.bench")
    import django

    django.setup()

    from signals.classification.model import evaluate, load_examples, load_seed_examples, train
    from signals.models import ClassifierModel
    from signals.themes import active_classifier, classify, training_examples

    rss_before = rss_mb()
    start = time.perf_counter()
    classifier, version = active_classifier()
    load_s = time.perf_counter() - start
    rss_after = rss_mb()
    record = ClassifierModel.objects.get(version=version)

    seed = load_seed_examples()
    start = time.perf_counter()
    train(seed)
    train_s = time.perf_counter() - start

    rng = random.Random(20260101)  # noqa: S311 - shuffling benchmark input
    pool = [example["text"] for example in seed]
    texts = (pool * (N // len(pool) + 1))[:N]
    rng.shuffle(texts)
    classifier.predict(texts[:BATCH])  # warm-up
    start = time.perf_counter()
    predicted = 0
    for offset in range(0, N, BATCH):
        predicted += len(classifier.predict(texts[offset : offset + BATCH]))
    batch_s = time.perf_counter() - start
    assert predicted == N, (predicted, N)

    singles = texts[:SINGLE_RUNS]
    result = {
        "model_version": version,
        "model_n_examples": record.n_examples,
        "model_n_member_labels": record.n_member_labels,
        "model_blob_kb": round(len(bytes(record.blob)) / 1024, 1),
        "load_s": round(load_s, 3),
        # resident memory of this process after django.setup() and after loading the model
        "rss_mb_before_load": rss_before,
        "rss_mb_after_load": rss_after,
        "train_from_seed_s": round(train_s, 3),
        "seed_examples": len(seed),
        "throughput": {
            "texts": N,
            "batch_size": BATCH,
            "seconds": round(batch_s, 3),
            "signals_per_s": round(N / batch_s, 1),
        },
        # Classifier.predict on one text; and themes.classify, which signal_submit calls (it also
        # looks up the active model's version in the database).
        "single_predict": timings_ms(lambda text: classifier.predict([text]), singles),
        "single_classify": timings_ms(lambda text: classify([text]), singles),
    }

    if DEV_SET.is_file():
        dev = load_examples(DEV_SET)
        training, _ = training_examples()
        seen = {normalised(example["text"]) for example in training}
        overlap = sum(normalised(example["text"]) in seen for example in dev)
        if overlap:  # reported, not fatal: the scores are then too optimistic
            print(f"[bench] {overlap} development texts are in the training set", file=sys.stderr)
        scores = evaluate(classifier, dev)
        support = {axis: {} for axis in ("regeling", "onderwerp")}
        for example in dev:
            for axis, counts in support.items():
                counts[example[axis]] = counts.get(example[axis], 0) + 1
        result["dev_set"] = {
            "path": str(DEV_SET),
            "n": scores["n"],
            "texts_also_in_training": overlap,
            "onderwerp_macro_f1": round(scores["onderwerp_macro_f1"], 4),
            "onderwerp_accuracy": round(scores["onderwerp_accuracy"], 4),
            "regeling_accuracy": round(scores["regeling_accuracy"], 4),
            "regeling_macro_f1": round(scores["regeling_macro_f1"], 4),
            "onderwerp_f1": {k: round(v, 4) for k, v in scores["onderwerp_f1"].items()},
            "regeling_f1": {k: round(v, 4) for k, v in scores["regeling_f1"].items()},
            "support": support,
        }
    else:
        result["dev_set"] = {"path": str(DEV_SET), "skipped": "file not found"}

    result["process_peak_rss_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    return result


if __name__ == "__main__":
    print("BENCH_JSON " + json.dumps(main(), ensure_ascii=False), flush=True)
