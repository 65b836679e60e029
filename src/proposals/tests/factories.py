from __future__ import annotations

import factory

from proposals.models import Plan, Proposal, ProposalEvent, ProposalStatus


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Plan van aanpak {n}")
    summary = "Betere brieven en bereikbaarheid."
    council = factory.SubFactory("councils.tests.factories.CouncilFactory")
    working_group = None


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Voorstel {n}")
    text = "Schrijf de brieven in eenvoudige taal."
    status = ProposalStatus.CONCEPT


class ProposalEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalEvent

    proposal = factory.SubFactory(ProposalFactory)
    from_status = ""
    to_status = ProposalStatus.CONCEPT


class AdviceFactory(factory.django.DjangoModelFactory):
    """An advice of one council (pass ``councils=[...]`` for others)."""

    class Meta:
        model = "proposals.Advice"
        skip_postgeneration_save = True

    kind = "unsolicited"
    title = factory.Sequence(lambda n: f"Advies {n}")
    text = "Schrijf de brieven in eenvoudige taal."
    status = "draft"

    @factory.post_generation
    def councils(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            from councils.tests.factories import CouncilFactory

            extracted = [CouncilFactory()]
        self.councils.set(extracted)
