from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def _classifier_blob():
    """Train once per test session; each test gets the same model as a database row."""
    from signals.classification.model import load_seed_examples, train

    return train(load_seed_examples()).dumps()


@pytest.fixture
def classifier(db, _classifier_blob):
    from django.utils import timezone

    from signals.models import ClassifierModel

    return ClassifierModel.objects.create(
        version="test-1",
        trained_at=timezone.now(),
        n_examples=1,
        blob=_classifier_blob,
        is_active=True,
    )


@pytest.fixture
def signal_councils(db):
    """A district council covering 9000-9999 and the central council."""
    from councils.models import Council
    from councils.tests.factories import CouncilFactory, PostcodeRangeFactory

    noord = CouncilFactory(slug="noord", name="Districtscliëntenraad Noord")
    PostcodeRangeFactory(council=noord, start=9000, end=9999)
    central = CouncilFactory(
        slug="centraal", name="Centrale Cliëntenraad", kind=Council.Kind.CENTRAL
    )
    return {"noord": noord, "central": central}
