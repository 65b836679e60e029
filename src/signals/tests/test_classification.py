"""Seed data and classifier for client signals (regeling + onderwerp)."""

from __future__ import annotations

import json
import random
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from signals.classification import model
from signals.classification.model import (
    AXES,
    ONDERWERPEN,
    REGELINGEN,
    Classifier,
    Prediction,
    evaluate,
    load_examples,
    load_seed_examples,
    train,
)

SHARED_SIGNALS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "signals"
TAXONOMY = SHARED_SIGNALS / "taxonomy.json"
DEV_SET = SHARED_SIGNALS / "signals_dev.jsonl"

SAMPLE_TEXTS = [
    "Ik hang al 50 minuten in de wacht over mijn WW-uitkering en niemand neemt op.",
    "De verzekeringsarts bij mijn WIA-keuring heeft mijn specialist niet gebeld.",
    "werk.nl crasht steeds als ik mijn cv wil uploaden",
    "Dank voor de fijne hulp van mijn jobcoach, Wajong is soms ook gewoon goed geregeld!",
    "",
    "ok",
]


@pytest.fixture(scope="module")
def seed():
    return load_seed_examples()


@pytest.fixture(scope="module")
def seed_classifier(seed):
    """Trained once for this module (the conftest's ``classifier`` is a database row)."""
    return train(seed)


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


# --- seed data ------------------------------------------------------------------------------


def test_seed_has_enough_examples(seed):
    assert len(seed) >= 600


def test_seed_rows_are_well_formed(seed):
    for row in seed:
        assert set(row) == {"text", "regeling", "onderwerp"}
        assert isinstance(row["text"], str)
        assert row["text"] == row["text"].strip()
        assert len(row["text"]) >= 10
        assert row["regeling"] in REGELINGEN
        assert row["onderwerp"] in ONDERWERPEN


@pytest.mark.parametrize("axis", list(AXES))
def test_seed_covers_every_label(seed, axis):
    counts = Counter(row[axis] for row in seed)
    assert set(counts) == set(AXES[axis])
    scarce = {label: n for label, n in counts.items() if n < 15}
    assert not scarce, f"labels with fewer than 15 seed examples: {scarce}"


def test_seed_has_no_duplicate_texts(seed):
    counts = Counter(_key(row["text"]) for row in seed)
    duplicates = [text for text, n in counts.items() if n > 1]
    assert not duplicates


def test_seed_is_varied(seed):
    lengths = [len(row["text"]) for row in seed]
    assert min(lengths) < 60 and max(lengths) > 300
    assert sum(row["text"] == row["text"].lower() for row in seed) >= 50  # sloppy typing
    assert sum(re.search(r"\b(the|and|my|is not)\b", row["text"]) is not None for row in seed) >= 20


def test_labels_match_taxonomy():
    if not TAXONOMY.exists():
        pytest.skip(f"{TAXONOMY} not present")
    taxonomy = json.loads(TAXONOMY.read_text(encoding="utf-8"))
    assert set(REGELINGEN) == set(taxonomy["regeling"])
    assert set(ONDERWERPEN) == set(taxonomy["onderwerp"])


# --- model ----------------------------------------------------------------------------------


def test_predictions_have_labels_and_confidences(seed_classifier):
    predictions = seed_classifier.predict(SAMPLE_TEXTS)
    assert len(predictions) == len(SAMPLE_TEXTS)
    for p in predictions:
        assert isinstance(p, Prediction)
        assert p.regeling in REGELINGEN
        assert p.onderwerp in ONDERWERPEN
        for value in (p.regeling_confidence, p.onderwerp_confidence, p.confidence):
            assert 0.0 <= value <= 1.0
        assert p.confidence == min(p.regeling_confidence, p.onderwerp_confidence)
        assert p.as_dict()["confidence"] == p.confidence


def test_obvious_cases(seed_classifier):
    first, second, third, fourth = seed_classifier.predict(SAMPLE_TEXTS[:4])
    assert (first.regeling, first.onderwerp) == ("WW", "bereikbaarheid")
    assert (second.regeling, second.onderwerp) == ("WIA", "beoordeling")
    assert (third.regeling, third.onderwerp) == ("WERK", "digitaal")
    assert (fourth.regeling, fourth.onderwerp) == ("WAJONG", "compliment")


def test_predict_proba_sums_to_one(seed_classifier):
    distributions = seed_classifier.predict_proba(SAMPLE_TEXTS[:2])
    for axis, labels in AXES.items():
        for dist in distributions[axis]:
            assert set(dist) == set(labels)
            assert sum(dist.values()) == pytest.approx(1.0)


def test_predict_nothing(seed_classifier):
    assert seed_classifier.predict([]) == []


def test_metadata(seed_classifier, seed):
    meta = seed_classifier.metadata
    assert meta["n_examples"] == len(seed)
    assert meta["sklearn_version"] == model.sklearn.__version__
    assert meta["version"].startswith(model.RECIPE_VERSION)
    assert meta["trained_at"].endswith("+00:00")
    assert {axis: set(labels) for axis, labels in meta["labels"].items()} == {
        axis: set(labels) for axis, labels in AXES.items()
    }
    assert seed_classifier.version == meta["version"]


def test_round_trip_through_bytes(seed_classifier, seed):
    blob = seed_classifier.dumps()
    assert isinstance(blob, bytes)
    restored = Classifier.loads(blob)
    assert restored.metadata == seed_classifier.metadata
    texts = SAMPLE_TEXTS + [row["text"] for row in seed[:200]]
    assert restored.predict(texts) == seed_classifier.predict(texts)


def test_loads_rejects_foreign_payload():
    import io

    import joblib

    buffer = io.BytesIO()
    joblib.dump({"something": "else"}, buffer)
    with pytest.raises(ValueError):
        Classifier.loads(buffer.getvalue())


def test_training_is_deterministic(seed_classifier, seed):
    again = train(seed)
    assert again.metadata["version"] == seed_classifier.metadata["version"]
    texts = [row["text"] for row in seed[:100]] + SAMPLE_TEXTS
    assert again.predict_proba(texts) == seed_classifier.predict_proba(texts)


@pytest.mark.parametrize(
    "bad",
    [
        {"text": "iets", "regeling": "AOW", "onderwerp": "brieven"},
        {"text": "iets", "regeling": "WW", "onderwerp": "klachten"},
        {"text": "   ", "regeling": "WW", "onderwerp": "brieven"},
        {"regeling": "WW", "onderwerp": "brieven"},
    ],
)
def test_train_rejects_bad_examples(seed, bad):
    with pytest.raises(ValueError):
        train([*seed[:50], bad])


def test_evaluate_reports_scores(seed_classifier, seed):
    result = evaluate(seed_classifier, seed[:100])
    assert result["n"] == 100
    for axis in AXES:
        assert 0.0 <= result[f"{axis}_accuracy"] <= 1.0
        assert 0.0 <= result[f"{axis}_macro_f1"] <= 1.0
        assert set(result[f"{axis}_f1"]) <= set(AXES[axis])


def test_held_out_seed_split_scores_sanely(seed):
    """Train on ~80% of the seed data and score the rest (stratified by onderwerp)."""
    by_topic: dict[str, list[dict]] = {}
    for row in seed:
        by_topic.setdefault(row["onderwerp"], []).append(row)
    rng = random.Random(7)
    train_rows, test_rows = [], []
    for rows in by_topic.values():
        rows = rows[:]
        rng.shuffle(rows)
        cut = len(rows) // 5
        test_rows += rows[:cut]
        train_rows += rows[cut:]
    result = evaluate(train(train_rows), test_rows)
    assert result["regeling_accuracy"] >= 0.85, result
    assert result["onderwerp_macro_f1"] >= 0.75, result


def test_speed(seed):
    """A few seconds to train, thousands of predictions per second (generous bounds)."""
    start = time.perf_counter()
    clf = train(seed)
    assert time.perf_counter() - start < 20
    texts = [row["text"] for row in seed] * 3
    start = time.perf_counter()
    clf.predict(texts)
    assert len(texts) / (time.perf_counter() - start) > 500


# --- held-out development set -----------------------------------------------------------------


def test_dev_set_scores(seed_classifier):
    if not DEV_SET.exists():
        pytest.skip(f"{DEV_SET} not present")
    dev = load_examples(DEV_SET)
    result = evaluate(seed_classifier, dev)
    summary = {k: v for k, v in result.items() if not k.endswith("_f1") or "macro" in k}
    print("dev-set scores:", json.dumps(summary, indent=2))
    assert result["onderwerp_macro_f1"] >= 0.80, result
    assert result["regeling_accuracy"] >= 0.85, result
