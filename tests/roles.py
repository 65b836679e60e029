"""The roles of the permission matrix (issue 2), built with the apps' factories."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accounts.roles import ADMINISTRATORS, EDITORS, LIAISONS
from accounts.tests.factories import UserFactory, give_group, give_mfa
from councils.models import Council, Membership
from councils.tests.factories import CouncilFactory, MembershipFactory

ROLE_NAMES = [
    "visitor",
    "member",
    "member_other",
    "ex_member",
    "secretary",
    "central_member",
    "editor",
    "liaison",
    "administrator",
]


@dataclass
class Roles:
    council: Council
    other_council: Council
    central: Council
    users: dict

    def __getitem__(self, name):
        return self.users[name]


def make_roles() -> Roles:
    council = CouncilFactory(slug="noord", name="Districtscliëntenraad Noord")
    other = CouncilFactory(slug="limburg", name="Districtscliëntenraad Limburg")
    central = CouncilFactory(
        slug="centraal", name="Centrale Cliëntenraad", kind=Council.Kind.CENTRAL
    )
    users = {"visitor": None}
    users["member"] = MembershipFactory(council=council, role=Membership.Role.MEMBER).user
    users["member_other"] = MembershipFactory(council=other, role=Membership.Role.MEMBER).user
    # Sat on noord until yesterday: a logged-in person who may see what any visitor or logged-in
    # person may, and nothing that is for councils.
    today = timezone.localdate()
    users["ex_member"] = MembershipFactory(
        council=council,
        role=Membership.Role.MEMBER,
        start_date=today - datetime.timedelta(days=730),
        end_date=today - datetime.timedelta(days=1),
    ).user
    users["secretary"] = MembershipFactory(council=council, role=Membership.Role.SECRETARY).user
    users["central_member"] = MembershipFactory(council=central, role=Membership.Role.MEMBER).user
    for name, group in (
        ("editor", EDITORS),
        ("liaison", LIAISONS),
        ("administrator", ADMINISTRATORS),
    ):
        user = UserFactory()
        give_group(user, group)
        give_mfa(user)
        users[name] = user
    return Roles(council=council, other_council=other, central=central, users=users)
