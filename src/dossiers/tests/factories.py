"""Factories for dossiers. They write rows only (no timeline, no search entry): services do that.
A ``VersionFactory`` stores a small real text file in the private storage."""

from __future__ import annotations

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from common.models import Visibility
from councils.tests.factories import CouncilFactory
from dossiers.models import (
    DigestPreference,
    DocumentVersion,
    Dossier,
    DossierDocument,
    DossierLink,
    DossierStatus,
    DossierUpdate,
    Follow,
)

SAMPLE_TEXT = "Verslag van het gesprek met UWV over begrijpelijke brieven en de bereikbaarheid.\n"


class DossierFactory(factory.django.DjangoModelFactory):
    """A dossier of one council; pass ``councils=[...]`` for the councils that joined."""

    class Meta:
        model = Dossier
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Dossier {n}: begrijpelijke brieven")
    summary = "Wij volgen hoe UWV de brieven over de WW-uitkering duidelijker maakt."
    regeling = "WW"
    onderwerp = "brieven"
    council = factory.SubFactory(CouncilFactory)
    owner = None
    status = DossierStatus.OPEN
    visibility = Visibility.COUNCILS
    changed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def councils(self, create, extracted, **kwargs):
        if create and extracted:
            self.councils.set(extracted)


class DossierUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DossierUpdate

    dossier = factory.SubFactory(DossierFactory)
    kind = DossierUpdate.Kind.NOTE
    text = "Gesprek gehad met de afdeling klantcontact."
    author = None


class DocumentFactory(factory.django.DjangoModelFactory):
    """A document; with ``versions=n`` (default 1) it gets that many versions."""

    class Meta:
        model = DossierDocument
        skip_postgeneration_save = True

    dossier = factory.SubFactory(DossierFactory)
    title = factory.Sequence(lambda n: f"Verslag {n}")

    @factory.post_generation
    def versions(self, create, extracted, **kwargs):
        if not create:
            return
        for _ in range(1 if extracted is None else extracted):
            VersionFactory(document=self, **kwargs)


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentVersion

    document = factory.SubFactory(DocumentFactory, versions=0)
    number = factory.LazyAttribute(
        lambda o: (
            max((v.number for v in o.document.versions.all()), default=0) + 1
            if o.document.pk
            else 1
        )
    )
    file = factory.LazyAttribute(lambda o: ContentFile(o.content.encode(), name=o.original_name))
    original_name = "verslag.txt"
    size = factory.LazyAttribute(lambda o: len(o.content.encode()))
    text = factory.LazyAttribute(lambda o: o.content)
    extraction = DocumentVersion.Extraction.DONE

    class Params:
        content = SAMPLE_TEXT


class DossierLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DossierLink

    dossier = factory.SubFactory(DossierFactory)
    kind = "meeting"
    object_id = factory.Sequence(lambda n: str(n + 1))
    label = factory.Sequence(lambda n: f"Vergadering {n}")


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Follow

    dossier = factory.SubFactory(DossierFactory)
    user = factory.SubFactory("accounts.tests.factories.UserFactory")


class DigestPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DigestPreference

    user = factory.SubFactory("accounts.tests.factories.UserFactory")
    frequency = DigestPreference.Frequency.DAILY
