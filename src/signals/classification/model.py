"""Classify client signals on two axes: the scheme (``regeling``) and the topic (``onderwerp``).

Pure Python plus scikit-learn: no Django imports, so the module can be trained, evaluated and
benchmarked outside the web application.

Features are shared by both axes: a union of TF-IDF word uni/bigrams and character 2-5-grams
within word boundaries (which copes with typos, compounds such as ``WGA-uitkering`` and
inflections). On top sits one model per axis: a linear SVM whose scores are turned into
probabilities by cross-validated sigmoid calibration. A prediction's confidence on an axis is the
probability of the winning label; the overall confidence is the lower of the two. On held-out data
the confidences are, if anything, a little conservative (they run below the observed accuracy).

Training on ~1,000 examples takes well under a second; prediction runs at several thousand texts
per second. Training is deterministic (fixed ``random_state``, unshuffled folds).

Typical use::

    clf = train(load_seed_examples())
    [pred] = clf.predict(["Ik wacht al een uur aan de telefoon over mijn WW"])
    blob = clf.dumps()            # store it
    clf = Classifier.loads(blob)  # only ever load bytes you produced yourself (pickle)
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC
from threadpoolctl import threadpool_limits

__all__ = [
    "AXES",
    "ONDERWERPEN",
    "REGELINGEN",
    "SEED_PATH",
    "Classifier",
    "Prediction",
    "evaluate",
    "load_examples",
    "load_seed_examples",
    "train",
]

#: Format of the serialised blob; bump when the layout of :meth:`Classifier.dumps` changes.
FORMAT_VERSION = 1
#: Version of the feature/model recipe; part of every trained model's version string.
RECIPE_VERSION = "tfidf-wc-svm-1"

#: Label identifiers, in the order of the taxonomy (shared/data/signals/taxonomy.json).
REGELINGEN: tuple[str, ...] = ("WW", "WIA", "WAO", "WAJONG", "ZW", "WERK", "ALGEMEEN")
ONDERWERPEN: tuple[str, ...] = (
    "bereikbaarheid",
    "brieven",
    "betaling",
    "beoordeling",
    "digitaal",
    "reintegratie",
    "bezwaar",
    "bejegening",
    "privacy",
    "compliment",
)
AXES: dict[str, tuple[str, ...]] = {"regeling": REGELINGEN, "onderwerp": ONDERWERPEN}

SEED_PATH = Path(__file__).resolve().parent / "seed" / "seed_signals.jsonl"

RANDOM_STATE = 20240611

#: Words are runs of letters/digits, single characters included ("u", "0").
WORD_PATTERN = r"(?u)\b\w+\b"

_WS = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


def normalise(text: str) -> str:
    """Lower-case, strip accents, map digit runs to ``0`` and collapse whitespace.

    Digits are folded so that "35-80%" and "45-55%", or amounts and dates, share features; scheme
    names are letters and are kept intact.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DIGITS.sub("0", text.lower())
    return _WS.sub(" ", text).strip()


def _features() -> FeatureUnion:
    """Word uni/bigrams plus character 2-5-grams within word boundaries, both TF-IDF."""
    return FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    preprocessor=normalise,
                    analyzer="word",
                    token_pattern=WORD_PATTERN,
                    ngram_range=(1, 2),
                    sublinear_tf=True,
                    dtype=np.float64,
                ),
            ),
            (
                "chars",
                TfidfVectorizer(
                    preprocessor=normalise,
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    sublinear_tf=True,
                    min_df=2,
                    dtype=np.float64,
                ),
            ),
        ]
    )


def _model(n_splits: int = 5) -> CalibratedClassifierCV:
    """A linear SVM (one-vs-rest) with probabilities from cross-validated sigmoid calibration."""
    svm = LinearSVC(C=0.5, class_weight="balanced", random_state=RANDOM_STATE)
    return CalibratedClassifierCV(
        svm, method="sigmoid", cv=StratifiedKFold(n_splits=n_splits), ensemble=False
    )


@dataclass(frozen=True, slots=True)
class Prediction:
    """Labels for one text with the model's probability for each (0..1)."""

    regeling: str
    regeling_confidence: float
    onderwerp: str
    onderwerp_confidence: float

    @property
    def confidence(self) -> float:
        """Overall confidence: the weaker of the two axes."""
        return min(self.regeling_confidence, self.onderwerp_confidence)

    def as_dict(self) -> dict[str, Any]:
        return {
            "regeling": self.regeling,
            "regeling_confidence": self.regeling_confidence,
            "onderwerp": self.onderwerp,
            "onderwerp_confidence": self.onderwerp_confidence,
            "confidence": self.confidence,
        }


@dataclass
class Classifier:
    """Shared text features plus one calibrated linear model per axis, with training metadata."""

    features: FeatureUnion
    models: dict[str, CalibratedClassifierCV]
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return self.metadata.get("version", "")

    @property
    def labels(self) -> dict[str, list[str]]:
        return {axis: [str(c) for c in model.classes_] for axis, model in self.models.items()}

    def _proba(self, texts: Sequence[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        texts = [t if isinstance(t, str) else "" for t in texts]
        with threadpool_limits(1):
            X = self.features.transform(texts)
            return {axis: (m.classes_, m.predict_proba(X)) for axis, m in self.models.items()}

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        if not texts:
            return []
        best = {}
        for axis, (classes, proba) in self._proba(texts).items():
            idx = proba.argmax(axis=1)
            best[axis] = [(str(classes[j]), float(proba[i, j])) for i, j in enumerate(idx)]
        return [
            Prediction(
                regeling=reg,
                regeling_confidence=reg_p,
                onderwerp=ond,
                onderwerp_confidence=ond_p,
            )
            for (reg, reg_p), (ond, ond_p) in zip(best["regeling"], best["onderwerp"], strict=True)
        ]

    def predict_proba(self, texts: Sequence[str]) -> dict[str, list[dict[str, float]]]:
        """Full distribution per axis: for each text a mapping label -> probability."""
        if not texts:
            return {axis: [] for axis in self.models}
        out = {}
        for axis, (classes, proba) in self._proba(texts).items():
            labels = [str(c) for c in classes]
            out[axis] = [dict(zip(labels, map(float, row), strict=True)) for row in proba]
        return out

    def dumps(self) -> bytes:
        """Serialise to bytes (joblib, i.e. pickle). Load only blobs produced by trusted code."""
        buffer = io.BytesIO()
        payload = {
            "format": FORMAT_VERSION,
            "metadata": self.metadata,
            "features": self.features,
            "models": self.models,
        }
        joblib.dump(payload, buffer, compress=3)
        return buffer.getvalue()

    @classmethod
    def loads(cls, blob: bytes) -> Classifier:
        """Inverse of :meth:`dumps`. This unpickles: never call it on untrusted input."""
        payload = joblib.load(io.BytesIO(blob))
        if not isinstance(payload, dict) or payload.get("format") != FORMAT_VERSION:
            raise ValueError("not a serialised signals classifier, or an unsupported format")
        models = payload["models"]
        if set(models) != set(AXES):
            raise ValueError(f"serialised classifier has axes {sorted(models)}, want {list(AXES)}")
        return cls(features=payload["features"], models=models, metadata=dict(payload["metadata"]))


def _validate(examples: Iterable[dict]) -> list[dict]:
    rows = []
    for i, ex in enumerate(examples):
        text = ex.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"example {i}: empty or missing text")
        for axis, labels in AXES.items():
            if ex.get(axis) not in labels:
                raise ValueError(f"example {i}: unknown {axis} {ex.get(axis)!r}")
        rows.append({"text": text, "regeling": ex["regeling"], "onderwerp": ex["onderwerp"]})
    if not rows:
        raise ValueError("no training examples")
    for axis in AXES:
        if len({r[axis] for r in rows}) < 2:
            raise ValueError(f"need at least two distinct {axis} labels to train")
    return rows


def _fingerprint(rows: list[dict]) -> str:
    digest = hashlib.sha256()
    for r in rows:
        digest.update(json.dumps([r["text"], r["regeling"], r["onderwerp"]]).encode())
    return digest.hexdigest()[:12]


def train(examples: Iterable[dict], version: str | None = None) -> Classifier:
    """Fit the classifier on ``examples`` (dicts with ``text``, ``regeling`` and ``onderwerp``).

    Deterministic: the same examples in the same order give the same model. Every label used must
    occur at least twice (the probability calibration is cross-validated). ``version`` defaults to
    the recipe plus a fingerprint of the training data.
    """
    rows = _validate(examples)
    texts = [r["text"] for r in rows]
    models = {}
    with threadpool_limits(1):  # BLAS/OpenMP oversubscription makes small fits much slower
        features = _features()
        X = features.fit_transform(texts)
        for _, vectorizer in features.transformer_list:
            vectorizer.stop_words_ = None  # n-grams cut by min_df: only bloats the pickle
        for axis in AXES:
            y = [r[axis] for r in rows]
            smallest = min(Counter(y).values())
            if smallest < 2:
                raise ValueError(f"every {axis} label needs at least 2 examples")
            models[axis] = _model(n_splits=min(5, smallest)).fit(X, y)
    fingerprint = _fingerprint(rows)
    metadata = {
        "version": version or f"{RECIPE_VERSION}+{fingerprint}",
        "recipe": RECIPE_VERSION,
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "n_examples": len(rows),
        "data_fingerprint": fingerprint,
        "sklearn_version": sklearn.__version__,
        "labels": {axis: [str(c) for c in models[axis].classes_] for axis in AXES},
    }
    return Classifier(features=features, models=models, metadata=metadata)


def load_examples(path: str | Path) -> list[dict]:
    """Read a JSONL file of labelled signals (extra keys such as ``id`` are kept)."""
    rows = []
    with Path(path).open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                rows.append(json.loads(line))
    return rows


def load_seed_examples() -> list[dict]:
    """The hand-written seed training set shipped with this package."""
    return load_examples(SEED_PATH)


def evaluate(classifier: Classifier, examples: Sequence[dict]) -> dict[str, Any]:
    """Score ``classifier`` on labelled ``examples``.

    Returns accuracy and macro-F1 for both axes, and per-label F1 for every label that occurs in
    the truth or the predictions (macro-F1 averages over those same labels).
    """
    rows = _validate(examples)
    predictions = classifier.predict([r["text"] for r in rows])
    result: dict[str, Any] = {"n": len(rows)}
    for axis, taxonomy in AXES.items():
        truth = [r[axis] for r in rows]
        predicted = [getattr(p, axis) for p in predictions]
        seen = set(truth) | set(predicted)
        labels = [label for label in taxonomy if label in seen]
        per_label = f1_score(truth, predicted, labels=labels, average=None, zero_division=0)
        result[f"{axis}_accuracy"] = float(accuracy_score(truth, predicted))
        result[f"{axis}_macro_f1"] = float(
            f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)
        )
        result[f"{axis}_f1"] = {
            label: float(score) for label, score in zip(labels, per_label, strict=True)
        }
    return result
