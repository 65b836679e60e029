from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from accounts.tests.factories import UserFactory
from common.visibility import Role
from councils.models import Council, Membership
from councils.selectors import council_for_postcode, normalise_postcode, viewer_for
from councils.tests.factories import (
    CouncilFactory,
    MembershipFactory,
    PostcodeRangeFactory,
    WorkingGroupMembershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("1234 AB", 1234),
        ("1234ab", 1234),
        (" 9999ZZ ", 9999),
        ("1000", 1000),
        ("0123 AB", None),
        ("12345", None),
        ("", None),
        ("abcd", None),
    ],
)
def test_normalise_postcode(value, number):
    assert normalise_postcode(value) == number


def test_postcode_gives_the_district_council():
    noord = CouncilFactory(slug="noord")
    PostcodeRangeFactory(council=noord, start=8000, end=9999)
    limburg = CouncilFactory(slug="limburg")
    PostcodeRangeFactory(council=limburg, start=6000, end=6499)
    assert council_for_postcode("9711 AB") == noord
    assert council_for_postcode("8000AA") == noord
    assert council_for_postcode("6499 ZZ") == limburg
    assert council_for_postcode("5000 AA") is None
    assert council_for_postcode("onzin") is None


def test_postcode_range_must_be_valid():
    council = CouncilFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PostcodeRangeFactory(council=council, start=2000, end=1999)
    with pytest.raises(IntegrityError), transaction.atomic():
        PostcodeRangeFactory(council=council, start=999, end=1999)


def test_only_one_central_council():
    CouncilFactory(slug="c1", kind=Council.Kind.CENTRAL)
    with pytest.raises(IntegrityError), transaction.atomic():
        CouncilFactory(slug="c2", kind=Council.Kind.CENTRAL)


def test_membership_end_date_not_before_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(start_date=datetime.date(2026, 1, 2), end_date=datetime.date(2026, 1, 1))


def test_only_active_memberships_count():
    today = datetime.date.today()
    council = CouncilFactory()
    current = MembershipFactory(council=council)
    MembershipFactory(
        council=council,
        start_date=today - datetime.timedelta(days=400),
        end_date=today - datetime.timedelta(days=1),
    )
    MembershipFactory(council=council, start_date=today + datetime.timedelta(days=10))
    assert list(Membership.objects.active().filter(council=council)) == [current]


def test_a_person_can_hold_several_roles():
    district = CouncilFactory(slug="noord")
    central = CouncilFactory(slug="centraal", kind=Council.Kind.CENTRAL)
    user = UserFactory()
    MembershipFactory(user=user, council=district, role=Membership.Role.SECRETARY)
    MembershipFactory(user=user, council=central, role=Membership.Role.MEMBER)
    group = WorkingGroupMembershipFactory(user=user).working_group
    viewer = viewer_for(user)
    assert {Role.MEMBER, Role.SECRETARY, Role.CENTRAL_MEMBER} <= viewer.roles
    assert viewer.council_ids == {district.pk, central.pk}
    assert viewer.managed_council_ids == {district.pk}
    assert viewer.working_group_ids == {group.pk}


def test_demo_is_idempotent_and_covers_the_country():
    from councils.demo import load as load_councils
    from publishing.demo import load as load_pages

    load_councils()
    load_pages()
    counts = (Council.objects.count(), Membership.objects.count())
    load_councils()
    load_pages()
    assert (Council.objects.count(), Membership.objects.count()) == counts
    assert Council.objects.filter(kind=Council.Kind.DISTRICT).count() == 11
    assert Council.objects.filter(kind=Council.Kind.CENTRAL).count() == 1
    for number in range(1000, 10000, 7):
        assert council_for_postcode(f"{number} AB") is not None, number
