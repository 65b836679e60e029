from __future__ import annotations

import factory
from django.utils import timezone

from councils.tests.factories import CouncilFactory
from signals.models import Signal, SignalStatus


class SignalFactory(factory.django.DjangoModelFactory):
    """A signal stored directly (no classifier), for pages and permissions."""

    class Meta:
        model = Signal

    # Far above what the service hands out in a test, so the two never meet.
    reference = factory.Sequence(lambda n: f"S-2026-{n + 500001:06d}")
    received_at = factory.LazyFunction(timezone.now)
    text = factory.Sequence(lambda n: f"Ik wacht al weken op antwoord over mijn WW ({n}).")
    council = factory.SubFactory(CouncilFactory)
    status = SignalStatus.NEW
    regeling = "WW"
    onderwerp = "bereikbaarheid"
    regeling_confidence = 0.9
    onderwerp_confidence = 0.9
