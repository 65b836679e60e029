from __future__ import annotations

import factory
from django.utils import timezone

from councils.tests.factories import CouncilFactory
from recruitment.models import AgeBand, Application, Vacancy


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    council = factory.SubFactory(CouncilFactory)
    title = "Raadslid"
    role = "U praat mee over de dienstverlening van UWV."
    time_needed = "Ongeveer 8 uur per maand"
    expenses = "Vergoeding van reiskosten en een vrijwilligersvergoeding"
    suits = "Iedereen die klant is of was van UWV."


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    # Far above what the service hands out in a test, so the two never meet.
    reference = factory.Sequence(lambda n: f"A-2026-{n + 500001:06d}")
    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Aanmelder {n}")
    email = factory.Sequence(lambda n: f"aanmelder{n}@example.org")
    motivation = "Ik wil dat brieven duidelijker worden."
    experience = "Ik had een WW-uitkering."
    consent_text = "Ja, gebruik mijn gegevens voor mijn aanmelding."
    consent_at = factory.LazyFunction(timezone.now)
    age_band = AgeBand.FROM_25
    created_at = factory.LazyFunction(timezone.now)
