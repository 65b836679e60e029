from __future__ import annotations

import datetime

import factory

from accounts.tests.factories import UserFactory
from councils.models import (
    ConstituentOrganisation,
    Council,
    Membership,
    PostcodeRange,
    WorkingGroup,
    WorkingGroupMembership,
)


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Districtscliëntenraad {n}")
    slug = factory.Sequence(lambda n: f"district-{n}")
    kind = Council.Kind.DISTRICT
    email = factory.LazyAttribute(lambda o: f"{o.slug}@raadsplein.example")


class PostcodeRangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostcodeRange

    council = factory.SubFactory(CouncilFactory)
    start = 1000
    end = 1999


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    council = factory.SubFactory(CouncilFactory)
    role = Membership.Role.MEMBER
    start_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Werkgroep {n}")
    slug = factory.Sequence(lambda n: f"werkgroep-{n}")


class WorkingGroupMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroupMembership

    working_group = factory.SubFactory(WorkingGroupFactory)
    user = factory.SubFactory(UserFactory)
    start_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))


class ConstituentOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConstituentOrganisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = ConstituentOrganisation.Kind.CLIENT
