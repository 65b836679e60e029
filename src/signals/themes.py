"""Themes for signals: the active classifier, training it, and applying it.

The model is trained from the seed examples in ``classification/seed`` plus every theme members
set; it lives in the database (``ClassifierModel``) so every app server and worker uses the same
one. Each process keeps the active model in memory and reloads it when the version changes."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ClassifierModel, Signal, ThemeLabel

_lock = threading.Lock()
_loaded: dict = {"version": None, "classifier": None}


@dataclass
class Theme:
    regeling: str
    regeling_confidence: float
    onderwerp: str
    onderwerp_confidence: float
    confidence: float
    version: str
    words: int = 100

    @property
    def needs_theme(self) -> bool:
        """Unsure, or too short to tell: a very short text ("slecht geregeld") gives the model
        too little to go on, whatever confidence it reports."""
        return (
            self.confidence < settings.SIGNAL_THEME_THRESHOLD
            or self.words < settings.SIGNAL_THEME_MIN_WORDS
        )


def training_examples() -> tuple[list[dict], int]:
    """Seed examples plus the latest label members gave each signal."""
    from .classification.model import load_seed_examples

    examples = list(load_seed_examples())
    latest = {}
    for label in ThemeLabel.objects.select_related("signal").order_by("at", "id").iterator():
        latest[label.signal_id] = {
            "text": label.signal.text,
            "regeling": label.regeling,
            "onderwerp": label.onderwerp,
        }
    return examples + list(latest.values()), len(latest)


def classifier_train(*, activate: bool = True) -> ClassifierModel:
    """Train a new model and (by default) make it the active one."""
    from .classification.model import train

    examples, n_member = training_examples()
    classifier = train(examples)
    now = timezone.now()
    version = f"{now:%Y%m%d-%H%M%S}-{len(examples)}"
    with transaction.atomic():
        record = ClassifierModel.objects.create(
            version=version,
            trained_at=now,
            n_examples=len(examples),
            n_member_labels=n_member,
            blob=classifier.dumps(),
            is_active=False,
        )
        if activate:
            ClassifierModel.objects.filter(is_active=True).update(is_active=False)
            record.is_active = True
            record.save(update_fields=["is_active"])
    return record


def active_classifier():
    """The active classifier, trained from the seed examples if there is none yet."""
    from .classification.model import Classifier

    record = ClassifierModel.objects.filter(is_active=True).only("version").first()
    if record is None:
        with _lock:
            record = ClassifierModel.objects.filter(is_active=True).only("version").first()
            if record is None:
                try:
                    record = classifier_train()
                except IntegrityError:  # another process activated its model first
                    record = ClassifierModel.objects.filter(is_active=True).only("version").get()
    if _loaded["version"] != record.version:
        with _lock:
            if _loaded["version"] != record.version:
                blob = ClassifierModel.objects.values_list("blob", flat=True).get(pk=record.pk)
                _loaded["classifier"] = Classifier.loads(bytes(blob))
                _loaded["version"] = record.version
    return _loaded["classifier"], _loaded["version"]


def classify(texts: list[str]) -> list[Theme]:
    classifier, version = active_classifier()
    return [
        Theme(
            regeling=p.regeling,
            regeling_confidence=float(p.regeling_confidence),
            onderwerp=p.onderwerp,
            onderwerp_confidence=float(p.onderwerp_confidence),
            confidence=float(p.confidence),
            version=version,
            words=len(text.split()),
        )
        for p, text in zip(classifier.predict(texts), texts, strict=True)
    ]


def apply_theme(signal: Signal, theme: Theme) -> None:
    signal.regeling = theme.regeling
    signal.regeling_confidence = round(theme.regeling_confidence, 4)
    signal.onderwerp = theme.onderwerp
    signal.onderwerp_confidence = round(theme.onderwerp_confidence, 4)
    signal.model_version = theme.version
    signal.needs_theme = theme.needs_theme
