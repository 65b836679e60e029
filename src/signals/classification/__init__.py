"""Automatic labelling of client signals by scheme (regeling) and topic (onderwerp).

See :mod:`signals.classification.model`; the hand-written training data lives in ``seed/``.
"""

from .model import (
    ONDERWERPEN,
    REGELINGEN,
    Classifier,
    Prediction,
    evaluate,
    load_examples,
    load_seed_examples,
    train,
)

__all__ = [
    "ONDERWERPEN",
    "REGELINGEN",
    "Classifier",
    "Prediction",
    "evaluate",
    "load_examples",
    "load_seed_examples",
    "train",
]
